"""grade_chain: start, steps and goal points, the move rule both ways, and the messages students read."""
import math
import re
import time

import pytest
from sympy import IndexedBase, Product, Symbol, exp, expand, log, sstr, symbols

from autograder.symbolic import SPECS, grade_chain, is_sum_of_logs
from autograder.symbolic.symbols import PROBLEM_NAMES

PROBLEMS = tuple(PROBLEM_NAMES)
SIG, SHIFT, NLL, CE, MSE = PROBLEMS


def weights_sum_to_one(grade):
    return math.isclose(sum(p.weight for p in grade.parts), 1.0, abs_tol=1e-12)


def step_parts(grade):
    tail = 2 if grade.problem == MSE else 1
    return grade.parts[1:len(grade.parts) - tail]


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_reference_chain_earns_full_marks(chains, problem, lang):
    grade = grade_chain(problem, chains[problem], lang=lang)
    assert grade.score == 1.0, grade.feedback
    assert weights_sum_to_one(grade)
    assert [p.weight for p in grade.parts[:1]] == [0.2]
    assert len(step_parts(grade)) == len(chains[problem]) - 1


@pytest.mark.parametrize("problem", PROBLEMS)
def test_one_false_step_loses_exactly_that_step(chains, problem):
    """Step 2 doubles the expression and the chain goes on from there: only step 2 (and the goal) fail."""
    ref = chains[problem]
    chain = ref[:2] + [2 * e for e in ref[2:]]
    grade = grade_chain(problem, chain)
    steps = step_parts(grade)
    failed = [p for p in steps if not p.passed]
    assert len(failed) == 1 and failed[0] is steps[1]
    assert re.match(r"step 2 does not follow from step 1: at .+ = −?\d.* step 1 is −?[\d.e−]+ and step 2 is −?[\d.e−]+$",
                    failed[0].message), failed[0].message
    goal = grade.parts[len(steps) + 1]
    assert not goal.passed
    expected = 1.0 - steps[1].weight - goal.weight - (0.1 if problem == MSE else 0.0)
    assert grade.score == pytest.approx(expected)


def test_the_counterexample_in_the_message_is_real():
    z1, z2 = symbols("z1 z2", real=True)
    start = exp(z1) / (exp(z1) + exp(z2))
    wrong = 1 / (1 + exp(z1 - z2))
    grade = grade_chain(SIG, [start, wrong, 1 / (1 + exp(z2 - z1))])
    verdict = grade.verdicts[0]
    assert verdict.kind == "refuted"
    point = {z1: verdict.point["z1"], z2: verdict.point["z2"]}
    assert float(start.subs(point)) == pytest.approx(verdict.a_value, rel=1e-9)
    assert float(wrong.subs(point)) == pytest.approx(verdict.b_value, rel=1e-9)
    message = step_parts(grade)[0].message
    assert f"z1 = {verdict.point['z1']:.3g}".replace("-", "−") in message


def test_a_false_middle_step_fails_both_of_its_steps(chains):
    ref = chains[NLL]
    chain = list(ref)
    chain[2] = 3 * ref[2]
    grade = grade_chain(NLL, chain)
    passed = [p.passed for p in step_parts(grade)]
    assert passed == [True, False, False, True]
    assert "step 2 does not follow from step 1" in step_parts(grade)[1].message
    assert "step 3 does not follow from step 2" in step_parts(grade)[2].message
    assert grade.parts[-1].passed  # still ends at the goal


def test_false_step_message_in_traditional_chinese(chains):
    ref = chains[SIG]
    grade = grade_chain(SIG, ref[:2] + [2 * e for e in ref[2:]], lang="zh-TW")
    message = step_parts(grade)[1].message
    assert re.match(r"第 2 步不是由第 1 步推得：在 z1 = −?[\d.]+, z2 = −?[\d.]+ 時，第 1 步為 .+，第 2 步為 .+$", message), message
    assert grade.parts[-1].message.startswith("你的推導停在")


@pytest.mark.parametrize("problem", PROBLEMS)
def test_from_start_straight_to_goal_earns_no_step_points(chains, problem):
    ref = chains[problem]
    grade = grade_chain(problem, [ref[0], ref[-1]])
    assert grade.parts[0].passed and grade.parts[len(grade.parts) - (2 if problem == MSE else 1)].passed
    (step,) = step_parts(grade)
    assert not step.passed
    assert step.message.startswith("this step is too large: show how you got from ")
    assert grade.score == pytest.approx(0.5 if problem == MSE else 0.4)


