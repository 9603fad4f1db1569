"""grade_chain: start, steps and goal points, moves measured and named, blame, and the messages students read."""

import math
import re

import pytest
from sympy import Derivative, IndexedBase, Mul, Product, Sum, Symbol, exp, expand, log, sstr, symbols

from autograder.checker.symbolic import SPECS, grade_chain
from autograder.checker.symbolic.symbols import PROBLEM_NAMES
from autograder.grading import budget as budget_module

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


def link_parts(grade):
    """The parts of the links (the progress section without its summary, which comes last)."""
    return section(grade, "progress")[:-1]


def summary(grade):
    return section(grade, "progress")[-1]


def share(problem):
    return SPECS[problem].parts["progress"]


def moves(problem):
    return SPECS[problem].route.total


def leap_score(problem):
    """[start, goal]: no move shown; only the MSE fact, which the goal's form shows."""
    return 1 - share(problem)


def test_parts_come_in_order_and_each_says_its_section(chains):
    """the links, the progress summary, and the MSE fact last: the sections a grader scores, in reading order."""
    assert share(MSE) == 0.9 and share(SIG) == 1.0
    for problem in (SIG, MSE):
        grade = grade_chain(problem, chains[problem])
        sections = [part.section for part in grade.parts]
        fact = ["vanishes"] if problem == MSE else []
        assert sections == ["progress"] * len(chains[problem]) + fact


@pytest.mark.parametrize("problem", PROBLEMS)
@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_reference_chain_earns_full_marks_every_move_its_share(chains, problem, lang):
    grade = grade_chain(problem, chains[problem], lang=lang)
    assert grade.score == 1.0, grade.feedback
    assert weights_sum_to_one(grade)
    links = link_parts(grade)
    assert len(links) == len(chains[problem]) - 1 == moves(problem), "the reference chain is the route"
    assert all(p.weight == pytest.approx(share(problem) / moves(problem)) for p in links)
    assert all(move is not None for move in grade.moves), grade.moves
    assert [c.why for c in grade.credits] == ["progress"] * moves(problem)
    assert grade.distances == list(range(moves(problem), -1, -1))
    word = "推得：" if lang == "zh-TW" else "follows from step"
    assert all(word in p.message for p in links), [p.message for p in links]
    assert summary(grade).passed and summary(grade).weight == 0


def test_the_moves_are_named(chains):
    named = {problem: [m["key"] for m in grade_chain(problem, chains[problem]).moves] for problem in PROBLEMS}
    assert named[SIG] == ["move_divide", "move_exp_combine"]
    assert named[SHIFT] == ["move_exp_split", "move_cancel"]
    assert named[NLL] == ["move_log_product", "move_log_product", "move_log_power", "move_sum_in"]
    assert named[CE] == ["move_distribute", "move_collect", "move_one_hot"]
    assert named[MSE] == ["move_collect", "move_softmax", "move_collect", "move_one_hot"]
    sig = grade_chain(SIG, chains[SIG])
    assert link_parts(sig)[0].message == (
        "step 1 follows from step 0: divided top and bottom by exp(z1) (sympy proved it): "
        "1 of the 2 moves to the goal, 50 % of the problem's points"
    )
    assert (
        link_parts(sig.in_language("zh-TW"))[0].message
        == "第 1 步由第 0 步推得：分子分母同除以 exp(z1)（sympy 已證明），"
        "完成到達目標所需 2 步中的 1 步，得本題 50% 的分數"
    )


def test_graded_once_shown_in_both_languages(chains):
    pool = budget_module.reset_default(workers=2)
    grade = grade_chain(CE, chains[CE])
    calls = pool.calls
    chinese = grade.in_language("zh-TW")
    assert pool.calls == calls
    assert [p.passed for p in chinese.parts] == [p.passed for p in grade.parts]
    assert summary(chinese).name == "依課堂的步驟從給定的式子推到目標"
    assert summary(grade).name == "from the given expression to the goal, by the lecture's moves"
    assert "獨熱向量" in link_parts(chinese)[2].message


