"""The gradebook as files: the kit's own gradebook.csv, and the grade-import CSVs of Canvas and Moodle.

Canvas ("Grades > Import"): the columns of Canvas's own gradebook export, `Student, ID, SIS User ID, SIS Login
ID, Section`, then one column per assignment named `<title> (<Canvas assignment id>)` (without an id, Canvas
matches the column by its exact title, or creates a new assignment), and a second row `Points Possible` giving each
assignment's points. Canvas's importer (canvas-lms GradebookImporter) finds each student by ID (its user id), else
the SIS User ID, else the SIS Login ID, else by name; so those ids come from the roster or from a Canvas download,
a student with none of them is reported (Canvas would go by the name, and two students may share one), and so is
an assignment without `canvas_id`. A row known only by Canvas's anonymous id is left out: nobody could place it.

Moodle ("Grades > Import > CSV file"): the columns of Moodle's own grade export, `First name, Last name, ID
number, Institution, Department, Email address`, then one column per assignment; on import, map "Email address"
to the user's e-mail (or "ID number" to the ID number) and each assignment column to its grade item.

Scores are the final ones (overrides and late penalties applied). A missing submission is left blank, so the
LMS keeps what it has (an excused student stays excused). Every text cell is neutralised against spreadsheet
formulas: names come from students.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from ..batch.grades import neutralise, number
from ..catalogue import Message
from .book import Gradebook, Row

CANVAS_STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "Points Possible"
MOODLE_USER_COLUMNS = ("First name", "Last name", "ID number", "Institution", "Department", "Email address")


def _csv(rows: list) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as both LMSs read it
    for row in rows:
        writer.writerow([neutralise(cell) if isinstance(cell, str) else number(cell) for cell in row])
    return buffer.getvalue()


def _final(row: Row, aid: str):
    cell = row.cells[aid]
    return None if cell.status == "missing" and cell.override is None else cell.final


def canvas_header(book: Gradebook) -> list[str]:
    return [*CANVAS_STUDENT_COLUMNS, *(f"{c.title} ({c.canvas_id})" if c.canvas_id else c.title for c in book.columns)]


@dataclass
class Joins:
    """Who an LMS could not place: rows with no id it matches (it would fall back to the name), names several of
    them share (it would give both grades to one student), anonymous rows (left out of the file)."""

    unmatched: list = field(default_factory=list)
    shared_names: list = field(default_factory=list)
    anonymous: list = field(default_factory=list)


def _shared(rows: list, unmatched: list) -> list:
    names = Counter(r.name.casefold() for r in rows)
    return sorted({r.name for r in rows if r.student in unmatched and names[r.name.casefold()] > 1})


def canvas_id_of(row: Row) -> str:
    """The Canvas user id: the roster's, else the one a Canvas download gave."""
    return row.field("canvas_id") or str(row.lms.get("canvas_user_id") or "")


def canvas_csv(book: Gradebook) -> tuple[str, Joins]:
    """The Canvas import file (one row per student, matched by Canvas user id wherever any source knows it), and
    who Canvas could not place."""
    rows = [canvas_header(book), [CANVAS_POINTS_ROW, "", "", "", "", *(c.max_points for c in book.columns)]]
    joins = Joins()
    placed = []
    for row in sorted(book.rows, key=lambda r: (r.name.lower(), r.student)):
        if row.anonymous:
            joins.anonymous.append(row.student)
            continue
        canvas_id = canvas_id_of(row)
        sis_user, sis_login = row.field("sis_user_id"), row.field("sis_login_id")
        if not (canvas_id or sis_user or sis_login):
            joins.unmatched.append(row.student)
        placed.append(row)
        rows.append(
            [
                row.name,
                canvas_id,
                sis_user,
                sis_login,
                row.field("section"),
                *(_final(row, c.id) for c in book.columns),
            ]
        )
    joins.shared_names = _shared(placed, joins.unmatched)
    return _csv(rows), joins


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def moodle_header(book: Gradebook) -> list[str]:
    return [*MOODLE_USER_COLUMNS, *(c.title for c in book.columns)]


def moodle_csv(book: Gradebook) -> tuple[str, Joins]:
    """The Moodle import file, and who Moodle could not place (no e-mail nor ID number)."""
    rows = [moodle_header(book)]
    joins = Joins()
    placed = []
    for row in sorted(book.rows, key=lambda r: (r.name.lower(), r.student)):
        if row.anonymous:
            joins.anonymous.append(row.student)
            continue
        first, last = row.field("first_name"), row.field("last_name")
        if not (first or last):
            first, last = _split_name(row.name)
        email = row.field("email") or str(row.lms.get("email") or "") or (row.student if "@" in row.student else "")
        id_number = row.field("id_number") or str(row.lms.get("sid") or "")
        if not (email or id_number):
            joins.unmatched.append(row.student)
        placed.append(row)
        rows.append([first or "", last or "", id_number, "", "", email, *(_final(row, c.id) for c in book.columns)])
    joins.shared_names = _shared(placed, joins.unmatched)
    return _csv(rows), joins


def import_warnings(book: Gradebook, canvas: Joins, moodle: Joins) -> list:
    """What to fix before importing, as catalogue Messages: assignments without canvas_id (Canvas then matches the
    column by its exact title only), and the students each LMS could not place."""
    from ..batch.identities import shown

    warnings = []
    untitled = [c.id for c in book.columns if not c.canvas_id]
    if untitled:
        warnings.append(Message("gradebook:no_canvas_id", assignments=", ".join(untitled)))
    for lms, joins, ids in (
        ("Canvas", canvas, "canvas_id, sis_user_id, sis_login_id"),
        ("Moodle", moodle, "email, id_number"),
    ):
        if joins.unmatched:
            warnings.append(
                Message(
                    "gradebook:unmatched", lms=lms, count=len(joins.unmatched), students=shown(joins.unmatched), ids=ids
                )
            )
        if joins.shared_names:
            warnings.append(Message("gradebook:shared_name", lms=lms, names=shown(joins.shared_names)))
    if canvas.anonymous:
        warnings.append(Message("gradebook:anonymous", count=len(canvas.anonymous), students=shown(canvas.anonymous)))
    return warnings


def gradebook_csv(book: Gradebook) -> str:
    """The whole table: per assignment the graded score, the late penalty, the override and the final score."""
    header = ["student", "name"]
    for c in book.columns:
        header += [
            f"{c.id} graded",
            f"{c.id} late penalty",
            f"{c.id} override",
            f"{c.id} override reason",
            f"{c.id} override by",
            f"{c.id} final",
        ]
    header += ["total", "max", "percent"]
    rows = [header]
    for row in book.ordered():
        cells: list = [row.student, row.name]
        for c in book.columns:
            cell = row.cells[c.id]
            cells += [
                "missing" if cell.status == "missing" else cell.graded,
                cell.late_penalty or None,
                cell.override.score if cell.override else None,
                cell.override.reason if cell.override else "",
                cell.override.by if cell.override else "",
                _final(row, c.id),
            ]
        share = book.share(row)
        cells += [row.total(), book.max_total, None if share is None else round(100 * share, 1)]
        rows.append(cells)
    return _csv(rows)


__all__ = [
    "canvas_csv",
    "moodle_csv",
    "gradebook_csv",
    "canvas_header",
    "moodle_header",
    "CANVAS_STUDENT_COLUMNS",
    "MOODLE_USER_COLUMNS",
    "CANVAS_POINTS_ROW",
]
