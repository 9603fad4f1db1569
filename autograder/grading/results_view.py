"""A graded submission as the doors see it: results.json, read back into small typed objects.

The grading itself happens in a supervised process (see supervisor.py); what crosses back is the results.json
document, so every door (the terminal, nbgrader, Gradescope, a batch) reads the same data through this view
and nothing depends on objects that exist only inside the grading process.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..catalogue import from_json


def _render(stored: list, lang: str | None, fallback: str) -> str:
    """Messages stored as catalogue keys, rendered in `lang` (the stored text when there are none, or no lang)."""
    messages = [m for m in (from_json(item) for item in stored) if m is not None]
    if lang is None or not messages:
        return fallback
    return "\n".join(m.render(lang) for m in messages)


@dataclass(frozen=True)
class CheckView:
    name: str
    problem: str
    passed: bool
    status: str  # passed | failed | not implemented | forbidden
    score: float
    max_score: float
    visible: bool
    output: str
    misconception: str | None = None
    stored_messages: tuple = ()
    stored_name: object = None

    def message(self, lang: str | None = None) -> str:
        """The feedback, in `lang` when given (re-rendered from the stored messages), else as graded."""
        return _render(list(self.stored_messages), lang, self.output)

    def display_name(self, lang: str | None = None) -> str:
        name = from_json(self.stored_name) if self.stored_name is not None else None
        return name.render(lang) if name is not None and lang is not None else self.name


@dataclass(frozen=True)
class ProblemView:
    problem: str
    score: float
    max_score: float
    status: str
    message: str


@dataclass
class ResultsView:
    """results.json (`data`) with its parts as attributes; `student_output` is what the submission printed
    (kept for the instructor, never in results.json)."""

    data: dict
    student_output: str = ""
    timings: dict = field(default_factory=dict)  # where the grading time went (seconds), for bench/profile.py
    checks: list = field(init=False)
    problems: dict = field(init=False)

    def __post_init__(self):
        self.checks = [_check(t) for t in self.data.get("tests", [])]
        self.problems = {pid: ProblemView(pid, float(p["score"]), float(p["max_score"]), p["status"], p.get("message", ""))
                         for pid, p in self.kit.get("problems", {}).items()}

    @property
    def kit(self) -> dict:
        return self.data.get("extra_data", {}).get("kit", {})

    def to_results(self) -> dict:
        return self.data

    @property
    def score(self) -> float:
        return float(self.data["score"])

    @property
    def max_score(self) -> float:
        return float(self.kit.get("max_score", 0.0))

    @property
    def notes(self) -> list:
        return list(self.kit.get("notes", []))

    @property
    def unfinished(self) -> bool:
        """Grading was stopped before every check ran (the watchdog): the checks not run scored 0."""
        return bool(self.kit.get("unfinished"))

    def __getattr__(self, name: str):
        # assignment, student, seed, language, late, content_sha256, graders_sha256, duration, visibility
        if name in ("assignment", "student", "seed", "language", "late", "content_sha256", "graders_sha256",
                    "duration", "visibility", "status", "note"):
            return self.kit.get(name)
        raise AttributeError(name)


def _check(test: dict) -> CheckView:
    extra = test.get("extra_data", {})
    return CheckView(name=test["name"], problem=(test.get("tags") or ["?"])[0], passed=test["status"] == "passed",
                     status=extra.get("status", test["status"]), score=float(test["score"]),
                     max_score=float(test["max_score"]), visible=test.get("visibility") == "visible",
                     output=test.get("output", ""), misconception=extra.get("misconception"),
                     stored_messages=tuple(extra.get("messages") or ()), stored_name=extra.get("name_message"))
