"""check_equivalent: proved, numeric, refuted (with a confirmed point) or undecided, never a false refutation."""

import time

import pytest
from sympy import IndexedBase, Product, Sum, Symbol, exp, log, symbols

from autograder.checker.symbolic import check_equivalent
from autograder.checker.symbolic.equivalence import Verdict

SIG = "sigmoid_softmax_equivalence"
NLL = "cross_entropy_is_nll"
CE = "softmax_ce_gradient"


def test_proved_by_cheap_rewrites():
    z1, z2 = symbols("z1 z2")
    v = check_equivalent(exp(z1) / (exp(z1) + exp(z2)), 1 / (1 + exp(z2 - z1)), SIG)
    assert (v.kind, v.valid) == ("proved", True)
    assert v.method.startswith("rewrite:")


def test_structural_equality_is_a_proof_and_is_cached():
    from autograder.grading.budget import default_budget

    v = check_equivalent("exp(z1)/(exp(z1)+exp(z2))", "exp(z1)*(exp(z2)+exp(z1))**-1", SIG)
    assert (v.kind, v.method) == ("proved", "structure")
    calls = default_budget().calls
    assert check_equivalent("exp(z1)/(exp(z1)+exp(z2))", "exp(z1)*(exp(z2)+exp(z1))**-1", SIG) == v
    assert default_budget().calls == calls


def test_refuted_with_a_point_where_they_differ():
    v = check_equivalent("1/(1+exp(z2-z1))", "1/(1+exp(z1-z2))", SIG)
    assert v.kind == "refuted" and not v.valid
    assert set(v.point) == {"z1", "z2"}
    assert all(-3 <= value <= 3 for value in v.point.values())
    z1, z2 = v.point["z1"], v.point["z2"]
    import math

    assert v.a_value == pytest.approx(1 / (1 + math.exp(z2 - z1)), rel=1e-12)
    assert v.b_value == pytest.approx(1 / (1 + math.exp(z1 - z2)), rel=1e-12)
    assert abs(v.a_value - v.b_value) > 1e-3


def test_pitfall_complex_symbols_log_of_product():
    """log∏ = Σlog needs positive p; canonicalize gives it even when the submission's p is complex."""
    n, i, N, K = symbols("n i N K")
    p, y = IndexedBase("p"), IndexedBase("y")
    start = -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N)))
    sum_of_logs = -Sum(Sum(log(p[n, i] ** y[n, i]), (i, 1, K)), (n, 1, N))
    assert check_equivalent(start, sum_of_logs, NLL).kind == "proved"
    doubled = -Sum(Sum(2 * log(p[n, i] ** y[n, i]), (i, 1, K)), (n, 1, N))
    v = check_equivalent(start, doubled, NLL)
    assert v.kind == "refuted"
    assert {"N", "K"} <= set(v.point) and any(key.startswith("p") for key in v.point)
    assert v.sizes >= 40  # sizes were sampled, from a range well above the lecture's


def test_pitfall_targets_must_sum_to_one():
    z1, z2, z3, y1, y2, y3 = symbols("z1 z2 z3 y1 y2 y3")
    s1 = exp(z1) / (exp(z1) + exp(z2) + exp(z3))
    collected, goal = s1 * (y1 + y2 + y3) - y1, s1 - y1
    assert check_equivalent(collected, goal, CE).valid  # the problem substitutes y3 = 1 − y1 − y2
    free = check_equivalent(collected, goal)  # no problem: targets are free, so the identity is false
    assert free.kind == "refuted"
    assert free.point["y1"] + free.point["y2"] + free.point["y3"] != pytest.approx(1)


def test_refutation_point_respects_the_one_hot_constraint():
    v = check_equivalent("y1*exp(z1)/(exp(z1)+exp(z2)+exp(z3))", "y2*exp(z1)/(exp(z1)+exp(z2)+exp(z3))", CE)
    assert v.kind == "refuted"
    assert v.point["y1"] + v.point["y2"] + v.point["y3"] == pytest.approx(1)
    assert all(0 < v.point[k] < 1 for k in ("y1", "y2", "y3"))


