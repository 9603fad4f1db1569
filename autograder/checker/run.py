"""Running the visible checks of one problem in this process, and reading each outcome as the engine does.

A visible check is a function `test_<problem>...(student)` of the assignment's visible-test file; the problem
it belongs to is the longest problem name that prefixes it (the engine's rule). Its name for students is the
catalogue entry check:test_<assignment>_visible:<test>, and why it failed comes from grading.feedback's
`messages_of`, the function the engine's results use too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import SOURCE_LANGUAGE, has
from .feedback import Feedback, StudentRaised, messages_of, settle
from .message import ByLanguage, Message


@dataclass
class Outcome:
    """One visible check, run: its name and, when it failed, why (Messages) and its status."""

    test: str
    problem: str
    name: object  # a Message (or ByLanguage) naming the check: "softmax: softmax([0, ln 3]) = [1/4, 3/4]"
    title: object  # the same without the problem: "softmax([0, ln 3]) = [1/4, 3/4]"
    passed: bool
    status: str = "passed"  # passed, failed, not implemented
    messages: list = field(default_factory=list)


def problem_of(test: str, problems) -> str | None:
    """The problem a test checks: the longest name `p` with the test's name starting with test_<p>."""
    candidates = [p for p in problems if test.startswith(f"test_{p}")]
    return max(candidates, key=len) if candidates else None


def checks_of(namespace: dict, problems) -> dict:
    """problem -> [(test name, function)] in the order the file defines them."""
    found: dict = {p: [] for p in problems}
    for name, function in list(namespace.items()):
        problem = problem_of(name, problems) if name.startswith("test_") and callable(function) else None
        if problem is not None:
            found[problem].append((name, function))
    return found


def check_title(assignment: str, test: str):
    """What a visible check tests, as students read it (its catalogue entry, else the test's own name)."""
    key = f"check:test_{assignment}_visible:{test}"
    return Message(key) if has(key) else ByLanguage({SOURCE_LANGUAGE: test})


def check_name(assignment: str, problem: str, test: str):
    """The name students read for a visible check (the engine's `name_message` for the same test)."""
    title = check_title(assignment, test)
    return Message("check_name", problem=problem, what=title) if isinstance(title, Message) else title


def said(error, title, check) -> list:
    """Why a check failed, as the engine's results say it: its category and what must hold first (for a failed
    comparison or a raised call), then the failure (grading/scoring.py's CheckOutcome.messages)."""
    messages = messages_of(error, title)
    category = getattr(check, "category", None)
    if isinstance(category, str) and isinstance(error, (Feedback, StudentRaised)):
        return [Message("check_category", category=Message(f"category:{category}"), what=title), *messages]
    return messages


def run(assignment: str, problem: str, checks: list, student) -> list:
    """Every check of `problem` on `student`; a check that raises anything is a failed check, never a crash. A
    misconception another check of the problem refutes is not named (as in the grade)."""
    raised = []
    for _test, function in checks:
        try:
            function(student)
        except Exception as exc:  # KeyboardInterrupt (an interrupted kernel) stops the run, as it should
            raised.append(exc)
        else:
            raised.append(None)
    settle(raised)
    outcomes = []
    for (test, function), exc in zip(checks, raised):
        name, title = check_name(assignment, problem, test), check_title(assignment, test)
        if exc is None:
            outcomes.append(Outcome(test, problem, name, title, True))
        else:
            status = getattr(exc, "status", "failed")
            outcomes.append(Outcome(test, problem, name, title, False, status, said(exc, title, function)))
    return outcomes


__all__ = ["Outcome", "problem_of", "checks_of", "check_name", "check_title", "run"]
