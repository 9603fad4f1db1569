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
import json
import math
from pathlib import Path

from ..atomic import write_text_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(cell) -> str:
    """A text cell that cannot start a formula in Excel, LibreOffice or Google Sheets."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number(value) -> str:
    """72.5 -> "72.5", 20.0 -> "20"; anything that is not a finite number -> ""."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def read_result(path: Path) -> dict | None:
    """A results.json as a dict, or None if it is missing or unreadable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _kit(data: dict) -> dict:
    extra = data.get("extra_data")
    kit = extra.get("kit") if isinstance(extra, dict) else None
    return kit if isinstance(kit, dict) else {}


LATE_COLUMNS = ["days_late", "late_factor", "score_before_penalty"]


def _late(kit: dict) -> dict:
    late = kit.get("late")
    return late if isinstance(late, dict) else {}


def grade_rows(out_dir: Path, assignment=None) -> tuple[list[str], list[list[str]]]:
    """The header and one row per OUT/<student>/results.json (of `assignment` when given), sorted by student.

    When any submission's time was known, three late columns follow the status: days late (0 when on time),
    the factor kept and the score before the penalty; they stay empty for a submission whose time was not."""
    out_dir = Path(out_dir)
    problems = list(assignment.problems) if assignment is not None else []
    records = []
    for path in sorted(out_dir.glob("*/results.json")):
        data = read_result(path)
        if data is None:
            records.append((path.parent.name, None, {}, "error", {}, ""))
            continue
        kit = _kit(data)
        if assignment is not None and kit.get("assignment") not in (None, assignment.id):
            continue
        status = kit.get("status") if kit.get("status") in ("graded", "error") else "graded"
        scores = kit.get("problems") if isinstance(kit.get("problems"), dict) else {}
        for pid in scores:
            if pid not in problems:
                problems.append(str(pid))
        isolation = kit.get("isolation") if status == "graded" and isinstance(kit.get("isolation"), str) else ""
        records.append((path.parent.name, data.get("score"), scores, status, _late(kit), isolation))
    with_late = any(late for *_rest, late, _isolation in records)
    header = ["student", "total", *problems, "status", *(LATE_COLUMNS if with_late else []), "isolation"]
    rows = []
    for student, total, scores, status, late, isolation in records:
        cells = [number(scores[p].get("score")) if isinstance(scores.get(p), dict) else "" for p in problems]
        row = [student, number(total), *cells, status]
        if with_late:
            row += [number(late.get("days_late")), number(late.get("factor")), number(late.get("score_on_time"))]
        rows.append(row + [isolation])
    return header, rows


def rebuild_grades_csv(out_dir: Path | str, assignment=None) -> Path:
    """Write OUT/grades.csv from the results files (atomically: a reader never sees half a table)."""
    out_dir = Path(out_dir)
    header, rows = grade_rows(out_dir, assignment)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return write_text_atomic(out_dir / "grades.csv", buffer.getvalue(), newline="")


__all__ = ["rebuild_grades_csv", "grade_rows", "neutralise", "read_result"]