@pytest.mark.parametrize("problem", PROBLEMS)
def test_one_false_step_keeps_only_the_moves_before_it(chains, problem):
    """Step 2 doubles the expression and the chain goes on from there: off the route, nothing after it earns."""
    ref = chains[problem]
    chain = ref[:2] + [2 * e for e in ref[2:]]
    grade = grade_chain(problem, chain)
    links = link_parts(grade)
    failed = [p for p in links if not p.passed]
    assert failed == [links[1]], grade.feedback
    assert re.match(
        r"step 2 does not follow from step 1: at .+ = −?\d.* step 1 is −?[\d.e−]+ and step 2 is −?[\d.e−]+",
        failed[0].message,
    ), failed[0].message
    assert "; the nearest move of the list, " in failed[0].message, "the move the step seems to attempt is named"
    assert grade.score == pytest.approx(share(problem) / moves(problem))
    assert grade.score <= grade_chain(problem, ref[:2] + [2 * ref[-1]]).score + 1e-12


def test_the_counterexample_in_the_message_is_real():
    start = exp(z1) / (exp(z1) + exp(z2))
    wrong = 1 / (1 + exp(z1 - z2))
    grade = grade_chain(SIG, [start, wrong, 1 / (1 + exp(z2 - z1))])
    verdict = grade.verdicts[0]
    assert verdict.kind == "refuted"
    point = {z1: verdict.point["z1"], z2: verdict.point["z2"]}
    assert float(start.subs(point)) == pytest.approx(verdict.a_value, rel=1e-9)
    assert float(wrong.subs(point)) == pytest.approx(verdict.b_value, rel=1e-9)
    message = link_parts(grade)[0].message
    assert f"z1 = {verdict.point['z1']:.3g}".replace("-", "−") in message


def test_a_false_middle_step_costs_what_a_leap_over_it_costs(chains):
    """Both links of a false step fail; the chain earns what it earns with the false step left out (a leap)."""
    ref = chains[NLL]
    chain = list(ref)
    chain[2] = 3 * ref[2]
    grade = grade_chain(NLL, chain)
    assert [p.passed for p in link_parts(grade)] == [True, False, False, True]
    assert "step 2 does not follow from step 1" in link_parts(grade)[1].message
    assert "step 3 does not follow from step 2" in link_parts(grade)[2].message
    leap = grade_chain(NLL, [ref[0], ref[1], ref[3], ref[4]])
    assert grade.score == leap.score == pytest.approx(0.5)


@pytest.mark.parametrize("problem", PROBLEMS)
def test_from_start_straight_to_goal_earns_nothing_and_says_what_showing_the_moves_earns(chains, problem):
    ref = chains[problem]
    grade = grade_chain(problem, [ref[0], ref[-1]])
    (link,) = link_parts(grade)
    assert not link.passed and link.weight == 0
    assert link.message.startswith("step 1 is true but too large: no single move of the list turns "), link.message
    assert "; it takes these moves: " in link.message and ", then " in link.message
    assert link.message.endswith(f"it would earn {100 * share(problem):g} % of the problem's points")
    assert grade.moves == [None]
    assert grade.score == pytest.approx(leap_score(problem))
    assert summary(grade).message.startswith(f"0 of the {moves(problem)} moves from the given expression to the goal")


def test_a_skipped_rule_is_a_leap_named_by_the_route(chains):
    """Skipping log(aᵇ) = b log a makes that step two moves: it earns nothing, the steps around it keep theirs."""
    ref = chains[NLL]
    grade = grade_chain(NLL, [ref[0], ref[1], ref[3], ref[4]])
    links = link_parts(grade)
    assert [p.passed for p in links] == [True, False, True]
    assert links[1].message.startswith("step 2 is true but too large")
    assert links[1].message.endswith(
        "it takes these moves: used log(ab) = log(a) + log(b): the log of a product is the sum of the logs, then "
        "used log(aᵇ) = b·log(a) (a > 0). Shown one move per step, it would earn 50 % of the problem's points"
    )
    assert grade.score == pytest.approx(0.5)
    assert summary(grade).message.startswith("2 of the 4 moves from the given expression to the goal")


@pytest.mark.parametrize("problem", [SIG, SHIFT, CE])
def test_padding_a_leap_with_an_unsimplified_one_buys_nothing(chains, problem):
    """[start, start·R, goal·R, goal] with R an unsimplified 1: no more than the honest leap [start, goal]."""
    ref = chains[problem]
    one = (exp(2 * z1) - 1) / ((exp(z1) - 1) * (exp(z1) + 1))
    padded = grade_chain(problem, [ref[0], ref[0] * one, ref[-1] * one, ref[-1]])
    honest = grade_chain(problem, [ref[0], ref[-1]])
    assert padded.score <= honest.score == pytest.approx(leap_score(problem)), padded.feedback


