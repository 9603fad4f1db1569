"""results.json in Gradescope's schema (score, tests[], output, visibility), plus the kit's extra_data.

Every text a student reads is written twice: rendered in the grading language where Gradescope shows it
(`output`, `name`), and as catalogue keys with their parameters in `extra_data` (`messages`, `name_message`),
so `autograder feedback --lang` and the class report can show the same feedback in any language later.
"""
from __future__ import annotations

from ..catalogue import Message, render_all


def _data(messages: list) -> list:
    return [m.to_json() for m in messages]


def build_results(report) -> dict:
    lang = report.language
    tests = []
    for number, check in enumerate(report.checks, 1):
        tags = [check.problem]
        if check.misconception:
            tags.append(f"misconception:{check.misconception}")
        if check.status in ("not implemented", "forbidden"):
            tags.append(f"status:{check.status}")
        messages = check.messages()
        name = check.name_message
        entry = {
            "name": name.render(lang),
            "number": str(number),
            "score": check.score,
            "max_score": check.max_score,
            "status": "passed" if check.passed else "failed",
            "output": render_all(messages, lang),
            "visibility": "visible" if check.visible else report.visibility,
            "tags": tags,
            "extra_data": {"duration": round(check.duration, 4), "misconception": check.misconception, "status": check.status,
                           "name_message": name.to_json(), "messages": _data(messages)},
        }
        tests.append(entry)
    summary = [Message("summary", score=report.score, max_score=report.max_score), *report.note_messages]
    return {
        "score": report.score,
        "execution_time": round(report.duration, 3),
        "output": render_all(summary, lang),
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
            "problems": {p: {"score": s.score, "max_score": s.max_score, "status": s.status, "message": s.message,
                             "messages": _data(s.messages)}
                         for p, s in report.problems.items()},
            "notes": report.notes,
            "output_messages": _data(summary),
            "late": report.late,
            "content_sha256": report.content_sha256,
            "graders_sha256": report.graders_sha256,
            "duration": round(report.duration, 3),
        }},
    }


def error_results(message, *, execution_time: float = 0.0, kit: dict | None = None, lang: str = "en") -> dict:
    """results.json for a submission that could not be graded: score 0 and the reason, where the student sees it.

    `message` is text or a Message (e.g. a KitError's); `kit` (assignment, student, ...) goes into extra_data.kit
    with status "error", as graded results carry it.
    """
    structured = getattr(message, "message", message)
    text = structured.render(lang) if hasattr(structured, "render") else str(message)
    data = {"score": 0.0, "execution_time": round(execution_time, 3), "output": text, "visibility": "visible",
            "stdout_visibility": "hidden", "tests": []}
    if kit is not None:
        data["extra_data"] = {"kit": {"status": "error", "note": text, "problems": {}, "notes": [], **kit}}
        if hasattr(structured, "to_json"):
            data["extra_data"]["kit"]["note_messages"] = [structured.to_json()]
    return data
