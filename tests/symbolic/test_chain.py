"""grade_chain: start, steps and goal points, moves measured and named, blame, and the messages students read."""

import math
import re
import time

import pytest
from sympy import Derivative, IndexedBase, Mul, Product, Sum, Symbol, exp, expand, log, sstr, symbols

from autograder.symbolic import SPECS, grade_chain
from autograder.symbolic import budget as budget_module
from autograder.symbolic.symbols import PROBLEM_NAMES

PROBLEMS = tuple(PROBLEM_NAMES)
SIG, SHIFT, NLL, CE, MSE = PROBLEMS

z1, z2, z3, c = symbols("z1 z2 z3 c", real=True)
y1, y2, y3 = symbols("y1 y2 y3", nonnegative=True)
n, i, N, K = symbols("n i N K", integer=True, positive=True)
p, y = IndexedBase("p", positive=True), IndexedBase("y", nonnegative=True)


def weights_sum_to_one(grade):
    return math.isclose(sum(p.weight for p in grade.parts), 1.0, abs_tol=1e-12)


def section(grade, which):
    return [part for part in grade.parts if part.section == which]


def step_parts(grade):
    return section(grade, "steps")


def step_share(problem):
    return SPECS[problem].parts["steps"]


def leap_score(problem):
    return 1 - step_share(problem)  # start and goal (and the MSE fact), no step points


def test_parts_come_in_order_and_each_says_its_section(chains):
    """start, the steps, goal, and the MSE fact last: the sections a grader scores, in the order students read."""
    assert step_share(MSE) == 0.5 and step_share(SIG) == 0.6
    for problem in (SIG, MSE):
        grade = grade_chain(problem, chains[problem])
        sections = [part.section for part in grade.parts]
        fact = ["vanishes"] if problem == MSE else []
        assert sections == ["start"] + ["steps"] * (len(chains[problem]) - 1) + ["goal"] + fact


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_reference_chain_earns_full_marks_with_every_step_a_named_move(chains, problem, lang):
    grade = grade_chain(problem, chains[problem], lang=lang)
    assert grade.score == 1.0, grade.feedback
    assert weights_sum_to_one(grade)
    assert [p.weight for p in grade.parts[:1]] == [0.2]
    steps = step_parts(grade)
    assert len(steps) == len(chains[problem]) - 1
    assert all(p.weight > 0 for p in steps), "no reference step repeats the one before it"
    assert all(move is not None for move in grade.moves), grade.moves
    word = "推得：" if lang == "zh-TW" else "follows from step"
    assert all(word in p.message for p in steps), [p.message for p in steps]


def test_the_moves_are_named(chains):
    named = {problem: [m["key"] for m in grade_chain(problem, chains[problem]).moves] for problem in PROBLEMS}
    assert named[SIG] == ["move_divide", "move_exp_combine"]
    assert named[SHIFT] == ["move_exp_split", "move_cancel"]
    assert named[NLL] == ["move_log_product", "move_log_product", "move_log_power", "move_sum_in"]
    assert named[CE] == ["move_distribute", "move_collect", "move_one_hot"]
    assert named[MSE] == ["move_collect", "move_softmax", "move_collect", "move_one_hot"]
    sig = grade_chain(SIG, chains[SIG])
    assert (
        step_parts(sig)[0].message == "step 1 follows from step 0: divided top and bottom by exp(z1) (sympy proved it)"
    )
    assert (
        step_parts(sig.in_language("zh-TW"))[0].message
        == "第 1 步由第 0 步推得：分子分母同除以 exp(z1)（sympy 已證明）"
    )


def test_graded_once_shown_in_both_languages(chains):
    pool = budget_module.reset_default(workers=2)
    grade = grade_chain(CE, chains[CE])
    calls = pool.calls
    chinese = grade.in_language("zh-TW")
    assert pool.calls == calls
    assert [p.passed for p in chinese.parts] == [p.passed for p in grade.parts]
    assert chinese.parts[0].name == "從題目給定的式子開始" and grade.parts[0].name == "starts at the given expression"
    assert "獨熱向量" in step_parts(chinese)[2].message