def test_padding_with_repeats_changes_nothing(chains):
    ref = chains[SIG]
    start, goal = ref[0], ref[-1]
    grade = grade_chain(SIG, [start, start, start, goal])
    assert grade.score == 0
    links = link_parts(grade)
    assert [p.weight for p in links] == [0, 0, 0]
    assert links[0].passed and links[0].message == (
        "step 1 is the same expression as step 0 once sympy writes it out: it earns nothing and costs nothing"
    )
    again = grade_chain(SIG, [start, ref[1], ref[1], goal])
    assert again.score == 1.0


def test_returning_and_detours_earn_nothing(chains):
    """Back to the start and forward again: the second pass over the same moves earns nothing more."""
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[0], ref[1], ref[0], ref[1], ref[2]])
    assert grade.score == 1.0
    assert [c.moves for c in grade.credits] == [1, 0, 0, 1]
    assert [c.why for c in grade.credits] == ["progress", "no_closer", "no_closer", "progress"]


def test_a_leap_then_moves_earns_only_the_moves_shown(chains):
    ref = chains[MSE]
    grade = grade_chain(MSE, [ref[0], ref[2], ref[3], ref[4]])
    assert [c.moves for c in grade.credits] == [0, 1, 1]
    assert grade.score == pytest.approx(0.9 * 2 / 4 + 0.1)
    assert "Shown one move per step, it would earn 45 % of the problem's points" in link_parts(grade)[0].message


def test_feedback_prints_the_students_own_names(chains):
    """The softmax written out by the stub reads s1, s2 (den where it stands alone), never exp(...)/(exp(...) …)."""
    ref = chains[MSE]
    grade = grade_chain(MSE, [ref[0], ref[3]])
    message = link_parts(grade)[0].message
    assert "turns 2*s1*s2*(-s2 + y2) + (-s1 + y1)*(2*s1**2 - 2*s1) into 2*s1*(1 - s1)*(2*s1 - y1 + y2 - 1)" in message
    assert "exp(z1)/(exp(z1)" not in message and "…" not in message
    assert "collected the common factor s1, then used s1 + s2 = 1" in message
    start = link_parts(grade_chain(CE, [chains[CE][0], chains[CE][-1]]))[0].message
    assert "turns -den*y1*(-s1**2 + s1)*exp(-z1) + s1*y2 + s1*y3 into s1 - y1" in start


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
    if verdict.kind == "numeric":  # true by sampling (a reversed index is no move of the list)
        assert verdict.sizes >= 40 and link_parts(grade)[0].message.startswith("step 1 is true but too large")


