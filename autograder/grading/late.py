"""course.yml's late policy: a share of the score lost per started day late, nothing accepted past the last day.

Applied only when a trusted submission time is known (`grade --submitted-at`, `batch --submitted-at-from`,
Gradescope's `created_at`, nbgrader's timestamp.txt); a time written inside a submission is never believed.
A time without a UTC offset is read in course.yml's `timezone`, as due dates are. A student's extension in
course.yml moves their due date; the policy then counts from there. An extension is found by any id of the student
it names (course.yml's roster gives every id of each student), compared without case.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone

from ..catalogue import Message
from ..errors import KitError

# nbgrader writes "2026-12-09 10:00:00.123456 UTC" (or a zone name, or "+0800"); Gradescope ISO 8601.
_ZONE_SUFFIX = re.compile(r"^(?P<time>.+?)\s+(?P<zone>[A-Za-z][A-Za-z0-9_+\-/]*|[+-]\d{2}:?\d{2})$")


def _zone(name: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name.upper() in ("UTC", "Z", "GMT"):
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def read_time(text, zone_name: str | None, what: str = "--submitted-at") -> datetime:
    """A trusted time as an aware datetime: ISO 8601, with an offset, a zone name after a space, or none (then
    course.yml's `timezone`). A KitError (one line, naming `what`) for anything else."""
    if isinstance(text, datetime):
        moment = text
    else:
        raw = str(text).strip()
        moment = _parse(raw)
        if moment is None:
            raise KitError(Message("error:time_unreadable", what=what, text=raw[:80]))
    if moment.tzinfo is None:
        zone = _zone(zone_name) if zone_name else None
        if zone is None:
            raise KitError(Message("error:time_no_zone", what=what, text=str(text)[:80]))
        moment = moment.replace(tzinfo=zone)
    return moment


def _parse(raw: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        pass
    match = _ZONE_SUFFIX.match(raw)
    if not match:
        return None
    try:
        moment = datetime.fromisoformat(match.group("time"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return None
    zone_text = match.group("zone")
    if zone_text[0] in "+-":
        digits = zone_text[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return moment.replace(tzinfo=timezone(offset if zone_text[0] == "+" else -offset))
    zone = _zone(zone_text)
    return moment.replace(tzinfo=zone) if zone is not None else None


def parse_time(text: str, zone_name: str | None = None) -> datetime:
    """`--submitted-at`: see read_time."""
    return read_time(text, zone_name, "--submitted-at")


def due_for(assignment, student: str | None) -> datetime | None:
    """The student's due date: course.yml's, or the later one their extension gives (a group: its latest member's)."""
    due = assignment.due
    if due is None:
        return None
    extensions = getattr(assignment, "extensions", None) or {}
    if student and extensions:
        from ..roster import norm  # ids are compared as a roster compares them: no case, no surrounding spaces

        by_id = {norm(k): v for k, v in extensions.items()}
        members = [norm(student)] if norm(student) in by_id else [norm(m) for m in str(student).split("+")]
        later = [by_id[m] for m in members if m in by_id]
        if later:
            due = max([due, *later])
    return due


def late_factor(assignment, submitted_at: datetime | None, student: str | None = None) -> dict | None:
    """None when the time or the due date is unknown; else when it was handed in, the due date that applied,
    days late (0 when on time), the factor kept, and whether it was still accepted."""
    due = due_for(assignment, student)
    if submitted_at is None or due is None:
        return None
    if submitted_at.tzinfo is None:  # only trusted callers get here; an unzoned time is a bug, read as UTC
        submitted_at = submitted_at.replace(tzinfo=timezone.utc)
    days = 0 if submitted_at <= due else math.ceil((submitted_at - due).total_seconds() / 86400)
    policy = assignment.late_policy or {}
    accepted = days <= int(policy.get("max_days_late", 0))
    factor = max(0.0, 1.0 - float(policy.get("penalty_per_day", 0.0)) * days) if accepted else 0.0
    late = {
        "submitted_at": submitted_at.isoformat(),
        "due": due.isoformat(),
        "days_late": days,
        "factor": round(factor, 6),
        "accepted": accepted,
    }
    if assignment.due is not None and due != assignment.due:
        late["extended"] = True
    return late


def factor_for_seconds(assignment, seconds_late: float, student: str | None = None) -> float:
    """The factor kept for a submission `seconds_late` after course.yml's due date (nbgrader counts that way)."""
    if assignment.due is None or seconds_late <= 0:
        return 1.0
    late = late_factor(assignment, assignment.due + timedelta(seconds=seconds_late), student)
    return 1.0 if late is None else late["factor"]