@pytest.mark.parametrize("problem", PROBLEMS)
def test_one_false_step_loses_exactly_that_step(chains, problem):
    """Step 2 doubles the expression and the chain goes on from there: only step 2 (and the goal) fail."""
    ref = chains[problem]
    chain = ref[:2] + [2 * e for e in ref[2:]]
    grade = grade_chain(problem, chain)
    steps = step_parts(grade)
    failed = [p for p in steps if not p.passed]
    assert len(failed) == 1 and failed[0] is steps[1], grade.feedback
    assert re.match(
        r"step 2 does not follow from step 1: at .+ = −?\d.* step 1 is −?[\d.e−]+ and step 2 is −?[\d.e−]+$",
        failed[0].message,
    ), failed[0].message
    goal = grade.parts[len(steps) + 1]
    assert not goal.passed
    expected = 1.0 - steps[1].weight - goal.weight - (0.1 if problem == MSE else 0.0)
    assert grade.score == pytest.approx(expected)


def test_the_counterexample_in_the_message_is_real():
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
    assert re.match(
        r"第 2 步不是由第 1 步推得：在 z1 = −?[\d.]+, z2 = −?[\d.]+ 時，第 1 步為 .+，第 2 步為 .+$", message
    ), message
    assert grade.parts[-1].message.startswith("你的推導停在")


@pytest.mark.parametrize("problem", PROBLEMS)
def test_from_start_straight_to_goal_earns_no_step_points(chains, problem):
    ref = chains[problem]
    grade = grade_chain(problem, [ref[0], ref[-1]])
    assert grade.parts[0].passed and section(grade, "goal")[0].passed
    (step,) = step_parts(grade)
    assert not step.passed
    assert step.message.startswith("step 1 is true but too large: no single move of the list turns "), step.message
    assert grade.moves == [None]
    assert grade.score == pytest.approx(leap_score(problem))


def test_a_skipped_rule_is_a_leap_and_a_leap_withholds_every_step(chains):
    """Measured, not counted: skipping log(aᵇ) = b log a makes that step two moves, and a chain that leaps
    anywhere earns no step points (each valid step still says which move it made)."""
    ref = chains[NLL]
    grade = grade_chain(NLL, [ref[0], ref[1], ref[3], ref[4]])
    steps = step_parts(grade)
    assert [p.passed for p in steps] == [False, False, False]
    assert steps[1].message.startswith("step 2 is true but too large")
    assert steps[0].message == (
        "step 1 follows from step 0: used log(ab) = log(a) + log(b): the log of a product is "
        "the sum of the logs; but there are no step points while step 2 leaps over several moves"
    )
    assert grade.score == pytest.approx(0.4)


@pytest.mark.parametrize("problem", [SIG, SHIFT, CE])
def test_padding_a_leap_with_an_unsimplified_one_buys_nothing(chains, problem):
    """[start, start·R, goal·R, goal] with R an unsimplified 1: no more than the honest leap [start, goal]."""
    ref = chains[problem]
    one = (exp(2 * z1) - 1) / ((exp(z1) - 1) * (exp(z1) + 1))
    padded = grade_chain(problem, [ref[0], ref[0] * one, ref[-1] * one, ref[-1]])
    honest = grade_chain(problem, [ref[0], ref[-1]])
    assert padded.score <= honest.score == pytest.approx(leap_score(problem)), padded.feedback
    steps = step_parts(padded)
    assert "too large" in steps[1].message, "the leap in the middle is still a leap"


def test_padding_with_repeats_changes_nothing(chains):
    ref = chains[SIG]
    start, goal = ref[0], ref[-1]
    grade = grade_chain(SIG, [start, start, start, goal])
    assert grade.score == pytest.approx(0.4)
    steps = step_parts(grade)
    assert [p.weight for p in steps[:2]] == [0, 0]
    assert steps[0].message == (
        "step 1 is the same expression as step 0 once sympy writes it out: not counted "
        "(it neither earns nor loses points)"
    )
    again = grade_chain(SIG, [start, ref[1], ref[1], goal])
    assert again.score == 1.0


