"""From check outcomes to points: course.yml's points per problem, split across the problem's checks by weight.

A problem that used a forbidden module scores 0 whatever its other checks did. The report renders every
failure in the course language and becomes a Gradescope results.json (see results.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from .feedback import CheckAborted, Feedback, PartialCredit
from .late import late_factor
from .messages import say

STATUS_ORDER = ("forbidden", "not implemented", "failed", "passed")


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
    score: float = 0.0
    max_score: float = 0.0

    @property
    def status(self) -> str:
        if self.passed:
            return "passed"
        return getattr(self.error, "status", "failed")

    @property
    def fraction(self) -> float:
        """The share of the check's points earned: 1 passed, 0 failed, in between for partial credit."""
        if self.passed:
            return 1.0
        return self.error.fraction if isinstance(self.error, PartialCredit) else 0.0

    @property
    def misconception(self) -> str | None:
        return getattr(self.error, "misconception", None)

    def message(self, lang: str) -> str:
        if self.passed:
            return ""
        if isinstance(self.error, (Feedback, CheckAborted)):
            return self.error.render(lang)
        if isinstance(self.error, AssertionError):  # a plain assert in a visible test
            text = str(self.error).strip()
            return text.split("\nassert ")[0] if text else "assertion failed"
        if self.error is None:
            return "failed"
        return f"internal error in this check ({type(self.error).__name__}: {self.error})"


@dataclass
class ProblemScore:
    problem: str
    score: float
    max_score: float
    status: str
    message: str = ""


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
    notes: list
    content_sha256: str
    graders_sha256: str
    duration: float
    visibility: str
    student_output: str = ""
    late: dict | None = None  # days late and the factor applied (score is already multiplied by it)

    def to_results(self) -> dict:
        from .results import build_results
        return build_results(self)


def _round(x: float) -> float:
    return round(x + 0.0, 4)


def check_points(points: float, weights: list) -> list:
    """A problem's points split over its checks by weight; the last check takes what rounding left, so a
    problem's checks add up to its points exactly."""
    total = sum(weights) or 1.0
    shares = [_round(points * w / total) for w in weights]
    if shares:
        shares[-1] = _round(points - sum(shares[:-1]))
    return shares


def score_report(*, assignment, job, outcomes: list, forbidden: dict, notes: list, student_output: str, lang: str,
                 graders_sha256: str, duration: float, visibility: str) -> GradeReport:
    """Points per check and per problem, the total and the late penalty. `forbidden` maps a problem to the
    forbidden modules it used (it then scores 0); `notes` are what the student should know besides the checks."""
    by_problem: dict = {p: [] for p in assignment.problems}
    for outcome in outcomes:
        if outcome.problem in by_problem:
            by_problem[outcome.problem].append(outcome)
    problems = {}
    total = 0.0
    for problem, points in assignment.problems.items():
        checks = by_problem[problem]
        weight = sum(c.weight for c in checks) or 1.0
        used_forbidden = problem in forbidden
        for c, share in zip(checks, check_points(points, [c.weight for c in checks])):
            c.max_score = share
        for c in checks:
            c.score = 0.0 if used_forbidden else _round(c.max_score * c.fraction)
        passed_weight = sum(c.weight * c.fraction for c in checks)
        got = 0.0 if used_forbidden or not checks else points * passed_weight / weight
        if not checks:
            status = "failed"
        elif used_forbidden:
            status = "forbidden"
        else:
            status = min((c.status for c in checks), key=STATUS_ORDER.index)
        first = next((c for c in checks if not c.passed), None)
        message = first.message(lang) if first else ""
        if used_forbidden and not any(c.status == "forbidden" for c in checks):
            message = say("forbidden", lang, fn=problem, modules=", ".join(sorted(forbidden[problem])))
        problems[problem] = ProblemScore(problem, _round(got), float(points), status, message)
        total += got
    notes = list(notes)
    late = late_factor(assignment, job.submitted_at)
    if late is not None:
        late["score_on_time"] = _round(total)
        total = total * late["factor"]
        notes.append(say("note:late", lang, **late) if late["accepted"] else say("note:too_late", lang, **late))
    return GradeReport(
        assignment=assignment.id, student=job.student, seed=job.seed, language=lang, score=_round(total),
        max_score=float(assignment.total_points), checks=[c for p in assignment.problems for c in by_problem[p]],
        problems=problems, notes=notes, content_sha256=job.submission.sha256, graders_sha256=graders_sha256,
        duration=duration, visibility=visibility, student_output=student_output[:4000], late=late,
    )


def session_notes(session, lang: str) -> list:
    """What the student should know about loading their file: dropped magics, syntax errors, exits, hangs."""
    notes = list(session.submission.notes)
    report = session.load_report or {}
    for note in report.get("notes", []):
        kind = note.get("kind")
        if kind in ("note:load_timeout", "note:load_died", "note:load_protocol"):
            notes.append(say(kind, lang, seconds=session.limits.call_seconds * 3))
        elif kind in ("syntax", "error", "exit"):
            if kind == "syntax" and str(note.get("where", "")).startswith("<cell"):
                kind = "syntax_cell"  # in a notebook only that cell is lost; the others still load
            notes.append(say(f"note:{kind}", lang, where=note.get("where", ""), line=note.get("line", "?"),
                             message=str(note.get("message", ""))[:300]))
    return notes
