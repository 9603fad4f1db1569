"""From check outcomes to points: course.yml's points per problem, split across the problem's checks by weight.

A problem that used a forbidden module scores 0 whatever its other checks did. Every failure, check name and
note is kept as catalogue Messages: rendered in the course language for the report, and written to results.json
as data too (see results.py), so a page can show it in another language later.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath

from .. import catalogue
from ..catalogue import ByLanguage, Message, render_all
from ..checker.feedback import (
    Feedback,
    PartialCredit,
    StudentRaised,
    messages_of,
    passed_with,
    place,
    settle,
    source_name,
)
from . import points
from .late import late_factor

STATUS_ORDER = ("forbidden", "not implemented", "failed", "passed")


@functools.lru_cache(maxsize=4096)
def _name_key(nodeid: str) -> str:
    """check:<file>:<test function> of a pytest node id (the same few dozen ids, submission after submission)."""
    file, _, test = nodeid.partition("::")
    return f"check:{PurePosixPath(file.replace(chr(92), '/')).stem}:{test.partition('[')[0]}"


@dataclass
class CheckOutcome:
    nodeid: str
    problem: str
    name: str
    weight: float
    passed: bool
    error: BaseException | None
    duration: float
    visible: bool = False
    score: float = 0.0  # the points written for this check: a decimal to the cent (see points.py)
    max_score: float = 0.0
    category: str | None = None  # the kind of input the check tries (graders/categories.yml)

    @property
    def status(self) -> str:
        if self.passed:
            return "passed"
        return getattr(self.error, "status", "failed")

    @property
    def fraction(self) -> float:
        """The share of the check's points earned: 1 passed, 0 failed, in between for partial credit (made exact
        in points.py, as the decimal it prints as)."""
        if self.passed:
            return 1.0
        return self.error.fraction if isinstance(self.error, PartialCredit) else 0.0

    @property
    def misconception(self) -> str | None:
        return getattr(self.error, "misconception", None)

    @property
    def name_key(self) -> str:
        """check:<file>:<test function>, the catalogue entry of this check's name."""
        return _name_key(self.nodeid)

    @property
    def name_message(self):
        """The check's name as a Message ("softmax: logits [[1, 2, 3]]"); the engine's name when none is catalogued."""
        if catalogue.has(self.name_key):
            return Message("check_name", problem=self.problem, what=Message(self.name_key))
        return ByLanguage({catalogue.SOURCE_LANGUAGE: self.name})

    def display_name(self, lang: str) -> str:
        return self.name_message.render(lang)

    def messages(self) -> list:
        """Why the check failed, as Messages: first the kind of input and what must hold there (its category and
        name), never only numbers; empty when it passed, but for a pass it earned on the student's own terms."""
        if self.passed:
            return messages_of(self.error, None) if passed_with(self.error) else []
        what = (
            Message(self.name_key)
            if catalogue.has(self.name_key)
            else ByLanguage({catalogue.SOURCE_LANGUAGE: self.name})
        )
        said = messages_of(self.error, what)
        if self.category and isinstance(self.error, (Feedback, StudentRaised)):
            said = [Message("check_category", category=Message(f"category:{self.category}"), what=what), *said]
        return said

    def message(self, lang: str) -> str:
        return render_all(self.messages(), lang)


@dataclass
class ProblemScore:
    problem: str
    score: float
    max_score: float
    status: str
    message: str = ""  # rendered in the report's language
    messages: list = field(default_factory=list)  # the same, as Messages


@dataclass
class GradeReport:
    assignment: str
    student: str
    seed: int
    language: str
    score: float
    max_score: float
    checks: list
    problems: dict
    note_messages: list  # Messages: load errors, dropped IPython lines, late days
    content_sha256: str
    graders_sha256: str
    duration: float
    visibility: str
    student_output: str = ""
    late: dict | None = None  # days late and the factor applied (score is already multiplied by it)
    late_penalty: float = 0.0  # the points the late policy took (<= 0): score = score_on_time + late_penalty
    timings: dict = field(default_factory=dict)  # where the grading time went (bench/profile.py); not in results.json

    @property
    def notes(self) -> list:
        """The notes in the report's language."""
        return [m.render(self.language) for m in self.note_messages]

    def to_results(self) -> dict:
        from .results import build_results

        return build_results(self)


def check_points(total_points: float, weights: list) -> list:
    """A problem's points split over its checks by weight, each written to the cent (largest remainder), so a
    problem's checks add up to its points exactly (100 over 3 checks: 33.34, 33.33, 33.33)."""
    return [points.number(p) for p in points.shares(total_points, tuple(weights))[1]]