def test_a_vanishing_size_factor_is_refuted_at_a_random_size(chains):
    """(K−2)(K−3)·anything is zero only at K = 2, 3: the sizes are sampled, so the false step is caught."""
    ref = chains[NLL]
    junk = (K - 2) * (K - 3) * Sum(log(p[n, i]), (i, 1, K), (n, 1, N))
    grade = grade_chain(NLL, [ref[0], ref[1] + junk, ref[2], ref[3], ref[4]])
    verdict = grade.verdicts[0]
    assert verdict.kind == "refuted" and verdict.point["K"] not in (2, 3), verdict
    assert grade.score <= grade_chain(NLL, [ref[0], 2 * ref[1], ref[2], ref[3], ref[4]]).score


def test_numeric_verdicts_say_sampling_decided():
    grade = grade_chain(
        NLL,
        [
            "-log(Product(Product(p[n,i]**y[n,i], (i,1,K)), (n,1,N)))",
            "-log(Product(Product(p[n,K+1-i]**y[n,K+1-i], (i,1,K)), (n,1,N)))",
        ],
    )
    verdict = grade.verdicts[0]
    assert verdict.kind in ("numeric", "refuted", "undecided")
    if verdict.kind == "numeric":
        assert verdict.sizes >= 40 and "random points, with sizes N, K drawn from 1 to" in step_parts(grade)[0].message


