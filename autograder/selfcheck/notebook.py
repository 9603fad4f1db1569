"""`check("<problem>")` in a notebook: the visible checks of a problem on the notebook's own functions.

It prints one line per check (✓ passed, ✗ failed with the grader's teaching message, … not yet written), a
summary that says the hidden checks test more and what the problem is worth, then help that unfolds: each
time a problem's checks fail again in this session one more hint is shown (concept, then formula, then a
skeleton, from the lecture), and once they pass, why it matters (with the student's own numbers where the
lesson can compute them). The state lives in the Checker object, i.e. in the notebook's session only.

The visible checks are the assignment's visible-test file, carried into the notebook as `_kit.visible`;
its `why_<problem>(student)` functions, where they exist, give the numbers of the "why it matters" sentence.
"""

from __future__ import annotations

from ..catalogue import SOURCE_LANGUAGE, Message, has, resolve_language
from .local import LocalStudent
from .run import checks_of, run

HINTS = ("concept", "formula", "skeleton")
MARK = {"passed": "✓", "failed": "✗", "not implemented": "…"}

try:
    from . import course as _course  # carried into a notebook: the assignment, its points and the course language
except ImportError:
    _course = None


def _carried(name: str, default):
    return getattr(_course, name, default) if _course is not None else default


class Checker:
    """check(problem) → prints what the visible checks say; check() checks every problem."""

    def __init__(
        self,
        namespace: dict,
        visible=None,
        *,
        assignment: str | None = None,
        points: dict | None = None,
        lang: str | None = None,
        printer=print,
        forbidden=None,
    ):
        if visible is None:
            from . import visible as carried_visible  # noqa: F401  (the visible checks, carried beside this module)

            visible = carried_visible
        self.namespace = namespace  # the notebook's globals: where the student's functions are
        self.visible = vars(visible) if not isinstance(visible, dict) else visible
        self.assignment = assignment or _carried("ASSIGNMENT", "")
        self.points = dict(points if points is not None else _carried("POINTS", []))  # problem -> points, in order
        self.lang = lang or _carried("LANGUAGE", SOURCE_LANGUAGE)
        self.printer = printer
        self.forbidden = tuple(forbidden if forbidden is not None else _carried("FORBIDDEN", ()))
        self.failures: dict = {}  # problem -> how many times its checks failed in this session

    @property
    def problems(self) -> list:
        """The assignment's problems, in course.yml's order."""
        return list(self.points)

    def say(self, key: str, **params) -> str:
        return Message(key, **params).render(self._language())

    def _language(self) -> str:
        return resolve_language(self.lang) or SOURCE_LANGUAGE

    # ---- the checks ---------------------------------------------------------------------------------
    def __call__(self, problem: str | None = None) -> bool:
        """Run the visible checks of `problem` (all problems when None); True when every one passes."""
        if problem is None:
            return self.check_all()
        if problem not in self.problems:
            self.printer(self.say("selfcheck:unknown_problem", name=str(problem), known=", ".join(self.problems)))
            return False
        outcomes = run(
            self.assignment,
            problem,
            checks_of(self.visible, self.problems)[problem],
            LocalStudent(self.namespace, self.forbidden),
        )
        self.printer(self.report(problem, outcomes))
        return all(o.passed for o in outcomes)

    def ready(self, *problems: str) -> bool:
        """Whether every listed problem passes its visible checks (run quietly): a demo cell runs only then,
        instead of failing with a raw error on a function that is not right yet."""
        checks = checks_of(self.visible, self.problems)
        student = LocalStudent(self.namespace, self.forbidden)
        waiting = [
            p
            for p in problems
            if p not in checks or not all(o.passed for o in run(self.assignment, p, checks[p], student))
        ]
        if waiting:
            self.printer(self.say("selfcheck:demo_waits", problems=", ".join(waiting), first=waiting[0]))
        return not waiting

    def check_all(self) -> bool:
        checks = checks_of(self.visible, self.problems)
        student = LocalStudent(self.namespace, self.forbidden)
        lines, passed, total, covered = [], 0, 0, 0.0
        for problem in self.problems:
            outcomes = run(self.assignment, problem, checks[problem], student)
            ok = sum(o.passed for o in outcomes)
            passed, total = passed + ok, total + len(outcomes)
            if outcomes and ok == len(outcomes):
                covered += self.points.get(problem, 0)
            status = (
                "passed"
                if ok == len(outcomes)
                else (
                    "not implemented"
                    if all(o.status == "not implemented" for o in outcomes if not o.passed)
                    else "failed"
                )
            )
            lines.append(
                self.say("selfcheck:overview_line", mark=MARK[status], problem=problem, passed=ok, count=len(outcomes))
            )
        lines.append(
            self.say(
                "selfcheck:summary_all", passed=passed, total=total, covered=covered, points=sum(self.points.values())
            )
        )
        self.printer("\n".join(lines))
        return passed == total

    def report(self, problem: str, outcomes: list) -> str:
        """The lines `check(problem)` prints; it also counts a failure for the hints."""
        lines = [self.say("selfcheck:heading", problem=problem, count=len(outcomes))]
        for outcome in outcomes:
            status = "passed" if outcome.passed else outcome.status
            lines.append(f"{MARK.get(status, '✗')} {outcome.title.render(self._language())}")
            if not outcome.passed and status != "not implemented":
                for message in outcome.messages:
                    lines += ["    " + line for line in message.render(self._language()).splitlines()]
        ok = sum(o.passed for o in outcomes)
        points = self.points.get(problem)
        if ok == len(outcomes):
            lines.append(self.say("selfcheck:problem_passed", problem=problem, count=len(outcomes)))
            lines += self.why(problem)
        elif all(o.status == "not implemented" for o in outcomes if not o.passed) and ok == 0:
            lines.append(self.say("selfcheck:problem_todo", problem=problem))
        else:
            lines.append(self.say("selfcheck:problem_failed", problem=problem, passed=ok, count=len(outcomes)))
            self.failures[problem] = self.failures.get(problem, 0) + 1
            lines += self.hints(problem)
        if points is not None:
            lines.append(self.say("selfcheck:hidden", problem=problem, points=points))
        return "\n".join(lines)

    # ---- help that unfolds ----------------------------------------------------------------------------
    def hints(self, problem: str) -> list:
        """One more hint each time the problem's checks fail again: concept, formula, skeleton."""
        shown = [kind for kind in HINTS if has(self._lesson(problem, kind))][: self.failures.get(problem, 0)]
        lines = [
            self.say(
                "selfcheck:hint",
                n=n,
                total=len(HINTS),
                kind=Message(f"selfcheck:hint_kind:{kind}"),
                text=Message(self._lesson(problem, kind)),
            )
            for n, kind in enumerate(shown, 1)
        ]
        if len(shown) < len(HINTS) and shown:
            lines.append(self.say("selfcheck:more_hints"))
        return lines

    def why(self, problem: str) -> list:
        """Why the problem matters, and the student's own numbers where the lesson computes them."""
        lines = []
        if has(self._lesson(problem, "why")):
            lines.append(self.say("selfcheck:why", text=Message(self._lesson(problem, "why"))))
        compute = self.visible.get(f"why_{problem}")
        if compute is not None and has(self._lesson(problem, "yours")):
            try:
                numbers = compute(LocalStudent(self.namespace, self.forbidden))
            except Exception:  # another function it needs is not written yet: the sentence waits
                numbers = None
            if numbers is not None:
                lines.append(self.say(self._lesson(problem, "yours"), **numbers))
        return lines

    def _lesson(self, problem: str, part: str) -> str:
        return f"lesson:{self.assignment}:{problem}:{part}"


__all__ = ["Checker", "HINTS"]
