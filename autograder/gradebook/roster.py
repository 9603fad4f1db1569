"""Who each student is in the LMS, for the grade-import files: an optional CSV the instructor keeps.

One row per student, keyed by `student` (the id the batches used: the OUT/<student>/ folder name). The other
columns are optional and fill the LMS columns: `name`, `first_name`, `last_name`, `email`, `id_number` (Moodle's
ID number), `canvas_id` (Canvas's user id), `sis_user_id`, `sis_login_id`, `section`. Without a roster, what the
exports themselves said is used (a Canvas download gives the user id, a Gradescope export the name, e-mail and
student id).
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import KitError

COLUMNS = (
    "student",
    "name",
    "first_name",
    "last_name",
    "email",
    "id_number",
    "canvas_id",
    "sis_user_id",
    "sis_login_id",
    "section",
)


def load_roster(path: Path | str) -> dict[str, dict]:
    """student id -> {column: value} (empty values left out)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"cannot read roster {path}: {exc.__class__.__name__}: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    if "student" not in header:
        raise KitError(
            f"{path.name}: the first row must name the columns, among them `student` (known: {', '.join(COLUMNS)})"
        )
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise KitError(f"{path.name}: unknown column {unknown[0]!r} (known: {', '.join(COLUMNS)})")
    roster: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        student = row.get("student", "")
        if not student:
            raise KitError(f"{path.name}: line {line}: `student` is empty")
        if student in roster:
            raise KitError(f"{path.name}: line {line}: {student!r} is listed twice")
        roster[student] = {k: v for k, v in row.items() if v and k != "student"}
    return roster


__all__ = ["load_roster", "COLUMNS"]
