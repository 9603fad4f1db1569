"""Who the students are: one row per student, holding every id a door knows that student by.

Each door names a student its own way: a Canvas download by the Canvas user id (beside a sortable name that two
students may share), a Gradescope export by the student id (SID) and e-mail, the Gradescope autograder by e-mail,
nbgrader by its login, GitHub Classroom by the GitHub login. The roster joins them, so that anything naming a
student (an extension in course.yml, a row of times.csv, an override) may use any of that student's ids, and the
gradebook puts every door's grade on one row.

The roster is a CSV the instructor keeps, with any of the columns in COLUMNS (at least one id per row), or
Canvas's own gradebook export (its `Student, ID, SIS User ID, SIS Login ID, Section` columns are read, the rest is
left alone). An id names one student only: a value found in two rows, in any columns, is refused, because a lookup
by that value could give one student's extension or grade to another. Ids are compared without case and
surrounding spaces (e-mail addresses and logins are written either way).

Low in the kit's layers (it reads a file, nothing else): course.py, the batch and the gradebook all use it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import ByLanguage, Message
from .errors import KitError

# Every id a door knows a student by, in the order the row's own key is taken from when `student` is not given.
ID_COLUMNS = (
    "student",  # the kit's own key (a batch's OUT/<student>/ folder name, or any id the instructor prefers)
    "sis_login_id",
    "nbgrader_id",
    "github",
    "email",
    "gradescope_sid",
    "sis_user_id",
    "id_number",  # Moodle's ID number
    "canvas_id",  # Canvas's user id (its gradebook export's ID column)
)
OTHER_COLUMNS = ("name", "first_name", "last_name", "section")
COLUMNS = (*ID_COLUMNS, *OTHER_COLUMNS)
# Canvas's gradebook export (lib/gradebook_exporter.rb): the columns it writes before the assignments.
CANVAS_EXPORT = {
    "Student": "name",
    "ID": "canvas_id",
    "SIS User ID": "sis_user_id",
    "SIS Login ID": "sis_login_id",
    "Section": "section",
}
CANVAS_EXTRA = ("Integration ID", "Root Account")
MAX_BYTES = 16 << 20


def norm(value) -> str:
    """An id as compared: no surrounding spaces, any case."""
    return str(value).strip().casefold()


@dataclass(frozen=True)
class Person:
    """One student: the row's key and what the roster says of them (empty values left out)."""

    key: str
    fields: dict = field(default_factory=dict)
    line: int = 0

    def ids(self) -> list[tuple[str, str]]:
        """(column, value) of every id the row holds, the key first."""
        found = [("student", self.key)]
        found += [(c, self.fields[c]) for c in ID_COLUMNS if c != "student" and self.fields.get(c)]
        return found

    def id_values(self) -> list[str]:
        return [value for _column, value in self.ids()]

    def get(self, column: str, default: str = "") -> str:
        return self.key if column == "student" else self.fields.get(column, default)

    @property
    def name(self) -> str:
        return self.fields.get("name") or " ".join(
            x for x in (self.fields.get("first_name"), self.fields.get("last_name")) if x
        )


@dataclass
class Roster:
    """The students, by key, and every id of theirs to its row."""

    people: dict = field(default_factory=dict)  # key -> Person
    index: dict = field(default_factory=dict)  # norm(id) -> key
    source: str = ""  # the file's name, for messages

    def find(self, value) -> Person | None:
        """The student `value` names (any of their ids), or None."""
        if value is None or not str(value).strip():
            return None
        key = self.index.get(norm(value))
        return None if key is None else self.people[key]

    def find_first(self, values) -> Person | None:
        """The student the first of `values` that names anyone names."""
        for value in values:
            person = self.find(value)
            if person is not None:
                return person
        return None

    def __len__(self) -> int:
        return len(self.people)

    def __iter__(self):
        return iter(self.people.values())

    def __contains__(self, key) -> bool:
        return key in self.people