def test_numeric_when_no_rewrite_proves_it():
    v = check_equivalent("Sum(p[n,i], (i,1,K))", "Sum(p[n,K+1-i], (i,1,K))", NLL)  # the same sum, backwards
    assert (v.kind, v.valid) == ("numeric", True)
    assert v.points >= 20


def test_derivatives_are_evaluated_in_the_check():
    v = check_equivalent("diff(exp(z1)/(exp(z1)+exp(z2)), z1)", "exp(z1)*exp(z2)/(exp(z1)+exp(z2))**2", SIG)
    assert v.valid


def test_a_timeout_is_undecided_not_refuted():
    """A false step whose every evaluation takes forever (a tower of exponentials) costs the budget, no more."""
    z1 = Symbol("z1")
    tower = z1
    for _ in range(7):  # exp applied 7 times: no point in [−3, 3] can be evaluated in time
        tower = exp(tower)
    start = time.monotonic()
    v = check_equivalent(tower, tower + 1, SIG, budget=1.0)
    elapsed = time.monotonic() - start
    assert v.kind == "undecided"  # out of time or out of memory at every point: never "refuted"
    assert elapsed < 1.0 + 0.5


def test_pathological_expansion_stays_within_budget():
    start = time.monotonic()
    v = check_equivalent("(z1+1)**100000 - (z1-1)**100000", "(z1-1)**100000 - (z1+1)**100000", SIG, budget=1.0)
    assert time.monotonic() - start < 1.0 + 0.5
    assert v.kind in ("refuted", "undecided")  # never "proved"


def test_verdict_round_trips_through_json():
    import json

    v = Verdict("refuted", "numeric", {"z1": 0.31}, complex(1, 2), 0.5, 3)
    assert Verdict.from_dict(json.loads(json.dumps(v.to_dict()))) == v


def test_a_point_shows_every_target_tied_by_one_hot():
    v = check_equivalent("y1*exp(z1)/(exp(z1)+exp(z2)+exp(z3))", "y3*exp(z1)/(exp(z1)+exp(z2)+exp(z3))", CE)
    assert v.kind == "refuted" and {"y1", "y2", "y3"} <= set(v.point)
    v = check_equivalent("exp(z1)/(exp(z1)+exp(z2)+exp(z3))", "2*exp(z1)/(exp(z1)+exp(z2)+exp(z3))", CE)
    assert set(v.point) == {"z1", "z2", "z3"}  # no targets involved: none shown


def test_sizes_are_random_and_reach_beyond_the_lecture():
    """Every point draws its own N, K; over the 24 points of a check both small and large sizes occur."""
    import random

    from autograder.checker.symbolic.equivalence import _sample_points, size_range
    from autograder.checker.symbolic.symbols import K as size_k
    from autograder.checker.symbolic.symbols import N as size_n

    points = _sample_points({"N", "K"}, NLL, True, 24, random.Random(7), 40)
    sizes = {pt.sizes for pt in points}
    assert len(sizes) > 10 and max(max(s) for s in sizes) > 10 and min(min(s) for s in sizes) <= 3
    assert size_range(size_k, size_k) == 60 * 1 or size_range(size_k, size_k) >= 40
    vanishing = (size_k - 2) * (size_k - 3) * size_n
    assert size_range(vanishing, size_n) >= 30 * 3  # the range grows with the degree in the sizes


def test_a_factor_vanishing_at_two_sizes_is_refuted():
    v = check_equivalent(
        "Sum(y[n,i]*log(p[n,i]), (i,1,K), (n,1,N))",
        "Sum(y[n,i]*log(p[n,i]), (i,1,K), (n,1,N)) + (K-2)*(K-3)*Sum(log(p[n,i]), (i,1,K), (n,1,N))",
        NLL,
    )
    assert v.kind == "refuted" and v.point["K"] not in (2, 3)


def test_the_seed_moves_the_points_not_the_verdict():
    a, b = "1/(1+exp(z2-z1))", "1/(1+exp(z1-z2))"
    first = check_equivalent(a, b, SIG, seed=1)
    second = check_equivalent(a, b, SIG, seed=2)
    assert first.kind == second.kind == "refuted" and first.point != second.point
