"""Merging the batches of every assignment into one table: per student, each assignment, late penalties,
overrides (with why and who), and the total.

The graded results stay the source of truth: the gradebook only reads OUT/<student>/results.json (through the
reporting package's `load_results`, like every page) and the instructor's overrides, and can be rebuilt at
any time. A student with no submission for an assignment scores 0 for it in the total, and is shown as
missing, never hidden.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError
from ..reporting._common import load_results
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

    student: str
    name: str
    lms: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)  # assignment id -> Cell

    def total(self) -> float:
        return sum(cell.final or 0.0 for cell in self.cells.values())

    def missing(self) -> list[str]:
        return [aid for aid, cell in self.cells.items() if cell.status == "missing" and cell.override is None]


@dataclass
class Gradebook:
    columns: list
    rows: list
    max_total: float
    warnings: list = field(default_factory=list)

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


def _name(student: str, lms: dict, roster: dict) -> str:
    return (
        roster.get("name")
        or " ".join(x for x in (roster.get("first_name"), roster.get("last_name")) if x)
        or str(lms.get("name") or "")
        or student
    )


def build_gradebook(out_dirs: list, course, overrides: list | None = None, roster: dict | None = None) -> Gradebook:
    """The gradebook of the batches in `out_dirs` (one per assignment, in course.yml's order)."""
    roster = roster or {}
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

    rows: dict[str, Row] = {}
    warnings = []
    for assignment, out_dir, subs, unreadable in loaded:
        for name in unreadable:
            warnings.append(f"{out_dir.name}/{name}/results.json is unreadable: counted as missing")
        for sub in subs:
            row = rows.setdefault(sub.dir_name, Row(sub.dir_name, sub.dir_name))
            row.lms.update(sub.lms)
            page = out_dir / sub.dir_name / "feedback.html"
            late = sub.late or {}
            row.cells[assignment.id] = Cell(
                status=sub.status,
                graded=sub.score if sub.score is not None else 0.0,
                on_time=float(late["score_on_time"]) if "score_on_time" in late else None,
                days_late=int(late["days_late"]) if "days_late" in late else None,
                feedback=page if page.is_file() else None,
            )
    for student in roster:
        rows.setdefault(student, Row(student, student))
    for row in rows.values():
        for column in columns:
            row.cells.setdefault(column.id, Cell(status="missing"))
        row.name = _name(row.student, row.lms, roster.get(row.student, {}))

    for override in overrides or []:
        if override.assignment not in seen:
            raise KitError(
                f"override for {override.student}: assignment {override.assignment!r} is not in this "
                f"gradebook (it has: {', '.join(c.id for c in columns)})"
            )
        if override.student not in rows:
            raise KitError(
                f"override of {override.assignment}: no student {override.student!r} in the batches or the roster"
            )
        most = next(c.max_points for c in columns if c.id == override.assignment)
        if override.score > most:
            raise KitError(
                f"override of {override.assignment} for {override.student}: {override.score:g} is more "
                f"than the {most:g} points the assignment is worth"
            )
        rows[override.student].cells[override.assignment].override = override
    return Gradebook(columns, list(rows.values()), sum(c.max_points for c in columns), warnings)


def relative_link(target: Path | None, start: Path) -> str | None:
    """`target` as a relative link from a page written in `start` (None when there is no page)."""
    if target is None:
        return None
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


__all__ = ["Gradebook", "Column", "Cell", "Row", "build_gradebook", "relative_link", "ATTENTION_SHARE"]
