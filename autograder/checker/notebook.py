"""`check("<problem>")` in a notebook: the visible checks of a problem on the notebook's own functions.

It prints one line per check (✓ passed, ✗ failed with the grader's teaching message, … not yet written), a
summary that says the hidden checks test more and what the problem is worth, then help that unfolds: each
time a problem's checks fail again in this session one more hint is shown (concept, then formula, then a
skeleton, from the lecture), and once they pass, why it matters (with the student's own numbers where the
lesson can compute them). The state lives in the Checker object, i.e. in the notebook's session only.

The visible checks are the assignment's visible-test file, carried into the notebook (carried.py); its
`why_<problem>(student)` functions, where they exist, give the numbers of the "why it matters" sentence.

`with check.demo("<function>"):` runs a demo or a plot with the student's function whatever its state: when the
function does not pass its visible checks yet the demo says so and frames its plots in red, and an error the
function raises is told in the student's terms (what, where, numpy's text explained) instead of a traceback, so
a wrong softmax can be plotted to see what is wrong. numpy's warnings anywhere in the notebook are shown
explained in the student's language, numpy's own text beside (numpy_text.py).
"""

from __future__ import annotations

import sys
import warnings

from .catalogue import SOURCE_LANGUAGE, has, resolve_language
from .feedback import StudentRaised, location
from .local import LocalStudent, named_file, where_raised
from .message import Message
from .numpy_text import explained
from .run import checks_of, run

HINTS = ("concept", "formula", "skeleton")
MARK = {"passed": "✓", "failed": "✗", "not implemented": "…"}
FLAGGED = {"axes.edgecolor": "tab:red", "axes.linewidth": 2.5}  # a demo's axes while its function fails


class Verdict:
    """What `check(...)` returns: true when every check passed, shown as nothing in a notebook (no `Out:` line)."""

    __slots__ = ("passed",)

    def __init__(self, passed: bool):
        self.passed = bool(passed)

    def __bool__(self) -> bool:
        return self.passed

    def __eq__(self, other) -> bool:
        return bool(self) == other

    def __hash__(self) -> int:
        return hash(self.passed)

    def __repr__(self) -> str:
        return repr(self.passed)

    def _ipython_display_(self) -> None:  # IPython shows this instead of an Out: line; it shows nothing
        pass


class Checker:
    """check(problem) → prints what the visible checks say; check() checks every problem."""

    def __init__(
        self,
        namespace: dict,
        visible,
        *,
        assignment: str,
        points,
        lang: str | None = None,
        printer=print,
        forbidden=(),
    ):
        self.namespace = namespace  # the notebook's globals: where the student's functions are
        self.visible = vars(visible) if not isinstance(visible, dict) else visible
        self.assignment = assignment
        self.points = dict(points)  # problem -> points, in course.yml's order
        self.lang = lang or SOURCE_LANGUAGE
        self.printer = printer
        self.forbidden = tuple(forbidden)  # course.yml's forbidden_imports
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
    def __call__(self, problem: str | None = None) -> Verdict:
        """Run the visible checks of `problem` (all problems when None); true when every one passes."""
        if problem is None:
            return Verdict(self.check_all())
        if problem not in self.problems:
            known = self.say("selfcheck:list_separator").join(self.problems)
            self.printer(self.say("selfcheck:unknown_problem", name=str(problem), known=known))
            return Verdict(False)
        outcomes = run(
            self.assignment,
            problem,
            checks_of(self.visible, self.problems)[problem],
            LocalStudent(self.namespace, self.forbidden),
        )
        self.printer(self.report(problem, outcomes))
        return Verdict(all(o.passed for o in outcomes))

    def failing(self, *problems: str) -> list:
        """The listed problems whose visible checks do not all pass yet (run quietly)."""
        checks = checks_of(self.visible, self.problems)
        student = LocalStudent(self.namespace, self.forbidden)
        return [
            p
            for p in problems
            if p not in checks or not all(o.passed for o in run(self.assignment, p, checks[p], student))
        ]

    def demo(self, *problems: str) -> Demo:
        """`with check.demo("<function>", ...):` a demo that runs with the student's functions whatever their state."""
        return Demo(self, problems)

    def show_warnings(self) -> None:
        """From now on numpy's warnings in this notebook read in the student's language, numpy's text beside."""
        shown = getattr(warnings.showwarning, "_shown_by", None)
        original = warnings.showwarning if shown is None else shown

        def show(message, category, filename, lineno, file=None, line=None):
            text = f"{category.__name__}: {message}"
            meaning = explained(text)
            if isinstance(meaning, str):
                return original(message, category, filename, lineno, file, line)
            place = _where_of(filename, lineno, self.namespace)
            out = file if file is not None else sys.stderr
            print(self.say("selfcheck:warning", text=meaning, where=place), file=out)

        show._shown_by = original
        warnings.showwarning = show

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


class Demo:
    """A demo's cell body: marked when its functions fail their visible checks, never ending in a traceback from
    the student's code."""

    def __init__(self, checker: Checker, problems):
        self.checker, self.problems = checker, tuple(problems)
        self.failing: list = []
        self._style = None

    def __enter__(self) -> Demo:
        self.failing = self.checker.failing(*self.problems)
        if self.failing:
            names = self.checker.say("selfcheck:list_separator").join(self.failing)
            self.checker.printer(self.checker.say("selfcheck:demo_marked", problems=names, first=self.failing[0]))
            matplotlib = sys.modules.get("matplotlib")  # imported by the demo's cell: its plots get a red frame
            if matplotlib is not None and hasattr(matplotlib, "rc_context"):
                self._style = matplotlib.rc_context(FLAGGED)
                self._style.__enter__()
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if self._style is not None:
            self._style.__exit__(kind, error, traceback)
            self._style = None
        if error is None or not isinstance(error, Exception):
            return False  # KeyboardInterrupt (an interrupted kernel) stops the cell, as it should
        raised = StudentRaised(type(error).__name__, str(error)[:300], call="", where=where_raised(error))
        self.checker.printer(
            self.checker.say(
                "selfcheck:demo_raised",
                type=raised.type_name,
                message=raised.params["message"],
                where=raised.params["where"],
            )
        )
        return True


def _where_of(filename: str, lineno: int, namespace: dict):
    """Where a warning was raised, in the student's terms (local.py's rule): the cell, the line and the function of
    the notebook's that holds it; nothing for a library's line."""
    if "site-packages" in filename or "dist-packages" in filename:
        return ""
    function = next(
        (
            name
            for name, value in list(namespace.items())
            if callable(value)
            and getattr(getattr(value, "__code__", None), "co_filename", None) == filename
            and value.__code__.co_firstlineno <= lineno <= _last_line(value.__code__)
        ),
        None,
    )
    return Message("in_parentheses", text=location(named_file(filename), lineno, function))


def _last_line(code) -> int:
    """The last line a function's code (its nested functions' included) runs."""
    lines = [line for _, _, line in code.co_lines() if line is not None]
    lines += [_last_line(const) for const in code.co_consts if hasattr(const, "co_lines")]
    return max(lines, default=code.co_firstlineno)


__all__ = ["Checker", "Demo", "Verdict", "HINTS"]