def test_an_unevaluated_derivative_is_refused_at_the_start(chains):
    ref = chains[CE]
    den = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
    lazy = Derivative(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
    grade = grade_chain(CE, [lazy] + ref[1:])
    assert not grade.parts[0].passed
    assert "an unevaluated Derivative is not a step" in grade.parts[0].message
    assert "step 0 could not be read" in step_parts(grade)[0].message
    false_start = grade_chain(CE, [2 * ref[0]] + ref[1:])
    assert grade.score <= false_start.score


def test_an_unevaluated_derivative_anywhere_is_refused(chains):
    ref = chains[CE]
    den = exp(z1) + exp(z2) + exp(z3)
    grade = grade_chain(CE, ref[:3] + [Derivative(log(den), z1) - y1])
    assert not grade.parts[-1].passed and "unevaluated Derivative" in grade.parts[-1].message


def test_an_unreadable_step_is_blamed_alone(chains):
    """A misspelt symbol: its two steps cannot be checked; the others keep their points (no "too large")."""
    ref = chains[NLL]
    chain = [ref[0], ref[1], "-Sum(Sum(log(q[n, i]**y[n, i]), (i, 1, K)), (n, 1, N))", ref[3], ref[4]]
    grade = grade_chain(NLL, chain)
    steps = step_parts(grade)
    assert [p.passed for p in steps] == [True, False, False, True]
    assert steps[1].message.startswith("step 2 cannot be checked: unknown symbol q")
    assert steps[2].message.startswith("step 3 cannot be checked: step 2 could not be read (unknown symbol q")
    assert not any("too large" in p.message for p in steps)


def test_steps_are_quoted_as_written():
    """Text is quoted as typed, not as sympy rewrote it (here sympy would cancel exp(c) at once)."""
    written = "exp(z1)*exp(c)/(exp(c)*(exp(z1)+exp(z2)+exp(z3)))"
    grade = grade_chain(SHIFT, ["exp(z1+c)/(exp(z1+c)+exp(z2+c)+exp(z3+c))", written])
    assert written in step_parts(grade)[0].message
    plain = Symbol("z1")  # complex: log(exp(z1)) is not z1 for the student's sympy, it is for the checker's
    grade = grade_chain(SIG, [log(exp(plain)), exp(z1) / (exp(z1) + exp(z2))])
    assert "log(exp(z1))" in grade.parts[0].message


def test_nll_chain_through_exp_is_a_leap(chains):
    ref = chains[NLL]
    via_exp = -log(Product(Product(exp(y[n, i] * log(p[n, i])), (i, 1, K)), (n, 1, N)))
    grade = grade_chain(NLL, [ref[0], via_exp, ref[3], ref[4]])
    assert all(v.valid for v in grade.verdicts), grade.feedback
    assert not any(p.passed for p in step_parts(grade))
    assert grade.score == pytest.approx(0.4)


def test_mse_goal_must_show_the_factor(chains):
    ref = chains[MSE]
    expanded = expand(ref[-1])
    grade = grade_chain(MSE, ref + [expanded])
    goal, fact = grade.parts[-2], grade.parts[-1]
    assert not goal.passed and "does not show the factor s1*(1 - s1)" in goal.message
    assert fact.passed  # the expanded form is still the gradient, and it still vanishes
    s1 = exp(z1) / (exp(z1) + exp(z2))
    s2 = exp(z2) / (exp(z1) + exp(z2))
    with_s2 = grade_chain(MSE, ref + [4 * s1 * s2 * (s1 - y1)])  # s1*s2 is the same factor
    assert with_s2.parts[-2].passed, with_s2.parts[-2].message
    assert with_s2.moves[-1]["key"] == "move_softmax"


def test_mse_saturation_fact_checks_the_final_expression(chains):
    ref = chains[MSE]
    grade = grade_chain(MSE, ref)
    fact = grade.parts[-1]
    assert fact.passed and "−3.74e−13 at z1 = −30" in fact.message
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
    sig = [
        "exp(z1)/(exp(z1)+exp(z2))",
        r"\frac{1}{1+e^{-z_1} e^{z_2}}",
        "1/(1+exp(z2-z1))",
        r"\frac{1}{1+e^{-(z_1-z_2)}}",
    ]
    grade = grade_chain(SIG, sig)
    assert grade.score == 1.0, grade.feedback
    leap = grade_chain(SIG, [sig[0], sig[3]])
    assert (
        r"turns exp(z1)/(exp(z1)+exp(z2)) into \frac{1}{1+e^{-(z_1-z_2)}};" in step_parts(leap)[0].message
    )  # as written
    for problem in (NLL, CE, MSE):
        grade = grade_chain(problem, [sstr(e) for e in chains[problem]])
        assert grade.score == 1.0, grade.feedback


def test_ambiguous_latex_is_refused_with_both_readings(chains):
    ref = chains[NLL]
    grade = grade_chain(NLL, [r"-\ln \prod_{n=1}^{N} \prod_{i=1}^{K} p_{n,i}^{y_{n,i}}"] + ref[1:])
    assert "can be read in two ways" in grade.parts[0].message and r"\left(" in grade.parts[0].message
    written = [r"-\ln \left( \prod_{n=1}^{N} \prod_{i=1}^{K} p_{n,i}^{y_{n,i}} \right)"] + ref[1:]
    assert grade_chain(NLL, written).score == 1.0


def test_a_gradient_chain_may_start_with_diff_written_out():
    s = "exp(z1)/(exp(z1)+exp(z2)+exp(z3))"
    s2, s3 = "exp(z2)/(exp(z1)+exp(z2)+exp(z3))", "exp(z3)/(exp(z1)+exp(z2)+exp(z3))"
    start = f"diff(-(y1*log({s}) + y2*log({s2}) + y3*log({s3})), z1)"
    chain = [start, f"-y1*(1 - {s}) + y2*{s} + y3*{s}", f"(y1+y2+y3)*{s} - y1", f"{s} - y1"]
    grade = grade_chain(CE, chain)
    assert grade.score == 1.0, grade.feedback


def test_starting_elsewhere(chains):
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[-1], ref[-1]])
    assert not grade.parts[0].passed
    assert "equals the given expression but is not written as it" in grade.parts[0].message
    other = grade_chain(SIG, [Symbol("z1"), ref[-1]])
    assert other.parts[0].message.startswith("step 0 should be the given expression exp(z1)/(exp(z1) + exp(z2))")


def test_start_and_goal_up_to_trivial_rearrangement(chains):
    """The order of terms and a number pulled in front of a sum are not changes; the goal as written still is."""
    ref = chains[MSE]
    s1 = exp(z1) / (exp(z1) + exp(z2))
    rearranged = Mul(-4, s1, 1 - s1, y1 - s1)  # −4·s1(1 − s1)(y1 − s1): the same form as 4·s1(1 − s1)(s1 − y1)
    grade = grade_chain(MSE, ref[:-1] + [rearranged])
    assert grade.score == 1.0, grade.feedback


