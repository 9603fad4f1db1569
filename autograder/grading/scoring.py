"""From check outcomes to points: course.yml's points per problem, split across the problem's checks by weight.

A problem that used a forbidden module scores 0 whatever its other checks did. Every failure, check name and
note is kept as catalogue Messages: rendered in the course language for the report, and written to results.json
as data too (see results.py), so a page can show it in another language later.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .. import catalogue
from ..catalogue import ByLanguage, Message, render_all
from .feedback import Feedback, PartialCredit, messages_of, place, source_name
from .late import late_factor

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

    @property
    def name_key(self) -> str:
        """check:<file>:<test function>, the catalogue entry of this check's name."""
        file, _, test = self.nodeid.partition("::")
        return f"check:{PurePosixPath(file.replace(chr(92), '/')).stem}:{test.partition('[')[0]}"

    @property
    def name_message(self):
        """The check's name as a Message ("softmax: logits [[1, 2, 3]]"); the engine's name when none is catalogued."""
        if catalogue.has(self.name_key):
            return Message("check_name", problem=self.problem, what=Message(self.name_key))
        return ByLanguage({catalogue.SOURCE_LANGUAGE: self.name})

    def display_name(self, lang: str) -> str:
        return self.name_message.render(lang)

    def messages(self) -> list:
        """Why the check failed, as Messages (empty when it passed)."""
        if self.passed:
            return []
        what = Message(self.name_key) if catalogue.has(self.name_key) else ByLanguage({catalogue.SOURCE_LANGUAGE: self.name})
        return messages_of(self.error, what)

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
    timings: dict = field(default_factory=dict)  # where the grading time went (bench/profile.py); not in results.json

    @property
    def notes(self) -> list:
        """The notes in the report's language."""
        return [m.render(self.language) for m in self.note_messages]

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
    forbidden modules it used (it then scores 0); `notes` (Messages) are what the student should know besides
    the checks."""
    by_problem: dict = {p: [] for p in assignment.problems}
    for outcome in outcomes:
        if outcome.problem in by_problem:
            by_problem[outcome.problem].append(outcome)
    problems = {}
    total = 0.0
    for problem, points in assignment.problems.items():
        checks = by_problem[problem]
        _drop_refuted(checks)
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
        messages = first.messages() if first else []
        if used_forbidden and not any(c.status == "forbidden" for c in checks):
            messages = [Message("forbidden", fn=problem, modules=", ".join(sorted(forbidden[problem])))]
        problems[problem] = ProblemScore(problem, _round(got), float(points), status, render_all(messages, lang), messages)
        total += got
    notes = list(notes)
    late = late_factor(assignment, job.submitted_at, job.student)
    if late is not None:
        late["score_on_time"] = _round(total)
        total = total * late["factor"]
        if late["days_late"]:
            notes.append(Message("note:late" if late["accepted"] else "note:too_late", **late))
    return GradeReport(
        assignment=assignment.id, student=job.student, seed=job.seed, language=lang, score=_round(total),
        max_score=float(assignment.total_points), checks=[c for p in assignment.problems for c in by_problem[p]],
        problems=problems, note_messages=notes, content_sha256=job.submission.sha256, graders_sha256=graders_sha256,
        duration=duration, visibility=visibility, student_output=student_output[:4000], late=late,
    )


def _drop_refuted(checks: list) -> None:
    """A misconception one check names and another check of the problem refutes (its answer told apart from the
    right one there, and not returned) was a coincidence of one input: say nothing about it."""
    refuted = set()
    for check in checks:
        if not check.passed:
            refuted |= set(getattr(check.error, "refuted", ()))
    for check in checks:
        if not check.passed and isinstance(check.error, Feedback) and check.error.misconception in refuted:
            check.error.misconception = None
            check.error.hint = None


def session_notes(session) -> list:
    """What the student should know about loading their file (dropped magics, syntax errors, exits, hangs), as
    Messages."""
    notes = [n if isinstance(n, (Message, ByLanguage)) else ByLanguage({catalogue.SOURCE_LANGUAGE: str(n)})
             for n in session.submission.notes]
    report = session.load_report or {}
    for note in report.get("notes", []):
        kind = note.get("kind")
        if kind in ("note:load_timeout", "note:load_died", "note:load_protocol"):
            notes.append(Message(kind, seconds=session.limits.call_seconds * 3))
        elif kind in ("syntax", "error", "exit"):
            where = str(note.get("where", ""))
            if kind == "syntax" and where.startswith("<cell"):
                kind = "syntax_cell"  # in a notebook only that cell is lost; the others still load
            notes.append(Message(f"note:{kind}", where=place(where) if kind in ("error", "exit") else source_name(where),
                                 line=note.get("line", "?"), message=str(note.get("message", ""))[:300]))
    dropped = getattr(session.process, "output_dropped", 0)
    if dropped:  # a flood of prints is why a call was slow: say so, not only that it timed out
        notes.append(Message("note:output_capped", kb=session.limits.output_kb, dropped=dropped))
    return notes