def test_an_unevaluated_derivative_is_refused_at_the_start(chains):
    ref = chains[CE]
    den = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
    lazy = Derivative(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
    grade = grade_chain(CE, [lazy] + ref[1:])
    assert grade.from_given
    first, second = link_parts(grade)[:2]
    assert not first.passed and "an unevaluated Derivative is not a step" in first.message
    assert "step 0 could not be read" in second.message
    false_start = grade_chain(CE, [2 * ref[0]] + ref[1:])
    assert grade.score <= false_start.score


def test_an_unevaluated_derivative_anywhere_is_refused(chains):
    ref = chains[CE]
    den = exp(z1) + exp(z2) + exp(z3)
    grade = grade_chain(CE, ref[:3] + [Derivative(log(den), z1) - y1])
    assert not summary(grade).passed and "unevaluated Derivative" in summary(grade).message
    assert grade.score == pytest.approx(2 / 3)


def test_an_unreadable_step_is_blamed_alone(chains):
    """A misspelt symbol: its two links cannot be checked; the moves around it keep their credit (no "too large")."""
    ref = chains[NLL]
    chain = [ref[0], ref[1], "-Sum(Sum(log(q[n, i]**y[n, i]), (i, 1, K)), (n, 1, N))", ref[3], ref[4]]
    grade = grade_chain(NLL, chain)
    links = link_parts(grade)
    assert [p.passed for p in links] == [True, False, False, True]
    assert links[1].message.startswith("step 2 cannot be checked: unknown symbol q")
    assert links[2].message.startswith("step 3 cannot be checked: step 2 could not be read (unknown symbol q")
    assert not any("too large" in p.message for p in links)
    assert grade.score == pytest.approx(0.5)


def test_steps_are_quoted_as_written():
    """Text is quoted as typed, not as sympy rewrote it (here sympy would cancel exp(c) at once)."""
    written = "exp(z1)*exp(c)/(exp(c)*(exp(z1)+exp(z2)+exp(z3)))"
    grade = grade_chain(SHIFT, ["exp(z1+c)/(exp(z1+c)+exp(z2+c)+exp(z3+c))", written])
    assert written in link_parts(grade)[0].message
    plain = Symbol("z1")  # complex: log(exp(z1)) is not z1 for the student's sympy, it is for the checker's
    grade = grade_chain(SIG, [exp(plain) / (exp(plain) + exp(z2)), 1 / (1 + exp(-(log(exp(plain)) - z2)))])
    assert "into 1/(exp(-z1 + z2) + 1)" in link_parts(grade)[0].message, "built with sympy: shown as checked"


def test_nll_chain_through_exp_earns_only_its_last_move(chains):
    ref = chains[NLL]
    via_exp = -log(Product(Product(exp(y[n, i] * log(p[n, i])), (i, 1, K)), (n, 1, N)))
    grade = grade_chain(NLL, [ref[0], via_exp, ref[3], ref[4]])
    assert all(v.valid for v in grade.verdicts), grade.feedback
    assert [p.passed for p in link_parts(grade)] == [False, False, True]
    assert grade.score == pytest.approx(0.25) == grade_chain(NLL, [ref[0], ref[3], ref[4]]).score


def test_mse_goal_must_be_where_the_chain_ends(chains):
    ref = chains[MSE]
    expanded = expand(ref[-1])
    grade = grade_chain(MSE, ref + [expanded])
    assert "end it at the goal" in summary(grade).message
    assert "; it reaches the goal, but the chain goes on" in link_parts(grade)[3].message
    assert grade.score == pytest.approx(0.9 * 3 / 4), "the move into the goal counts when the chain ends there"
    assert not grade.parts[-1].passed and "checked on the goal's form" in grade.parts[-1].message
    s1 = exp(z1) / (exp(z1) + exp(z2))
    s2 = exp(z2) / (exp(z1) + exp(z2))
    with_s2 = grade_chain(MSE, ref + [4 * s1 * s2 * (s1 - y1)])  # the same factor, one move past the goal
    assert with_s2.moves[-1]["key"] == "move_softmax" and with_s2.score == pytest.approx(0.9 * 3 / 4)
    other_form = grade_chain(MSE, [ref[0], 4 * s1 * s2 * (s1 - 1 + y2)])  # a leap to a form two moves off the goal
    assert other_form.score == pytest.approx(0.1) == grade_chain(MSE, [ref[0], ref[-1]]).score
    shown = grade_chain(MSE, ref[:-1] + [expanded])
    assert "does not show the factor s1*(1 - s1)" in summary(shown).message


def test_mse_saturation_fact_checks_the_final_expression(chains):
    ref = chains[MSE]
    grade = grade_chain(MSE, ref)
    fact = grade.parts[-1]
    assert fact.passed and "−3.74e−13 at z1 = −30" in fact.message
    s1 = exp(z1) / (exp(z1) + exp(z2))
    wrong = grade_chain(MSE, ref + [s1 - y1])  # the cross-entropy gradient: false, and no form to check
    assert not wrong.parts[-1].passed and "checked on the goal's form" in wrong.parts[-1].message
    alone = grade_chain(MSE, ref[:1])  # the given expression is the gradient too, but shows no form: nothing
    assert alone.score == 0


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
        r"turns exp(z1)/(exp(z1)+exp(z2)) into \frac{1}{1+e^{-(z_1-z_2)}};" in link_parts(leap)[0].message
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


def test_a_chain_not_starting_at_the_given_expression_is_read_from_it(chains):
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[-1], ref[-1]])
    assert grade.from_given and grade.score == 0
    assert link_parts(grade)[0].name == "step 0 follows from the given expression"
    assert link_parts(grade)[0].message.startswith("step 0 is true but too large")
    other = grade_chain(SIG, [Symbol("z1"), ref[-1]])
    assert other.parts[0].message.startswith("step 0 does not follow from the given expression: at z1 = ")
    assert other.score == 0
    without = grade_chain(SIG, ref[1:])  # the start left out: its first move is still shown
    assert without.from_given and without.score == 1.0