def test_the_move_rule_both_ways(chains):
    ref = chains[NLL]
    assert SPECS[NLL].min_moves == 3
    three_moves = [ref[0], ref[1], ref[3], ref[4]]  # skips one log rule: still enough moves
    assert grade_chain(NLL, three_moves).score == 1.0
    two_moves = [ref[0], ref[1], ref[4]]
    grade = grade_chain(NLL, two_moves)
    assert [p.passed for p in step_parts(grade)] == [False, False]
    assert all("too large" in p.message and "makes 2 move(s)" in p.message for p in step_parts(grade))
    assert grade.score == pytest.approx(0.4)


def test_repeating_an_expression_is_not_a_move(chains):
    ref = chains[SIG]
    start, goal = ref[0], ref[-1]
    grade = grade_chain(SIG, [start, start, start, goal])
    assert grade.score == pytest.approx(0.4)
    assert "is the same expression as step 0 (sympy writes both the same way; it is not counted as a move); no step points: your chain makes 1 move(s)" in step_parts(grade)[0].message
    # the reference itself has two such steps (sympy writes them the same) and still earns everything
    assert sum(1 for a, b in zip(ref, ref[1:]) if a == b) == 2
    assert grade_chain(SIG, ref).score == 1.0


def test_waypoint_sum_of_logs_definition(chains):
    ref = chains[NLL]
    assert [is_sum_of_logs(e) for e in ref] == [False, True, True, False, False]


def test_nll_chain_that_never_shows_the_sum_of_logs_earns_no_step_points(chains):
    n, i, N, K = symbols("n i N K", integer=True, positive=True)
    p, y = IndexedBase("p", positive=True), IndexedBase("y", nonnegative=True)
    ref = chains[NLL]
    via_exp = -log(Product(Product(exp(y[n, i] * log(p[n, i])), (i, 1, K)), (n, 1, N)))
    chain = [ref[0], via_exp, ref[3], ref[4]]  # three moves, all valid, no sum of logs
    grade = grade_chain(NLL, chain)
    assert all(v.valid for v in grade.verdicts), grade.feedback
    assert not any(p.passed for p in step_parts(grade))
    assert "must pass through a sum of logs" in step_parts(grade)[0].message
    assert grade.score == pytest.approx(0.4)


def test_mse_goal_must_show_the_factor(chains):
    ref = chains[MSE]
    expanded = expand(ref[-1])
    grade = grade_chain(MSE, ref + [expanded])
    goal, fact = grade.parts[-2], grade.parts[-1]
    assert not goal.passed and "does not show the factor s1*(1 - s1)" in goal.message
    assert fact.passed  # the expanded form is still the gradient, and it still vanishes
    z1, z2, y1 = symbols("z1 z2 y1", real=True)
    s1 = exp(z1) / (exp(z1) + exp(z2))
    s2 = exp(z2) / (exp(z1) + exp(z2))
    with_s2 = grade_chain(MSE, ref + [4 * s1 * s2 * (s1 - y1)])  # s1*s2 is the same factor
    assert with_s2.parts[-2].passed, with_s2.parts[-2].message


def test_mse_saturation_fact_checks_the_final_expression(chains):
    ref = chains[MSE]
    grade = grade_chain(MSE, ref)
    fact = grade.parts[-1]
    assert fact.passed and "−3.74e−13 at z1 = −30" in fact.message
    z1, z2, y1 = symbols("z1 z2 y1", real=True)
    s1 = exp(z1) / (exp(z1) + exp(z2))
    wrong = grade_chain(MSE, ref + [s1 - y1])  # the cross-entropy gradient does not vanish
    assert not wrong.parts[-1].passed and "should go to 0" in wrong.parts[-1].message
    assert not wrong.parts[-2].passed


def test_a_chain_over_wrong_symbols_is_refused():
    x = Symbol("x")
    grade = grade_chain(SIG, [exp(x), exp(x) / 2, 1 / (1 + exp(-x))])
    assert grade.score == 0.0
    assert "unknown symbol x; this derivation uses z1, z2" in grade.parts[0].message
    assert all("unknown symbol x" in p.message for p in grade.parts)


def test_string_and_latex_steps(chains):
    sig = ["exp(z1)/(exp(z1)+exp(z2))", r"\frac{1}{1+e^{-z_1} e^{z_2}}", "1/(1+exp(z2-z1))", r"\frac{1}{1+e^{-(z_1-z_2)}}"]
    assert grade_chain(SIG, sig).score == 1.0
    for problem in (NLL, CE, MSE):
        grade = grade_chain(problem, [sstr(e) for e in chains[problem]])
        assert grade.score == 1.0, grade.feedback