def score_report(
    *,
    assignment,
    job,
    outcomes: list,
    forbidden: dict,
    notes: list,
    student_output: str,
    lang: str,
    graders_sha256: str,
    duration: float,
    visibility: str,
) -> GradeReport:
    """Points per check and per problem, the total and the late penalty. `forbidden` maps a problem to the
    forbidden modules it used (it then scores 0); `notes` (Messages) are what the student should know besides
    the checks.

    Points are exact (Fractions) until each check's points are written, rounded once (points.py); a problem's
    score is the sum of its checks' written points and the total the sum of the problems' (less the late
    penalty), so every total a page shows equals its parts."""
    by_problem: dict = {p: [] for p in assignment.problems}
    for outcome in outcomes:
        if outcome.problem in by_problem:
            by_problem[outcome.problem].append(outcome)
    problems = {}
    so_far = Decimal(0)
    for problem, problem_points in assignment.problems.items():
        checks = by_problem[problem]
        _settle(checks)
        used_forbidden = problem in forbidden
        exact_shares, maxima = points.shares(problem_points, tuple(c.weight for c in checks))
        got = Decimal(0)
        for c, share, most in zip(checks, exact_shares, maxima):
            earned = points.earned(share, most, 0 if used_forbidden else c.fraction)
            c.max_score, c.score = points.number(most), points.number(earned)
            got += earned
        if not checks:
            status = "failed"
        elif used_forbidden:
            status = "forbidden"
        else:
            status = min((c.status for c in checks), key=STATUS_ORDER.index)
        first = next((c for c in checks if not c.passed), None)
        messages = first.messages() if first else []
        if used_forbidden and not any(c.status == "forbidden" for c in checks):
            messages = [Message("forbidden", fn=problem, modules=", ".join(sorted(forbidden[problem])))]
        problems[problem] = ProblemScore(
            problem,
            points.number(got),
            points.number(points.rounded(problem_points)),
            status,
            render_all(messages, lang),
            messages,
        )
        so_far += got
    notes = list(notes)
    late = late_factor(assignment, job.submitted_at, job.student)
    penalty = Decimal(0)
    if late is not None:
        late["score_on_time"] = points.number(so_far)
        kept = points.kept(so_far, late["factor"])
        penalty, so_far = kept - so_far, kept
        if late["days_late"]:
            notes.append(Message("note:late" if late["accepted"] else "note:too_late", **late))
    return GradeReport(
        assignment=assignment.id,
        student=job.student,
        seed=job.seed,
        language=lang,
        score=points.number(so_far),
        max_score=points.number(points.total(p.max_score for p in problems.values())),
        checks=[c for p in assignment.problems for c in by_problem[p]],
        problems=problems,
        note_messages=notes,
        content_sha256=job.submission.sha256,
        graders_sha256=graders_sha256,
        duration=duration,
        visibility=visibility,
        student_output=student_output[:4000],
        late=late,
        late_penalty=points.number(penalty),
    )


def _settle(checks: list) -> None:
    """See feedback.settle: over the failed checks of one problem."""
    settle([check.error for check in checks if not check.passed])


def session_notes(session) -> list:
    """What the student should know about loading their file (dropped magics, syntax errors, exits, hangs), as
    Messages."""
    notes = [
        n if isinstance(n, (Message, ByLanguage)) else ByLanguage({catalogue.SOURCE_LANGUAGE: str(n)})
        for n in session.submission.notes
    ]
    report = session.load_report or {}
    for note in report.get("notes", []):
        kind = note.get("kind")
        if kind in ("note:load_timeout", "note:load_died", "note:load_protocol"):
            notes.append(Message(kind, seconds=session.limits.call_seconds * 3))
        elif kind in ("syntax", "error", "exit"):
            where = str(note.get("where", ""))
            if kind == "syntax" and where.startswith("<cell"):
                kind = "syntax_cell"  # in a notebook only that cell is lost; the others still load
            notes.append(
                Message(
                    f"note:{kind}",
                    where=place(where) if kind in ("error", "exit") else source_name(where),
                    line=note.get("line", "?"),
                    message=str(note.get("message", ""))[:300],
                )
            )
    dropped = getattr(session.process, "output_dropped", 0)
    if dropped:  # a flood of prints is why a call was slow: say so, not only that it timed out
        notes.append(Message("note:output_capped", kb=session.limits.output_kb, dropped=dropped))
    return notes
