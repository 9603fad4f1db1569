"""Scores set by hand: each override names the student, the assignment, the score, why, and who set it.

The file is YAML written by people, so it is read like course.yml: a duplicate key is an error, every entry
is checked against a schema, and an override for a student or an assignment the gradebook does not have is
refused with one line naming the entry (a typo must not silently leave a grade unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..errors import KitError

SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["student", "assignment", "score", "reason", "by"],
        "properties": {
            "student": {"type": "string", "minLength": 1},
            "assignment": {"type": "string", "minLength": 1},
            "score": {"type": "number", "minimum": 0},
            "reason": {"type": "string", "minLength": 3},
            "by": {"type": "string", "minLength": 1},
            "date": {"type": ["string", "null"]},
        },
    },
}


@dataclass(frozen=True)
class Override:
    student: str
    assignment: str
    score: float
    reason: str
    by: str
    date: str = ""


def load_overrides(path: Path | str) -> list[Override]:
    """The overrides in `path` (a YAML list); a KitError names the entry and the key that is wrong."""
    from ..course import read_yaml, schema_validator

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"cannot read overrides file {path}: {exc.__class__.__name__}: {exc}") from None
    data = read_yaml(path, text)
    if data is None:
        return []
    for raw in data if isinstance(data, list) else ():
        if isinstance(raw, dict) and isinstance(raw.get("date"), (date, datetime)):
            raw["date"] = raw["date"].isoformat()  # YAML reads an unquoted 2026-12-12 as a date
    errors = list(schema_validator(SCHEMA).iter_errors(data))
    if errors:
        error = max(errors, key=lambda e: len(list(e.absolute_path)))
        where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in error.absolute_path) or "(top level)"
        message = error.message.replace("is a required property", "is missing").replace(
            "Additional properties are not allowed", "unknown key"
        )
        raise KitError(f"{path.name}: {where}: {message}")
    overrides, seen = [], {}
    for index, raw in enumerate(data):
        when = raw.get("date")
        override = Override(
            str(raw["student"]),
            str(raw["assignment"]),
            float(raw["score"]),
            raw["reason"].strip(),
            raw["by"].strip(),
            "" if when is None else str(when),
        )
        key = (override.student, override.assignment)
        if key in seen:
            raise KitError(
                f"{path.name}: [{index}]: a second override of {override.assignment} for {override.student} "
                f"(the first is entry [{seen[key]}]): keep one"
            )
        seen[key] = index
        overrides.append(override)
    return overrides


__all__ = ["Override", "load_overrides"]
