"""The grade of a submission whose grading was stopped: what finished keeps its score, the rest scores 0 and says why.

Built by the supervisor from the grading process's plan of checks and the checks it reported as finished,
through the same scoring and results.json code as a finished grade, so the document has the same shape and
its numbers add up the same way.
"""

from __future__ import annotations

import time

from ..catalogue import Message
from ..checker.feedback import PartialCredit
from .results import results_of
from .scoring import CheckOutcome, score_report


class _Reported(PartialCredit):
    """A check the grading process finished and reported as data (its message already rendered)."""

    def __init__(self, event: dict, lang: str):
        super().__init__(event.get("fraction", 0.0), {lang: event.get("output", "")})
        self.status = event.get("status", "failed")
        self.misconception = event.get("misconception")


class _NotRun(PartialCredit):
    status = "failed"

    def __init__(self):
        super().__init__(0.0, messages=[Message("unfinished")])
        self.misconception = None


class _Job:
    def __init__(self, task: dict):
        self.submission = task["submission"]
        self.student = task["student"]
        self.seed = task["seed"]
        self.submitted_at = task.get("submitted_at")


def unfinished_results(
    assignment,
    lang: str,
    plan: list,
    done: dict,
    *,
    task: dict,
    reason: str,
    seconds: float,
    graders_sha256: str,
    visibility: str,
) -> dict:
    """results.json for a stopped grading: `plan` lists every check in order, `done` maps a plan index to the
    event of a check that finished; `reason` is "timeout" (the watchdog) or "died" (the grading process)."""
    started = time.perf_counter()
    outcomes, forbidden = [], {}
    for index, entry in enumerate(plan):
        event = done.get(index)
        if event is not None:
            forbidden.update({p: set(m) for p, m in event.get("forbidden", {}).items()})
        error = None if event is not None and event.get("passed") else (_Reported(event, lang) if event else _NotRun())
        outcomes.append(
            CheckOutcome(
                nodeid=entry["nodeid"],
                problem=entry["problem"],
                name=entry["name"],
                weight=entry["weight"],
                passed=bool(event and event.get("passed")),
                error=error,
                duration=float(event.get("duration", 0.0)) if event else 0.0,
                visible=entry["visible"],
            )
        )
    note = Message("note:unfinished", seconds=seconds) if reason == "timeout" else Message("note:grader_died")
    report = score_report(
        assignment=assignment,
        job=_Job(task),
        outcomes=outcomes,
        forbidden=forbidden,
        notes=list(task["submission"].notes) + [note],
        student_output="",
        lang=lang,
        graders_sha256=graders_sha256,
        duration=seconds + time.perf_counter() - started,
        visibility=visibility,
    )
    return results_of(report).with_kit(unfinished=reason).to_json()