def test_a_gradient_chain_may_start_with_diff_written_out():
    start = "diff(-(y1*log(exp(z1)/(exp(z1)+exp(z2)+exp(z3))) + y2*log(exp(z2)/(exp(z1)+exp(z2)+exp(z3))) + y3*log(exp(z3)/(exp(z1)+exp(z2)+exp(z3)))), z1)"
    chain = [start, "-y1*(1 - exp(z1)/(exp(z1)+exp(z2)+exp(z3))) + (y2 + y3)*exp(z1)/(exp(z1)+exp(z2)+exp(z3))",
             "(y1+y2+y3)*exp(z1)/(exp(z1)+exp(z2)+exp(z3)) - y1", "exp(z1)/(exp(z1)+exp(z2)+exp(z3)) - y1"]
    grade = grade_chain(CE, chain)
    assert grade.score == 1.0, grade.feedback


def test_starting_elsewhere(chains):
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[-1], ref[-1]])
    assert not grade.parts[0].passed
    assert "equals the given expression but is not written as it" in grade.parts[0].message
    z1 = Symbol("z1")
    other = grade_chain(SIG, [z1, ref[-1]])
    assert other.parts[0].message.startswith("step 0 should be the given expression exp(z1)/(exp(z1) + exp(z2))")


def test_ending_before_the_goal_is_written(chains):
    grade = grade_chain(NLL, chains[NLL][:-1])
    goal = grade.parts[-1]
    assert not goal.passed and "equals the goal but is not written as it" in goal.message
    assert all(p.passed for p in step_parts(grade))


@pytest.mark.parametrize("bad, words", [
    (None, "step 1 is None"),
    (Ellipsis, "step 1 is ... (Ellipsis)"),
    (0.5, "step 1 is the floating-point number 0.5"),
    ([1, 2], "step 1 is a list"),
    ("0.5*z1", "step 1: the floating-point number 0.5 is not allowed"),
])
def test_elements_that_are_not_expressions(chains, bad, words):
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[0], bad, ref[-1]])
    assert grade.parts[0].passed and grade.parts[-1].passed
    messages = [p.message for p in step_parts(grade)]
    assert all(words in m for m in messages), messages
    assert weights_sum_to_one(grade)


def test_numpy_scalars():
    import numpy as np
    grade = grade_chain(SIG, [np.float64(0.25), np.int64(1)])
    assert "floating-point number 0.25" in grade.parts[0].message


@pytest.mark.parametrize("steps, words", [(None, "must return a list"), ([], "the chain is empty"), ("exp(z1)", "must return a list")])
@pytest.mark.parametrize("problem", [SIG, MSE])
def test_not_a_chain(steps, words, problem):
    grade = grade_chain(problem, steps)
    assert grade.score == 0.0 and weights_sum_to_one(grade)
    assert len(grade.parts) == (4 if problem == MSE else 3)
    assert all(words in p.message for p in grade.parts)


def test_a_single_expression_has_no_steps(chains):
    grade = grade_chain(SIG, [chains[SIG][0]])
    assert [p.passed for p in grade.parts] == [True, False, False]
    assert "no steps" in grade.parts[1].message and weights_sum_to_one(grade)


def test_an_undecidable_step_costs_its_budget_and_no_more(chains):
    z1 = Symbol("z1", real=True)
    tower = z1
    for _ in range(7):  # exp applied 7 times: no point in [−3, 3] can be evaluated in time
        tower = exp(tower)
    ref = chains[SIG]
    start = time.monotonic()
    grade = grade_chain(SIG, [ref[0], ref[0] + tower, ref[2], ref[-1]], step_seconds=1.0)
    elapsed = time.monotonic() - start
    parts = step_parts(grade)
    assert "could not decide within 1 s whether step 1 follows from step 0" in parts[0].message
    assert not parts[0].passed and not parts[1].passed and parts[2].passed
    assert elapsed < 2 * 1.0 + 1.0  # two undecidable steps on two workers, plus overhead


def test_unknown_problem_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown derivation"):
        grade_chain("no_such_problem", [])


def test_astronomically_large_values_are_shown_not_infinite(chains):
    z1 = Symbol("z1", real=True)
    tower = exp(exp(exp(exp(exp(exp(z1))))))  # finite, far beyond a float, at every sampled point
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[0], ref[0] + tower, ref[2], ref[-1]])
    message = step_parts(grade)[0].message
    assert "does not follow" in message and "∞" not in message and re.search(r"step 1 is [\d.]+e\d+", message), message


@pytest.mark.parametrize("problem", PROBLEMS)
def test_min_moves_is_one_fewer_than_the_reference_makes(chains, problem):
    """The rule in chain.py's docstring, checked against solutions/ so the two cannot drift apart."""
    from autograder.symbolic.symbols import canonicalize
    ref = [canonicalize(e, problem) for e in chains[problem]]
    moves = sum(1 for a, b in zip(ref, ref[1:]) if a != b)
    assert SPECS[problem].min_moves == max(2, moves - 1)
