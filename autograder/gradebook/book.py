"""Merging the batches of every assignment into one table: per student, each assignment, late penalties,
overrides (with why and who), and the total.

The graded results stay the source of truth: the gradebook only reads OUT/<student>/results.json (through the
reporting package's `load_results`, like every page) and the instructor's overrides, and can be rebuilt at
any time. A student with no submission for an assignment scores 0 for it in the total, and is shown as
missing, never hidden.

One row per student, never two: with a roster (autograder/roster.py) every roster student has a row and each
result joins the row its door's ids name (a Canvas user id, a SID, an e-mail, a login), so a student graded through
Canvas for one assignment and Gradescope for the next is one row; without one, results that share an id join.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import Message
from ..errors import KitError
from ..reporting._common import load_results
from ..roster import door_ids, norm
from .overrides import Override

ATTENTION_SHARE = 0.5  # a total under half the points: the student is flagged


@dataclass
class Column:
    """One assignment of the gradebook."""

    id: str
    title: str
    max_points: float
    canvas_id: int | None
    out_dir: Path


@dataclass
class Cell:
    """One student's result for one assignment."""

    status: str  # "graded" | "error" | "missing"
    graded: float | None = None  # the score the batch gave (after any late penalty)
    on_time: float | None = None  # the score before the late penalty, when one applied
    days_late: int | None = None
    override: Override | None = None
    feedback: Path | None = None  # the student's feedback page, when it exists
    source: str = ""  # the result's OUT folder name

    @property
    def late_penalty(self) -> float:
        if self.on_time is None or self.graded is None:
            return 0.0
        return max(0.0, self.on_time - self.graded)

    @property
    def final(self) -> float | None:
        """The score that counts: an override replaces the graded score (penalties included)."""
        if self.override is not None:
            return self.override.score
        return self.graded if self.status == "graded" else (0.0 if self.status == "error" else None)


@dataclass
class Row:
    """One student: who they are, and one cell per assignment."""

    student: str  # the roster's key, or without one (or for a student it lacks) the batch's id
    name: str
    lms: dict = field(default_factory=dict)  # what the exports said of the student (Canvas user id, e-mail…)
    cells: dict = field(default_factory=dict)  # assignment id -> Cell
    person: object = None  # roster.Person, when the roster knows the student
    ids: list = field(default_factory=list)  # every id the row is known by (its results' and its roster row's)

    def total(self) -> float:
        return sum(cell.final or 0.0 for cell in self.cells.values())

    def missing(self) -> list[str]:
        return [aid for aid, cell in self.cells.items() if cell.status == "missing" and cell.override is None]

    @property
    def anonymous(self) -> bool:
        """Only known by Canvas's anonymous id: no import can place the grade until Canvas lifts the anonymity."""
        return self.person is None and bool(self.lms.get("canvas_anonymous_id"))

    def field(self, column: str) -> str:
        """What the roster says (empty without one)."""
        return self.person.get(column) if self.person is not None else ""


@dataclass
class Gradebook:
    columns: list
    rows: list
    max_total: float
    warnings: list = field(default_factory=list)  # catalogue Messages
    roster: object = None  # the roster.Roster the rows were joined through, or None

    def share(self, row: Row) -> float | None:
        return row.total() / self.max_total if self.max_total else None

    def attention(self, row: Row) -> bool:
        share = self.share(row)
        return bool(row.missing()) or (share is not None and share < ATTENTION_SHARE)

    def trend(self, row: Row) -> float | None:
        """Change in percent of the points from the first assignment handed in to the last (None with fewer than
        two)."""
        shares = [
            row.cells[c.id].final / c.max_points
            for c in self.columns
            if row.cells[c.id].status != "missing" and row.cells[c.id].final is not None and c.max_points
        ]
        return 100.0 * (shares[-1] - shares[0]) if len(shares) >= 2 else None

    def ordered(self) -> list:
        """Lowest total first (who is struggling comes first), then by name."""
        return sorted(self.rows, key=lambda r: (r.total(), r.name.lower(), r.student))


def _assignment_of(out_dir: Path, subs: list) -> str:
    ids = Counter(s.assignment for s in subs if s.assignment)
    if not ids:
        raise KitError(f"{out_dir}: no graded results.json here (run `autograder batch` into this folder first)")
    if len(ids) > 1:
        raise KitError(f"{out_dir}: results of several assignments ({', '.join(sorted(ids))}): keep one per folder")
    return next(iter(ids))


def _name(row: Row) -> str:
    return (row.person.name if row.person is not None else "") or str(row.lms.get("name") or "") or row.student