def door_ids(layout: str | None, lms: dict | None, raw_id: str | None) -> list[str]:
    """The ids a door gave a student, strongest first, that a roster may hold: never a name (two students may share
    one), never an anonymous id (it names nobody in a roster).

    canvas: the Canvas user id; gradescope: the SID, then the e-mail; nbgrader and plain folders or files: the id as
    found (nbgrader's login, the folder or file name)."""
    lms = lms or {}
    if lms.get("canvas_anonymous_id"):
        return []
    if layout == "canvas":
        return [str(lms["canvas_user_id"])] if lms.get("canvas_user_id") else []
    ids = [str(lms[k]) for k in ("canvas_user_id", "sid", "email") if lms.get(k)]
    if layout != "gradescope" and raw_id:
        ids.append(str(raw_id))
    return ids


def joined(messages) -> ByLanguage:
    """Several catalogue messages as one text, "; " between them, in every language (a KitError is one line)."""
    from .catalogue import languages

    return ByLanguage({lang: "; ".join(m.render(lang) for m in messages) for lang in languages()})


def load_roster(path: Path | str) -> Roster:
    """The roster in `path`: the kit's CSV (columns of COLUMNS) or Canvas's gradebook export; a KitError names the
    line and what is wrong."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise KitError(Message("roster:too_large", file=path.name, limit=MAX_BYTES >> 20))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(Message("roster:unreadable", file=path.name, reason=str(exc)[:160])) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise KitError(Message("roster:no_header", file=path.name, known=", ".join(COLUMNS)))
    header = [h.strip() for h in rows[0]]
    if len(header) > 1 and header[0] == "Student" and header[1] == "ID":
        columns = _canvas_columns(header, path)
        canvas = True
    else:
        unknown = [h for h in header if h and h not in COLUMNS]
        if unknown:
            raise KitError(
                Message("roster:unknown_column", file=path.name, column=unknown[0], known=", ".join(COLUMNS))
            )
        if not any(h in ID_COLUMNS for h in header):
            raise KitError(Message("roster:no_header", file=path.name, known=", ".join(COLUMNS)))
        columns = {i: h for i, h in enumerate(header) if h}
        canvas = False
    roster = Roster(source=path.name)
    first_seen: dict = {}  # norm(id) -> (line, column)
    for line, cells in enumerate(rows[1:], start=2):
        values = {columns[i]: cell.strip() for i, cell in enumerate(cells) if i in columns and cell.strip()}
        if not values:
            continue
        if canvas and "Points Possible" in values.get("name", ""):  # Canvas's second row: no student
            continue
        ids = {c: v for c, v in values.items() if c in ID_COLUMNS}
        key = next((ids[c] for c in ID_COLUMNS if ids.get(c)), None)
        if key is None:
            raise KitError(Message("roster:no_id", file=path.name, line=line, known=", ".join(ID_COLUMNS)))
        if key in roster.people:
            raise KitError(Message("roster:twice", file=path.name, line=line, student=key))
        person = Person(key, {c: v for c, v in values.items() if c != "student"}, line)
        for column, value in person.ids():
            seen = first_seen.get(norm(value))
            if seen is not None and seen[0] != line:
                raise KitError(
                    Message(
                        "roster:id_twice",
                        file=path.name,
                        line=line,
                        column=column,
                        value=value,
                        first_line=seen[0],
                        first_column=seen[1],
                    )
                )
            first_seen.setdefault(norm(value), (line, column))
            roster.index[norm(value)] = key
        roster.people[key] = person
    return roster


def _canvas_columns(header: list[str], path: Path) -> dict:
    """Canvas's export: the student columns it has (SIS User ID and the others appear only on request)."""
    columns = {}
    for index, title in enumerate(header):
        if title in CANVAS_EXPORT:
            columns[index] = CANVAS_EXPORT[title]
        if title == "Section":  # the assignments and totals follow
            break
    if "canvas_id" not in columns.values():
        raise KitError(Message("roster:no_header", file=path.name, known=", ".join(COLUMNS)))
    return columns


__all__ = ["Roster", "Person", "load_roster", "door_ids", "norm", "joined", "COLUMNS", "ID_COLUMNS"]
