"""The gradebook as files: the kit's own gradebook.csv, and the grade-import CSVs of Canvas and Moodle.

Canvas ("Grades > Import"): the columns of Canvas's own gradebook export, `Student, ID, SIS User ID, SIS Login
ID, Section`, then one column per assignment named `<title> (<Canvas assignment id>)` (without an id, Canvas
creates a new assignment on import), and a second row `Points Possible` giving each assignment's points.
Canvas matches students by ID (its user id) or the SIS ids, so those come from the roster or from a Canvas
download; a student with none of them is reported, because Canvas could not place their grade.

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

from ..batch.grades import neutralise, number
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


def canvas_csv(book: Gradebook, roster: dict | None = None) -> tuple[str, list[str]]:
    """The Canvas import file, and the students Canvas could not match (no Canvas or SIS id)."""
    roster = roster or {}
    rows = [canvas_header(book), [CANVAS_POINTS_ROW, "", "", "", "", *(c.max_points for c in book.columns)]]
    unmatched = []
    for row in sorted(book.rows, key=lambda r: (r.name.lower(), r.student)):
        known = roster.get(row.student, {})
        canvas_id = known.get("canvas_id") or str(row.lms.get("canvas_user_id") or "")
        sis_user, sis_login = known.get("sis_user_id", ""), known.get("sis_login_id", "")
        if not (canvas_id or sis_user or sis_login):
            unmatched.append(row.student)
        rows.append(
            [
                row.name,
                canvas_id,
                sis_user,
                sis_login,
                known.get("section", ""),
                *(_final(row, c.id) for c in book.columns),
            ]
        )
    return _csv(rows), unmatched


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def moodle_header(book: Gradebook) -> list[str]:
    return [*MOODLE_USER_COLUMNS, *(c.title for c in book.columns)]


def moodle_csv(book: Gradebook, roster: dict | None = None) -> tuple[str, list[str]]:
    """The Moodle import file, and the students Moodle could not match (no e-mail nor ID number)."""
    roster = roster or {}
    rows = [moodle_header(book)]
    unmatched = []
    for row in sorted(book.rows, key=lambda r: (r.name.lower(), r.student)):
        known = roster.get(row.student, {})
        first, last = known.get("first_name"), known.get("last_name")
        if not (first or last):
            first, last = _split_name(row.name)
        email = known.get("email") or str(row.lms.get("email") or "") or (row.student if "@" in row.student else "")
        id_number = known.get("id_number") or str(row.lms.get("sid") or "")
        if not (email or id_number):
            unmatched.append(row.student)
        rows.append([first or "", last or "", id_number, "", "", email, *(_final(row, c.id) for c in book.columns)])
    return _csv(rows), unmatched


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
