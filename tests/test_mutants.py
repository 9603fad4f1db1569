"""Every real bug costs points, and the visible checks warn of it: the kit's mutation testing of its own graders.

tests/mutants/mutate.py makes every single-point mutant of the reference functions of a1-a3 (the slips students
make: operators, axes, keepdims, sum for mean, max for min, constants, a clip or the max subtraction removed,
arguments swapped, a transpose, an index off by one, np.where's branches swapped, dtype casts, a copy dropped).
Each is graded as a class batch under two identities. Every mutant not listed as equivalent (with its reason, in
tests/mutants/equivalent.yml) must lose points on the problem it mutates under both, so no problem's mutation
score can fall below 100 %; a listed one must keep its points (else it was not equivalent). The visible checks
must flag at least 85 % of the mutants that lose points (the grade's surprise rate at most 15 %), and every
check that takes points names its category.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import grade_class, problem_points

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "mutants"))

import mutate  # noqa: E402
import outcomes  # noqa: E402

IDENTITIES = 2
MUTANTS = mutate.all_mutants()
EQUIVALENT = mutate.equivalents()


def test_the_equivalent_list_names_real_mutants_once_each():
    keys = [m.key for m in MUTANTS]
    assert len(keys) == len(set(keys))
    assert set(EQUIVALENT) <= set(keys), sorted(set(EQUIVALENT) - set(keys))
    assert all(entry.reason.strip() for entry in EQUIVALENT.values())


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """{mutant key: [results.json per identity]}, every mutant graded as a class, per assignment."""
    out = {}
    for assignment in mutate.ASSIGNMENTS:
        mine = [m for m in MUTANTS if m.assignment == assignment]
        sources = {f"{m.ident}--{n}": m.submission() for m in mine for n in range(IDENTITIES)}
        results = grade_class(sources, assignment, tmp_path_factory.mktemp(assignment))
        for m in mine:
            out[m.key] = [results[f"{m.ident}--{n}"] for n in range(IDENTITIES)]
    return out


def _lost(mutant, results) -> list:
    return [score < top for score, top in (problem_points(r, mutant.function) for r in results)]


def test_every_mutant_that_is_not_equivalent_loses_points_on_its_problem_under_every_identity(graded):
    survivors = [
        (m.function, m.kind, m.before, m.after)
        for m in MUTANTS
        if m.key not in EQUIVALENT and not all(_lost(m, graded[m.key]))
    ]
    by_problem = {}
    for m in MUTANTS:
        if m.key not in EQUIVALENT:
            by_problem.setdefault(m.function, []).append(all(_lost(m, graded[m.key])))
    scores = {problem: sum(killed) / len(killed) for problem, killed in by_problem.items()}
    assert len(scores) == 18 and not survivors, (scores, survivors)


def test_a_listed_equivalent_mutant_keeps_its_points(graded):
    killed = [m.key for m in MUTANTS if m.key in EQUIVALENT and any(_lost(m, graded[m.key]))]
    assert not killed, f"listed as equivalent but loses points (remove it from equivalent.yml): {killed}"


def test_every_check_that_takes_points_names_its_category(graded):
    unnamed = [
        (m.function, t["name"])
        for m in MUTANTS
        for t in graded[m.key][0]["tests"]
        if t["score"] < t["max_score"]
        and not t["output"].startswith("[")
        and "forbidden" not in t["output"]
        and "not implemented" not in t["output"]
    ]
    assert not unnamed, unnamed[:10]


def test_the_visible_checks_warn_of_what_the_grade_takes(graded):
    """The surprise rate: wrong submissions (the mutants, the labelled corpus, the real-world bugs) that lose points
    although every visible check passes, at most 15 %; each such loss names its category."""
    losing = [
        (m.key, m.assignment, m.function, m.submission())
        for m in MUTANTS
        if m.key not in EQUIVALENT and any(_lost(m, graded[m.key]))
    ]
    mutants = outcomes.grade_submissions(losing, identities=(), visible=True)  # they lose points: see `graded`
    others = [g for g in outcomes.grade_submissions(outcomes.wrong_submissions(), ("corpus",), True) if any(g.lost)]
    surprises = [g.label for g in mutants if not g.visible_failed] + [g.label for g in others if g.surprise]
    wrong = len(mutants) + len(others)
    assert len(surprises) <= 0.15 * wrong, (len(surprises), wrong, surprises)
    assert all(None not in g.categories for g in others if g.surprise)
