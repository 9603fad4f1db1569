"""`batch --submitted-at-from SOURCE`: each student's submission time, from a record the instructor trusts.

The late policy needs a time that the student could not write. SOURCE is one of
- `nbgrader`: the `timestamp.txt` nbgrader's exchange writes beside each collected submission;
- `gradescope`: `:created_at:` of each submission in the export's `submission_metadata.yml`;
- a CSV file of `student,time` rows (a header row is allowed), e.g. from an LMS or a sign-in sheet (`autograder
  canvas-times` writes one from Canvas's submissions); a row may name the student by any of their ids (their
  Canvas user id, e-mail, SID, login: any id of their roster row, or without a roster any id their export gives);
- `mtime`: the files' modification times, only when asked (a copy or an unzip resets them).
A time without a UTC offset is read in course.yml's `timezone`. A student with no time is graded without a
late penalty and named in a warning; a broken CSV row is an error naming its line (the instructor's own file).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from ..catalogue import Message, say
from ..errors import KitError
from ..grading.late import read_time
from .layouts import GRADESCOPE_METADATA, Entry, _field, _TolerantLoader

NAMED_SOURCES = ("nbgrader", "gradescope", "mtime")
NBGRADER_TIMESTAMP = "timestamp.txt"
MAX_CSV_BYTES = 16 * 1024 * 1024


@dataclass
class SubmittedTimes:
    """student -> trusted time; what could not be read, as catalogue messages for the batch's warnings."""

    source: str
    times: dict = field(default_factory=dict)
    missing: list = field(default_factory=list)  # students with no time in the source
    problems: list = field(default_factory=list)  # Messages: unreadable records, unknown students

    def warnings(self, lang: str) -> list[str]:
        lines = [m.render(lang) for m in self.problems]
        if self.missing:
            shown = ", ".join(self.missing[:10]) + (" …" if len(self.missing) > 10 else "")
            lines.append(say("batch:late_no_time", lang, count=len(self.missing), source=self.source, students=shown))
        return lines


def read_submitted_times(
    source: str,
    entries: list[Entry],
    submissions: Path,
    zone: str | None,
    unpacked: Path | None = None,
    identities=None,
) -> SubmittedTimes:
    """The time of every entry that has a file, from `source` (see the module docstring).

    `identities` (batch/identities.py): who each entry is, so a CSV row may name a student by any of their ids."""
    found = SubmittedTimes(source)
    gradable = [e for e in entries if e.path is not None]
    if source == "nbgrader":
        for entry in gradable:
            _put(found, entry, _nbgrader_time(entry, submissions, zone, found))
    elif source == "gradescope":
        cache: dict = {}
        for entry in gradable:
            _put(found, entry, _gradescope_time(entry, submissions, zone, found, cache))
    elif source == "mtime":
        for entry in gradable:
            if unpacked is not None and _inside(entry.path, unpacked):
                found.problems.append(Message("batch:late_mtime_unpacked", student=entry.student))
                found.missing.append(entry.student)
                continue
            _put(found, entry, datetime.fromtimestamp(entry.path.stat().st_mtime, timezone.utc))
    else:
        path = Path(source)
        if path.suffix.lower() != ".csv" or not path.is_file():
            raise KitError(Message("error:submitted_at_source", source=source, named=", ".join(NAMED_SOURCES)))
        table = read_times_csv(path, zone)
        for student, moment in _times_by_entry(table, path.name, entries, identities).items():
            found.times[student] = moment
        for entry in gradable:
            if entry.student not in found.times:
                found.missing.append(entry.student)
        found.problems.extend(_unclaimed(table, path.name, entries, identities))
    return found


def _times_by_entry(table: dict, file_name: str, entries: list[Entry], identities) -> dict:
    """entry.student -> its time: each row's id matched to the entries it names (by any of their ids, through the
    roster when there is one). Two rows for one student, or a row naming two students without a roster to tell, are
    errors: the instructor's own file must say one thing of each student."""
    from .identities import identify

    identities = identities if identities is not None else identify(entries)
    claimed: dict = {}
    for key, moment in table.items():
        students = identities.students_named(key)
        if identities.roster is None and len(students) > 1:
            raise KitError(Message("batch:time_ambiguous", file=file_name, id=key, students=", ".join(students)))
        for student in students:
            if student in claimed and claimed[student][0] != key:
                raise KitError(
                    Message("batch:time_twice", file=file_name, first=claimed[student][0], second=key, student=student)
                )
            claimed[student] = (key, moment)
    return {student: moment for student, (_key, moment) in claimed.items()}


