"""The chain checker in the student's hands: the grader's own `grade_chain`, and a report to print.

`autograder check <assignment>`, plain `pytest` on the visible tests and the notebook's `check()` all run
the visible checks, which call `check_chain`, so a student sees before submitting everything the grade will
say about the steps: which move each step made, the leaps, the false steps with a point where the two sides
differ, what could not be read. Under the kit it runs in the kit's killable workers; inside a notebook
(this module travels there with the rest of the checker, see autograder/authoring/carry.py) it runs in the
student's own kernel.
"""

from __future__ import annotations

from ..catalogue import SOURCE_LANGUAGE
from ..message import Message, render_all
from .chain import ChainGrade, grade_chain
from .derivations import DERIVATIONS
from .equivalence import SEED
from .runner import DEFAULT_STEP_SECONDS

PROBLEMS = tuple(DERIVATIONS)  # the derivations declared beside the graders (in a carried copy: its assignment's)


def check_chain(
    problem: str,
    steps,
    lang: str = SOURCE_LANGUAGE,
    *,
    step_seconds: float = DEFAULT_STEP_SECONDS,
    seed: int = SEED,
    runner=None,
) -> ChainGrade:
    """Grade a chain exactly as the grader does (the sampled points come from a public seed here)."""
    return grade_chain(problem, steps, lang=lang, step_seconds=step_seconds, seed=seed, runner=runner)


def report_messages(grade: ChainGrade, points: float | None = None, show_points: bool = True) -> list:
    """What the grade says, as catalogue Messages: a title, one line per part (✓/✗), and what it would earn."""
    lines = [Message("derivation:practice_title", problem=grade.problem)]
    lines += [
        Message("derivation:practice_passed" if part.passed else "derivation:practice_failed", text=part.says)
        for part in grade.parts
    ]
    if show_points:
        if points is None:
            lines.append(Message("derivation:practice_share", percent=f"{100 * grade.score:.0f}"))
        else:
            lines.append(
                Message("derivation:practice_points", earned=f"{points * grade.score:g}", points=f"{points:g}")
            )
    return lines


def report(grade: ChainGrade, points: float | None = None, show_points: bool = True) -> str:
    """The same, as text in the grade's language."""
    return render_all(report_messages(grade, points, show_points), grade.lang)


__all__ = ["check_chain", "report", "report_messages", "PROBLEMS"]
