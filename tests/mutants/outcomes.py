"""Grading the mutants: which lose points on the problem they mutate, under every identity, and which of those the
visible checks already flag (the rest are the grade's surprises).

    killed     the mutated problem scores less than its points under every identity graded
    flaky      it loses points under some identities only: a bug caught by luck of the inputs (counted as not killed)
    survived   full points under every identity
    surprise   killed (or flaky) while every visible check of the assignment passes

Used by bench/mutants.py and tests/test_mutants.py; mutate.py makes the mutants.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mutate import Mutant, equivalents

IDENTITIES = ("mutant-a@example.edu", "mutant-b@example.edu", "mutant-c@example.edu")


@dataclass
class Graded:
    """What grading did to one wrong submission (a mutant, or a corpus entry)."""

    label: str
    assignment: str
    problem: str
    lost: list = field(default_factory=list)  # per identity: did the problem lose points
    visible_failed: bool = False  # some visible check of the assignment failed
    feedback: str = ""  # the problem's first failure, in English (the first identity)
    categories: set = field(default_factory=set)  # categories named by the failed hidden checks of the problem
    equivalent: str | None = None  # the listed reason, for a mutant listed as equivalent

    @property
    def killed(self) -> bool:
        return bool(self.lost) and all(self.lost)

    @property
    def flaky(self) -> bool:
        return any(self.lost) and not all(self.lost)

    @property
    def surprise(self) -> bool:
        return any(self.lost) and not self.visible_failed


def grade_submissions(
    items: Iterable[tuple[str, str, str, str]], identities: tuple = IDENTITIES, visible: bool = True
) -> list[Graded]:
    """Grade (label, assignment, problem, source) items: hidden checks under each identity, visible checks once."""
    from autograder.grading.engine import Grader

    items = list(items)
    out: dict[str, Graded] = {label: Graded(label, a, p) for label, a, p, _ in items}
    with tempfile.TemporaryDirectory(prefix="kit-mutants-") as tmp:
        paths = {}
        for n, (label, _, _, source) in enumerate(items):
            path = Path(tmp) / f"m{n:05d}.py"
            path.write_text(source, encoding="utf-8")
            paths[label] = path
        for assignment in sorted({a for _, a, _, _ in items}):
            mine = [(label, p) for label, a, p, _ in items if a == assignment]
            with Grader(assignment, lang="en") if identities else _Nothing() as grader:
                for number, identity in enumerate(identities):
                    for label, problem in mine:
                        report = grader.grade(paths[label], student=identity)
                        result = report.problems[problem]
                        graded = out[label]
                        graded.lost.append(result.score < result.max_score)
                        if number == 0:
                            graded.feedback = result.message
                            for check in report.checks:
                                if check.problem == problem and not check.passed:
                                    graded.categories.add(getattr(check, "category", None))
            if visible:
                with Grader(assignment, lang="en", visible=True) as grader:
                    for label, _ in mine:
                        report = grader.grade(paths[label], student=identities[0] if identities else "visible")
                        out[label].visible_failed = any(not c.passed for c in report.checks)
    return [out[label] for label, _, _, _ in items]


def wrong_submissions(assignments=("a1_encoding", "a2_losses", "a3_gradients")) -> list[tuple[str, str, str, str]]:
    """The labelled corpus (tests/corpus/) and the real-world bugs (tests/realworld/), as (label, assignment,
    problem, source): the other wrong submissions whose surprises count."""
    import importlib.util
    import sys

    tests = Path(__file__).resolve().parent.parent

    def load(name: str, path: Path):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # their dataclasses look their module up
        spec.loader.exec_module(module)
        return module

    items = []
    corpus = load("corpus_evaluate", tests / "corpus" / "evaluate.py")
    for entry in corpus.load_entries():
        if entry.assignment in assignments:
            items.append((f"corpus/{entry.label}", entry.assignment, entry.problem, corpus.submission(entry)))
    realworld = load("realworld_load", tests / "realworld" / "load.py")
    for entry in realworld.load_entries():
        if entry.label == "bug" and entry.assignment in assignments:
            items.append((f"realworld/{entry.key}", entry.assignment, entry.problem, realworld.submission(entry)))
    return items


class _Nothing:
    """No hidden grading (only the visible checks are asked for)."""

    def __enter__(self):
        return None

    def __exit__(self, *exc) -> None:
        pass


def grade_mutants(mutants: list[Mutant], identities: tuple = IDENTITIES, visible: bool = True) -> list[Graded]:
    listed = equivalents()
    graded = grade_submissions(
        ((m.key, m.assignment, m.function, m.submission()) for m in mutants), identities, visible
    )
    for g in graded:
        entry = listed.get(g.label)
        g.equivalent = entry.reason if entry else None
    return graded


@dataclass(frozen=True)
class Score:
    problem: str
    mutants: int
    equivalent: int
    killed: int
    flaky: int
    survived: list  # labels of the non-equivalent mutants that kept full points under some identity

    @property
    def score(self) -> float:
        counted = self.mutants - self.equivalent
        return self.killed / counted if counted else 1.0


def scores(graded: list[Graded]) -> dict[str, Score]:
    by_problem: dict[str, list[Graded]] = {}
    for g in graded:
        by_problem.setdefault(g.problem, []).append(g)
    out = {}
    for problem, group in by_problem.items():
        counted = [g for g in group if g.equivalent is None]
        out[problem] = Score(
            problem,
            len(group),
            len(group) - len(counted),
            sum(g.killed for g in counted),
            sum(g.flaky for g in counted),
            [g.label for g in counted if not g.killed],
        )
    return out


def surprise_rate(graded: list[Graded]) -> tuple[int, int]:
    """(surprises, wrong submissions that lose points): the share the visible checks do not warn of."""
    losing = [g for g in graded if any(g.lost) and g.equivalent is None]
    return sum(g.surprise for g in losing), len(losing)
