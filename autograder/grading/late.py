"""course.yml's late policy: a share of the score lost per day late, nothing accepted past the last day.

Applied only when a trusted submission time is given (`autograder grade --submitted-at`); a time written
inside a submission is never believed.
"""
from __future__ import annotations

import math
from datetime import datetime, timezone

from ..errors import KitError


def parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise KitError(f"--submitted-at: {text!r} is not a date-time like 2026-12-09T10:00:00+08:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def late_factor(assignment, submitted_at: datetime | None) -> dict | None:
    """None when on time or unknown; else days late, the factor kept, and whether it was still accepted."""
    if submitted_at is None or assignment.due is None:
        return None
    due = assignment.due if assignment.due.tzinfo else assignment.due.replace(tzinfo=timezone.utc)
    if submitted_at <= due:
        return None
    days = math.ceil((submitted_at - due).total_seconds() / 86400)
    policy = assignment.late_policy or {}
    accepted = days <= int(policy.get("max_days_late", 0))
    factor = max(0.0, 1.0 - float(policy.get("penalty_per_day", 0.0)) * days) if accepted else 0.0
    return {"submitted_at": submitted_at.isoformat(), "due": due.isoformat(), "days_late": days,
            "factor": round(factor, 6), "accepted": accepted}