def _unclaimed(table: dict, file_name: str, entries: list[Entry], identities) -> list:
    """Rows naming no student of the batch: with a roster, an id of nobody is an error (a misspelt id); a roster
    student without a submission here is no news. Without one, they are said in one line."""
    from ..roster import joined
    from .identities import identify, shown

    identities = identities if identities is not None else identify(entries)
    unclaimed = [key for key in table if not identities.students_named(key)]
    roster = identities.roster
    if roster is not None:
        nobody = [Message("roster:time_unknown", file=file_name, id=k, roster=roster.source) for k in unclaimed]
        nobody = [m for m, k in zip(nobody, unclaimed) if roster.find(k) is None]
        if nobody:
            raise KitError(Message("roster:problems", count=len(nobody), problems=joined(nobody)))
        return []
    if not unclaimed:
        return []
    return [Message("batch:late_csv_unknown", count=len(unclaimed), file=file_name, students=shown(unclaimed))]


def _put(found: SubmittedTimes, entry: Entry, moment: datetime | None) -> None:
    if moment is None:
        found.missing.append(entry.student)
    else:
        found.times[entry.student] = moment


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _ancestors(entry: Entry, submissions: Path) -> list[Path]:
    """The folders from the file's own up to the submissions folder (or its unpacked copy), nearest first."""
    out = []
    for folder in entry.path.parents:
        out.append(folder)
        if folder == submissions or folder.name in (".unpacked",) or len(out) > 6:
            break
    return out


def _nbgrader_time(entry: Entry, submissions: Path, zone: str | None, found: SubmittedTimes) -> datetime | None:
    for folder in _ancestors(entry, submissions):
        stamp = folder / NBGRADER_TIMESTAMP
        if stamp.is_file():
            try:
                text = stamp.read_text(encoding="utf-8").strip()[:200]
                return read_time(text, zone, f"{entry.student}/{NBGRADER_TIMESTAMP}")
            except (OSError, UnicodeDecodeError) as exc:
                found.problems.append(Message("batch:late_unreadable", student=entry.student, reason=str(exc)[:120]))
                return None
            except KitError as exc:
                found.problems.append(Message("batch:late_unreadable", student=entry.student, reason=exc.message))
                return None
    return None


def _gradescope_time(
    entry: Entry, submissions: Path, zone: str | None, found: SubmittedTimes, cache: dict
) -> datetime | None:
    for folder in _ancestors(entry, submissions):
        meta_path = folder.parent / GRADESCOPE_METADATA
        if not meta_path.is_file():
            continue
        if meta_path not in cache:
            try:
                cache[meta_path] = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                cache[meta_path] = None
        meta = cache[meta_path]
        info = meta.get(folder.name) if isinstance(meta, dict) else None
        created = _field(info, "created_at")
        if created is None:
            return None
        try:
            return read_time(created, zone, f"{GRADESCOPE_METADATA} {folder.name} created_at")
        except KitError as exc:
            found.problems.append(Message("batch:late_unreadable", student=entry.student, reason=exc.message))
            return None
    return None


def read_times_csv(path: Path, zone: str | None) -> dict:
    """student -> time from a CSV of student,time rows; a header row (student,time) may come first."""
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise KitError(Message("error:times_csv_large", file=path.name, limit=MAX_CSV_BYTES >> 20))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(Message("error:times_csv_unreadable", file=path.name, reason=str(exc)[:160])) from None
    table: dict = {}
    for number, row in enumerate(csv.reader(text.splitlines()), 1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in ("student", "id", "student_id") and len(cells) >= 2:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise KitError(Message("error:times_csv_row", file=path.name, line=number))
        if cells[0] in table:
            raise KitError(Message("error:times_csv_twice", file=path.name, line=number, student=cells[0]))
        table[cells[0]] = read_time(cells[1], zone, f"{path.name} line {number}")
    return table


__all__ = ["SubmittedTimes", "read_submitted_times", "read_times_csv", "NAMED_SOURCES"]
