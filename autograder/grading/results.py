"""results.json in Gradescope's schema (score, tests[], output, visibility), plus the kit's extra_data.

Written atomically: a temporary file in the same folder, fsync, then os.replace, so a grade written is
a grade kept and a reader never sees half a file.
"""
from __future__ import annotations

from .messages import say


def build_results(report) -> dict:
    lang = report.language
    tests = []
    for number, check in enumerate(report.checks, 1):
        tags = [check.problem]
        if check.misconception:
            tags.append(f"misconception:{check.misconception}")
        if check.status in ("not implemented", "forbidden"):
            tags.append(f"status:{check.status}")
        entry = {
            "name": check.name,
            "number": str(number),
            "score": check.score,
            "max_score": check.max_score,
            "status": "passed" if check.passed else "failed",
            "output": check.message(lang),
            "visibility": "visible" if check.visible else report.visibility,
            "tags": tags,
            "extra_data": {"duration": round(check.duration, 4), "misconception": check.misconception, "status": check.status},
        }
        tests.append(entry)
    summary = [say("summary", lang, score=report.score, max_score=report.max_score)] + report.notes
    return {
        "score": report.score,
        "execution_time": round(report.duration, 3),
        "output": "\n".join(summary),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"kit": {
            "assignment": report.assignment,
            "student": report.student,
            "seed": report.seed,
            "language": lang,
            "max_score": report.max_score,
            "status": "graded",
            "problems": {p: {"score": s.score, "max_score": s.max_score, "status": s.status, "message": s.message}
                         for p, s in report.problems.items()},
            "notes": report.notes,
            "late": report.late,
            "content_sha256": report.content_sha256,
            "graders_sha256": report.graders_sha256,
            "duration": round(report.duration, 3),
        }},
    }


def error_results(message: str, *, execution_time: float = 0.0, kit: dict | None = None) -> dict:
    """results.json for a submission that could not be graded: score 0 and the reason, where the student sees it.

    `kit` (assignment, student, ...) goes into extra_data.kit with status "error", as graded results carry it.
    """
    data = {"score": 0.0, "execution_time": round(execution_time, 3), "output": message, "visibility": "visible",
            "stdout_visibility": "hidden", "tests": []}
    if kit is not None:
        data["extra_data"] = {"kit": {"status": "error", "note": message, "problems": {}, "notes": [], **kit}}
    return data
