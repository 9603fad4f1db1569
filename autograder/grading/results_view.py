"""A graded submission as the doors see it: the results.json model, plus what never goes into the file.

The grading itself happens in a supervised process (see supervisor.py); what crosses back is the results.json
document, so every door (the terminal, nbgrader, Gradescope, a batch) reads the same typed model
(results_model.py) and nothing depends on objects that exist only inside the grading process. The view adds
what the submission printed (kept for the instructor, never in results.json) and where the time went.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .results_model import Results


@dataclass
class ResultsView:
    """`results` (the model of results.json) with its parts as attributes."""

    results: Results
    student_output: str = ""
    timings: dict = field(default_factory=dict)  # where the grading time went (seconds), for bench/profile.py

    @classmethod
    def of(cls, data: dict, student_output: str = "", timings: dict | None = None) -> ResultsView:
        return cls(Results.from_json(data), student_output, dict(timings or {}))

    def to_results(self) -> dict:
        return self.results.to_json()

    @property
    def checks(self) -> list:
        return self.results.checks

    @property
    def problems(self) -> dict:
        return self.results.problems

    @property
    def score(self) -> float:
        return self.results.score or 0.0

    @property
    def max_score(self) -> float:
        return self.results.max_score or 0.0

    @property
    def notes(self) -> list:
        return list(self.results.kit_data.notes)

    @property
    def late(self) -> dict | None:
        """extra_data.kit.late as message parameters (None when no time or due date was known)."""
        late = self.results.kit_data.late
        return late.as_params() if late is not None else None

    @property
    def unfinished(self) -> bool:
        """Grading was stopped before every check ran (the watchdog): the checks not run scored 0."""
        return bool(self.results.kit_data.unfinished)

    def __getattr__(self, name: str):
        # assignment, student, seed, language, content_sha256, graders_sha256, duration, status, note
        if name in (
            "assignment",
            "student",
            "seed",
            "language",
            "content_sha256",
            "graders_sha256",
            "duration",
            "status",
            "note",
        ):
            return getattr(self.results.kit_data, name)
        raise AttributeError(name)
