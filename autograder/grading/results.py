"""Writing results.json: a graded report, or a submission that could not be graded, as the typed model.

Every text a student reads is written twice: rendered in the grading language where Gradescope shows it
(`output`, `name`), and as catalogue keys with their parameters in `extra_data` (`messages`, `name_message`),
so `autograder feedback --lang` and the class report can show the same feedback in any language later.
The shape of the file is results_model.py's; what each field means is docs/results.md.
"""

from __future__ import annotations

import dataclasses

from ..catalogue import Message, render_all
from .results_model import LATE_PENALTY, KitData, LateResult, ProblemResult, Results, TestResult, from_json


def _data(messages: list) -> tuple:
    return tuple(m.to_json() for m in messages)


def _check(number: int, check, lang: str, visibility: str) -> TestResult:
    tags = [check.problem]
    if check.misconception:
        tags.append(f"misconception:{check.misconception}")
    if check.status in ("not implemented", "forbidden"):
        tags.append(f"status:{check.status}")
    messages = check.messages()
    name = check.name_message
    return TestResult(
        name=name.render(lang),
        number=str(number),
        score=check.score,
        max_score=check.max_score,
        status="passed" if check.passed else "failed",
        output=render_all(messages, lang),
        visibility="visible" if check.visible else visibility,
        tags=tuple(tags),
        duration=round(check.duration, 4),
        misconception=check.misconception,
        check_status=check.status,
        name_message=name.to_json(),
        messages=_data(messages),
    )


def _late_penalty(report, lang: str) -> TestResult:
    """The points the late policy took, as a tests[] entry of its own, so the file's score is its tests' sum."""
    late = report.late
    why = [Message("note:late" if late["accepted"] else "note:too_late", **late)]
    name = Message("label:late_penalty")
    return TestResult(
        name=name.render(lang),
        score=report.late_penalty,
        max_score=0.0,
        output=render_all(why, lang),
        visibility="visible",
        kind=LATE_PENALTY,
        name_message=name.to_json(),
        messages=_data(why),
    )


def results_of(report) -> Results:
    """The model of a graded report (scoring.GradeReport)."""
    lang = report.language
    tests = [_check(number, check, lang, report.visibility) for number, check in enumerate(report.checks, 1)]
    if report.late and report.late_penalty:
        tests.append(_late_penalty(report, lang))
    summary = [Message("summary", score=report.score, max_score=report.max_score), *report.note_messages]
    kit = KitData(
        assignment=report.assignment,
        student=report.student,
        seed=report.seed,
        language=lang,
        max_score=report.max_score,
        status="graded",
        problems={
            p: ProblemResult(
                p, score=s.score, max_score=s.max_score, status=s.status, message=s.message, messages=_data(s.messages)
            )
            for p, s in report.problems.items()
        },
        notes=tuple(report.notes),
        output_messages=_data(summary),
        late=from_json(LateResult, report.late) if report.late is not None else None,
        content_sha256=report.content_sha256,
        graders_sha256=report.graders_sha256,
        duration=round(report.duration, 3),
    )
    results = Results(
        score=report.score,
        execution_time=round(report.duration, 3),
        output=render_all(summary, lang),
        visibility="visible",
        stdout_visibility="hidden",
        tests=tuple(tests),
        kit=kit,
    )
    if not results.adds_up():  # by construction it does: a kit bug, said loudly rather than written
        raise ValueError(f"results.json of {report.student}: score {report.score} is not the sum of its tests")
    return results


def build_results(report) -> dict:
    """results.json (as JSON data) of a graded report."""
    return results_of(report).to_json()


def error_results(message, *, execution_time: float = 0.0, kit: KitData | None = None, lang: str = "en") -> dict:
    """results.json for a submission that could not be graded: score 0 and the reason, where the student sees it.

    `message` is text or a Message (e.g. a KitError's); `kit` (assignment, student, ...) goes into extra_data.kit
    with status "error", as graded results carry it.
    """
    structured = getattr(message, "message", message)
    text = structured.render(lang) if hasattr(structured, "render") else str(message)
    if kit is not None:
        notes = (structured.to_json(),) if hasattr(structured, "to_json") else ()
        kit = dataclasses.replace(kit, status="error", note=text, problems={}, notes=(), note_messages=notes)
    return Results(
        score=0.0,
        execution_time=round(execution_time, 3),
        output=text,
        visibility="visible",
        stdout_visibility="hidden",
        tests=(),
        kit=kit,
    ).to_json()


__all__ = ["build_results", "error_results", "results_of"]