def test_start_and_goal_up_to_trivial_rearrangement(chains):
    """The order of terms and a number pulled in front of a sum are not changes; the goal as written still is."""
    ref = chains[MSE]
    s1 = exp(z1) / (exp(z1) + exp(z2))
    rearranged = Mul(-4, s1, 1 - s1, y1 - s1)  # −4·s1(1 − s1)(y1 − s1): the same form as 4·s1(1 − s1)(s1 − y1)
    grade = grade_chain(MSE, ref[:-1] + [rearranged])
    assert grade.score == 1.0, grade.feedback


def test_ending_before_the_goal_is_written(chains):
    grade = grade_chain(NLL, chains[NLL][:-1])
    assert not summary(grade).passed and "equals the goal but is not written as it" in summary(grade).message
    assert all(p.passed for p in link_parts(grade)) and grade.score == pytest.approx(0.75)


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
    messages = [p.message for p in link_parts(grade)]
    assert all(words in m for m in messages), messages
    assert weights_sum_to_one(grade) and grade.score == 0


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
    assert len(grade.parts) == (2 if problem == MSE else 1)
    assert all(words in p.message for p in grade.parts)


def test_a_single_expression_has_no_steps(chains):
    grade = grade_chain(SIG, [chains[SIG][0]])
    assert [p.passed for p in grade.parts] == [False] and grade.score == 0
    assert "no steps" in grade.parts[0].message and weights_sum_to_one(grade)


def test_an_undecidable_step_is_decided_by_counts_not_by_time(chains):
    """exp applied 7 times: no point in [−3, 3] can be evaluated within the work bounds, so the step is
    undecided, the same way every time, without any job reaching the backstop."""
    tower = z1
    for _ in range(7):
        tower = exp(tower)
    ref = chains[SIG]
    pool = budget_module.reset_default(workers=2)
    grade = grade_chain(SIG, [ref[0], ref[0] + tower, ref[1], ref[-1]], step_seconds=60)
    parts = link_parts(grade)
    assert parts[0].message.startswith("could not decide whether step 1 follows from step 0")
    assert [p.passed for p in parts] == [False, False, True]
    assert pool.kills == 0
    assert grade.score == pytest.approx(0.5), "the move after the undecided span keeps its credit"


def test_a_long_hostile_chain_is_bounded_by_its_size(chains):
    """Fifty steps that cannot be decided: every one is undecided by the work bounds, none by a clock, and a
    second grade from a fresh pool says exactly the same."""
    tower = z1
    for _ in range(7):
        tower = exp(tower)
    steps = [chains[SIG][0]] + [chains[SIG][0] + k * tower for k in range(1, 49)] + [chains[SIG][-1]]
    pool = budget_module.reset_default(workers=2)
    first = grade_chain(SIG, steps)
    assert pool.kills == 0
    assert all("could not decide" in p.message for p in link_parts(first)), first.feedback
    budget_module.reset_default(workers=2)
    again = grade_chain(SIG, steps)
    assert [p.message for p in again.parts] == [p.message for p in first.parts]
    assert first.score == again.score == 0


def test_unknown_problem_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown derivation"):
        grade_chain("no_such_problem", [])


def test_astronomically_large_values_are_shown_not_infinite(chains):
    tower = exp(exp(exp(exp(exp(exp(z1))))))  # finite, far beyond a float, at every sampled point
    ref = chains[SIG]
    grade = grade_chain(SIG, [ref[0], ref[0] + tower, ref[1], ref[-1]])
    message = link_parts(grade)[0].message
    assert "does not follow" in message and "∞" not in message and re.search(r"step 1 is [\d.]+e\d+", message), message


def test_the_spec_start_matches_what_a_submission_sends(chains):
    """The start a stub computes (sympy objects → plain tree → rebuilt in a worker) is recognised as written."""
    for problem in PROBLEMS:
        grade = grade_chain(problem, chains[problem][:1])
        assert not grade.from_given and grade.parts[0].message.startswith("the chain has no steps")
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
