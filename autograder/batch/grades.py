"""OUT/grades.csv, rebuilt from the OUT/<student>/results.json files alone.

The CSV is derived data: it can be rebuilt at any time (after a killed batch, after a hand-edited
result) and it never holds anything the results files do not. Its last column is the isolation level each
student ran under (root, userns, landlock, none; see SECURITY.md), empty for a submission not graded, so a
result graded with weaker isolation than the course expects shows. Student ids and messages come from
students, so every text cell a spreadsheet would run as a formula is neutralised with a leading quote.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from ..atomic import write_text_atomic
from ..grading.results_model import Results

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(cell) -> str:
    """A text cell that cannot start a formula in Excel, LibreOffice or Google Sheets."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number(value) -> str:
    """72.5 -> "72.5", 20.0 -> "20"; anything that is not a finite number -> "" (points are written to the cent;
    a late factor may have more places)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def read_result(path: Path) -> Results | None:
    """A results.json as the model, or None if it is missing or unreadable."""
    return Results.read(path)


LATE_COLUMNS = ["days_late", "late_factor", "score_before_penalty"]
LATE_MARK = "late_mark"  # "LATE" where Canvas marked the file late: with no days_late, its time is not known yet


def grade_rows(out_dir: Path, assignment=None, known: dict | None = None) -> tuple[list[str], list[list[str]]]:
    """The header and one row per OUT/<student>/results.json (of `assignment` when given), sorted by student.

    When any submission's time was known, three late columns follow the status: days late (0 when on time),
    the factor kept and the score before the penalty; they stay empty for a submission whose time was not. When
    Canvas marked any file LATE_, a late_mark column says which ("LATE"): a mark without days late is a late hand-in
    graded without a penalty until its time is given.
    `known`: folder name -> the Results a batch has just written there (not read again)."""
    out_dir = Path(out_dir)
    problems = list(assignment.problems) if assignment is not None else []
    records = []
    known = known or {}
    for path in sorted(out_dir.glob("*/results.json")):
        results = known.get(path.parent.name) or read_result(path)
        if results is None:
            records.append((path.parent.name, None, {}, "error", None, "", ""))
            continue
        kit = results.kit_data
        if assignment is not None and kit.assignment not in (None, assignment.id):
            continue
        for pid in kit.problems:
            if pid not in problems:
                problems.append(pid)
        isolation = (kit.isolation or "") if kit.status == "graded" else ""
        marked = "LATE" if kit.batch is not None and (kit.batch.lms or {}).get("canvas_late") else ""
        records.append((path.parent.name, results.score, kit.problems, kit.status, kit.late, isolation, marked))
    with_late = any(record[4] for record in records)
    with_mark = any(record[6] for record in records)
    header = [
        "student",
        "total",
        *problems,
        "status",
        *(LATE_COLUMNS if with_late else []),
        *([LATE_MARK] if with_mark else []),
        "isolation",
    ]
    rows = []
    for student, total, scores, status, late, isolation, marked in records:
        cells = [number(scores[p].score) if p in scores else "" for p in problems]
        row = [student, number(total), *cells, status]
        if with_late:
            row += [number(late.days_late), number(late.factor), number(late.score_on_time)] if late else ["", "", ""]
        if with_mark:
            row.append(marked)
        rows.append(row + [isolation])
    return header, rows


def rebuild_grades_csv(out_dir: Path | str, assignment=None, known: dict | None = None) -> Path:
    """Write OUT/grades.csv from the results files (atomically: a reader never sees half a table)."""
    out_dir = Path(out_dir)
    header, rows = grade_rows(out_dir, assignment, known)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return write_text_atomic(out_dir / "grades.csv", buffer.getvalue(), newline="")


__all__ = ["rebuild_grades_csv", "grade_rows", "neutralise", "read_result"]