def test_ending_before_the_goal_is_written(chains):
    grade = grade_chain(NLL, chains[NLL][:-1])
    goal = grade.parts[-1]
    assert not goal.passed and "equals the goal but is not written as it" in goal.message
    assert all(p.passed for p in step_parts(grade))


@pytest.mark.parametrize(
    "bad, words",
    [
        (None, "step 1 is None"),
        (Ellipsis, "step 1 is ... (Ellipsis)"),
        (0.5, "step 1 is the floating-point number 0.5"),
        ([1, 2], "step 1 is a list"),
        ("0.5*z1", "the floating-point number 0.5 is not allowed"),
    ],
)
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


@pytest.mark.parametrize(
    "steps, words", [(None, "must return a list"), ([], "the chain is empty"), ("exp(z1)", "must return a list")]
)
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
    tower = z1
    for _ in range(7):  # exp applied 7 times: no point in [−3, 3] can be evaluated in time
        tower = exp(tower)
    ref = chains[SIG]
    start = time.monotonic()
    grade = grade_chain(SIG, [ref[0], ref[0] + tower, ref[1], ref[-1]], step_seconds=1.0)
    elapsed = time.monotonic() - start
    parts = step_parts(grade)
    assert "could not decide within 1 s whether step 1 follows from step 0" in parts[0].message
    assert not parts[0].passed and not parts[1].passed and parts[2].passed
    assert elapsed < 2 * 1.0 + 1.0  # two undecidable steps on two workers, plus overhead


def test_a_whole_chain_has_one_deadline(chains):
    """Fifty steps that each cost a whole step budget: the chain stops at its own deadline, not 50 budgets."""
    tower = z1
    for _ in range(7):
        tower = exp(tower)
    steps = [chains[SIG][0]] + [chains[SIG][0] + k * tower for k in range(1, 49)] + [chains[SIG][-1]]
    start = time.monotonic()
    grade = grade_chain(SIG, steps, step_seconds=1.0, chain_seconds=3.0)
    elapsed = time.monotonic() - start
    assert elapsed < 3.0 + 1.5, elapsed
    assert any("the time for this derivation (3 s) ran out" in p.message for p in step_parts(grade))
    assert grade.score <= 0.4


def test_unknown_problem_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown derivation"):
        grade_chain("no_such_problem", [])


def test_astronomically_large_values_are_shown_not_infinite(chains):
    tower = exp(exp(exp(exp(exp(exp(z1))))))  # finite, far beyond a float, at every sampled point
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[0], ref[0] + tower, ref[1], ref[-1]])
    message = step_parts(grade)[0].message
    assert "does not follow" in message and "∞" not in message and re.search(r"step 1 is [\d.]+e\d+", message), message


def test_the_spec_start_matches_what_a_submission_sends(chains):
    """The start a stub computes (sympy objects → plain tree → rebuilt in a worker) is recognised as written."""
    for problem in PROBLEMS:
        assert grade_chain(problem, chains[problem][:1]).parts[0].message == "step 0 is the given expression"
        assert SPECS[problem].start_keys


def test_the_release_guard_refuses_a_reference_step(tmp_path, chains):
    """The middle steps of the reference chains are the answer: a file holding one (as sympy prints it) leaks."""
    from autograder.authoring.generate import leaks

    (tmp_path / "notes.py").write_text(f"hint = {sstr(chains[NLL][2])!r}\n", encoding="utf-8")
    (tmp_path / "fine.py").write_text(
        f"start = {sstr(chains[NLL][0])!r}\ngoal = {sstr(chains[NLL][-1])!r}\n", encoding="utf-8"
    )
    found = leaks(tmp_path)
    assert any(
        f.startswith("notes.py: holds") and "a step of the reference chain cross_entropy_is_nll" in f for f in found
    ), found
    assert not any(f.startswith("fine.py") for f in found), found