class _Joiner:
    """Which row each result belongs to: through the roster (the key the batch recorded, else the ids the result's
    door gave), or without one by the ids results share (the same folder name, Canvas user id, SID or e-mail)."""

    def __init__(self, roster):
        self.roster = roster
        self.parent: dict = {}  # union-find over results' ids, without a roster

    @staticmethod
    def ids_of(sub, aid: str) -> list[str]:
        """The ids a result is known by, strongest first. A Canvas download's folder name is a sortable name (two
        students may share it) and an anonymous id lives for one assignment: neither joins anything."""
        batch = sub.results.kit_data.batch
        layout = batch.layout if batch is not None else None
        ids = door_ids(layout, sub.lms, (batch.id_as_found if batch is not None else None) or sub.dir_name)
        if layout != "canvas":
            ids.append(sub.dir_name)
        return ids or [f"{aid}/{sub.dir_name}"]

    def person_of(self, sub, aid: str):
        batch = sub.results.kit_data.batch
        recorded = self.roster.people.get(batch.roster) if batch is not None and batch.roster else None
        return recorded or self.roster.find_first(self.ids_of(sub, aid))

    def _root(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def link(self, ids: list[str]) -> None:
        keys = [f"id:{norm(i)}" for i in ids]
        for key in keys[1:]:
            self.parent[self._root(key)] = self._root(keys[0])

    def group(self, ids: list[str]) -> str:
        return self._root(f"id:{norm(ids[0])}")


def build_gradebook(out_dirs: list, course, overrides: list | None = None, roster=None) -> Gradebook:
    """The gradebook of the batches in `out_dirs` (one per assignment, in course.yml's order), one row per student:
    per roster student (course.yml's roster, or `roster`), whatever they handed in, and per result it does not know.

    An override may name its student by any of their ids; one that names nobody is refused."""
    roster = roster if roster is not None else getattr(course, "roster", None)
    if roster is not None:
        from ..course import check_identities, with_roster

        check_identities(with_roster(course, roster))
    loaded = []
    for out_dir in map(Path, out_dirs):
        subs, unreadable = load_results(out_dir)
        aid = _assignment_of(out_dir, subs)
        assignment = course.assignment(aid)
        loaded.append((assignment, out_dir, subs, unreadable))
    seen: dict[str, Path] = {}
    for assignment, out_dir, _subs, _unreadable in loaded:
        if assignment.id in seen:
            raise KitError(f"{assignment.id} is graded in two folders ({seen[assignment.id]} and {out_dir}): give one")
        seen[assignment.id] = out_dir
    order = list(course.assignments)
    loaded.sort(key=lambda item: order.index(item[0].id))
    columns = [Column(a.id, a.title, a.total_points, a.canvas_id, out_dir) for a, out_dir, _, _ in loaded]

    joiner = _Joiner(roster)
    if roster is None:
        for _assignment, _out_dir, subs, _unreadable in loaded:
            for sub in subs:
                joiner.link(joiner.ids_of(sub, _assignment.id))
    rows: dict[str, Row] = {}
    if roster is not None:
        for person in roster:
            rows[person.key] = Row(person.key, person.key, person=person, ids=person.id_values())
    warnings: list = []
    for assignment, out_dir, subs, unreadable in loaded:
        for name in unreadable:
            warnings.append(Message("gradebook:unreadable", folder=out_dir.name, student=name))
        for sub in subs:
            ids = joiner.ids_of(sub, assignment.id)
            person = joiner.person_of(sub, assignment.id) if roster is not None else None
            if person is not None:
                row = rows[person.key]
            else:
                key = sub.dir_name if roster is not None else joiner.group(ids)
                row = rows.setdefault(key, Row(sub.dir_name, sub.dir_name))
            row.ids += [i for i in ids if i not in row.ids]
            if assignment.id in row.cells:  # two results of one assignment name one student
                warnings.append(
                    Message(
                        "gradebook:twice",
                        assignment=assignment.id,
                        student=row.student,
                        first=row.cells[assignment.id].source,
                        second=sub.dir_name,
                    )
                )
                continue
            row.lms.update(sub.lms)
            page = out_dir / sub.dir_name / "feedback.html"
            late = sub.late or {}
            row.cells[assignment.id] = Cell(
                status=sub.status,
                graded=sub.score if sub.score is not None else 0.0,
                on_time=float(late["score_on_time"]) if "score_on_time" in late else None,
                days_late=int(late["days_late"]) if "days_late" in late else None,
                feedback=page if page.is_file() else None,
                source=sub.dir_name,
            )
    for row in rows.values():
        for column in columns:
            row.cells.setdefault(column.id, Cell(status="missing"))
        row.name = _name(row)
    unknown = sorted(r.student for r in rows.values() if roster is not None and r.person is None)
    if unknown:
        warnings.append(
            Message("gradebook:not_in_roster", count=len(unknown), roster=roster.source, students=", ".join(unknown))
        )

    for override in overrides or []:
        if override.assignment not in seen:
            raise KitError(
                f"override for {override.student}: assignment {override.assignment!r} is not in this "
                f"gradebook (it has: {', '.join(c.id for c in columns)})"
            )
        row = _row_named(rows, override.student, roster)
        if row is None:
            raise KitError(
                f"override of {override.assignment}: no student {override.student!r} in the batches or the roster"
            )
        most = next(c.max_points for c in columns if c.id == override.assignment)
        if override.score > most:
            raise KitError(
                f"override of {override.assignment} for {override.student}: {override.score:g} is more "
                f"than the {most:g} points the assignment is worth"
            )
        row.cells[override.assignment].override = override
    return Gradebook(columns, list(rows.values()), sum(c.max_points for c in columns), warnings, roster)


def _row_named(rows: dict, student: str, roster) -> Row | None:
    """The row `student` names: its key, any id of its roster student, or any id its results were known by."""
    if student in rows:
        return rows[student]
    person = roster.find(student) if roster is not None else None
    if person is not None:
        return rows.get(person.key)
    wanted = norm(student)
    named = [row for row in rows.values() if wanted in {norm(i) for i in row.ids}]
    return named[0] if len(named) == 1 else None


def relative_link(target: Path | None, start: Path) -> str | None:
    """`target` as a relative link from a page written in `start` (None when there is no page)."""
    if target is None:
        return None
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


__all__ = ["Gradebook", "Column", "Cell", "Row", "build_gradebook", "relative_link", "ATTENTION_SHARE"]
