"""find_move: one rule of the lecture's list applied once, up to trivial rearrangement, context stripped first."""

import pytest
from sympy import Sum, exp, log

from autograder.checker.symbolic import symbols as t
from autograder.checker.symbolic.moves import find_move
from autograder.checker.symbolic.normal import localize, normal
from autograder.checker.symbolic.parse import parse_step

SIG, SHIFT, NLL, CE, MSE = (
    "sigmoid_softmax_equivalence",
    "softmax_shift_invariance",
    "cross_entropy_is_nll",
    "softmax_ce_gradient",
    "mse_softmax_gradient",
)
S3 = "exp(z1)/(exp(z1)+exp(z2)+exp(z3))"
S2 = "exp(z1)/(exp(z1)+exp(z2))"


def move(problem, a, b):
    found = find_move(parse_step(a, problem), parse_step(b, problem), problem)
    return None if found is None else (found.key, found.to_dict(problem)["params"])


@pytest.mark.parametrize(
    "problem, a, b, key",
    [
        (SHIFT, "exp(z1+c)", "exp(z1)*exp(c)", "move_exp_split"),
        (
            SHIFT,
            "exp(z1+c)/(exp(z1+c)+exp(z2+c)+exp(z3+c))",
            "exp(z1)*exp(c)/(exp(z1+c)+exp(z2+c)+exp(z3+c))",
            "move_exp_split",
        ),
        (SIG, "1/(1+exp(z2)/exp(z1))", "1/(1+exp(z2-z1))", "move_exp_combine"),
        (NLL, "log(Product(p[n,i]**y[n,i], (i,1,K)))", "Sum(log(p[n,i]**y[n,i]), (i,1,K))", "move_log_product"),
        (NLL, "Sum(log(p[n,i]**y[n,i]), (i,1,K))", "log(Product(p[n,i]**y[n,i], (i,1,K)))", "move_log_combine"),
        (NLL, "Sum(log(p[n,i]**y[n,i]), (i,1,K))", "Sum(y[n,i]*log(p[n,i]), (i,1,K))", "move_log_power"),
        (NLL, "Sum(y[n,i]*log(p[n,i]), (i,1,K))", "Sum(log(p[n,i]**y[n,i]), (i,1,K))", "move_log_power_back"),
        (
            NLL,
            "-Sum(y[n,i]*log(p[n,i]), (i,1,K), (n,1,N))",
            "Sum(-Sum(y[n,i]*log(p[n,i]), (i,1,K)), (n,1,N))",
            "move_sum_in",
        ),
        (NLL, "Sum(-y[n,i]*log(p[n,i]), (i,1,K))", "-Sum(y[n,i]*log(p[n,i]), (i,1,K))", "move_sum_out"),
        (CE, f"y1*(1 - {S3})", f"y1 - y1*{S3}", "move_distribute"),
        (CE, f"y1*{S3} + y2*{S3}", f"(y1+y2)*{S3}", "move_collect"),
        (SIG, S2, "1/(1+exp(z2)/exp(z1))", "move_divide"),
        (SIG, "1/(1+exp(z2)/exp(z1))", S2, "move_multiply"),
        (CE, f"(y1+y2+y3)*{S3} - y1", f"{S3} - y1", "move_one_hot"),
        (MSE, "y2 - 1 + z1", "z1 - y1", "move_one_hot"),
        (MSE, "exp(z2)/(exp(z1)+exp(z2))", f"1 - {S2}", "move_softmax"),
        (SIG, "2*z1 - 2*z2", "-2*(z2 - z1)", None),  # sympy writes both the same: not a move (the caller skips it)
    ],
)
def test_each_rule_is_recognised_and_named(problem, a, b, key):
    a_expr, b_expr = parse_step(a, problem), parse_step(b, problem)
    if key is None:
        assert a_expr == b_expr
        return
    found = find_move(a_expr, b_expr, problem)
    assert found is not None and found.key == key, found


def test_the_factor_is_named():
    assert move(SIG, S2, "1/(1+exp(z2)/exp(z1))") == ("move_divide", {"factor": "exp(z1)"})
    assert move(
        SHIFT, "exp(c)*exp(z1)/(exp(c)*exp(z1)+exp(c)*exp(z2)+exp(c)*exp(z3))", "exp(z1)/(exp(z1)+exp(z2)+exp(z3))"
    ) == ("move_cancel", {"factor": "exp(c)"})


@pytest.mark.parametrize(
    "problem, a, b",
    [
        (SIG, S2, "1/(1+exp(z2-z1))"),  # divide and combine: two moves
        (NLL, "-log(Product(p[n,i]**y[n,i], (i,1,K), (n,1,N)))", "-Sum(y[n,i]*log(p[n,i]), (i,1,K), (n,1,N))"),
        (NLL, "log(Product(p[n,i]**y[n,i], (i,1,K)))", "Sum(y[n,i]*log(p[n,i]), (i,1,K))"),  # product and power rules
        (CE, f"(y1+y2+y3)*{S3} - y1 + y1*(1 - {S3})", f"{S3}*(1 - y1) + y1*{S3} - y1 + y1"),
        (SHIFT, "exp(z1+c)/(exp(z1+c)+exp(z2+c)+exp(z3+c))", "exp(z1)/(exp(z1)+exp(z2)+exp(z3))"),
    ],
)
def test_leaps_are_not_one_move(problem, a, b):
    a_expr, b_expr = parse_step(a, problem), parse_step(b, problem)
    assert find_move(a_expr, b_expr, problem) is None


def test_an_unsimplified_one_carried_on_both_sides_hides_no_leap():
    one = "(exp(2*z1)-1)/((exp(z1)-1)*(exp(z1)+1))"
    assert move(SIG, f"{S2}*{one}", f"1/(1+exp(z2-z1))*{one}") is None  # the leap in the middle
    assert move(SIG, f"{S2}*{one}", f"1/(1+exp(z2)/exp(z1))*{one}")[0] == "move_divide"  # a real move, carried


def test_trivial_rearrangement_is_one_form():
    a = parse_step(f"2*(1-{S2})*(2*y1 - 2*{S2})", MSE)
    b = parse_step(f"-4*(1-{S2})*({S2} - y1)", MSE)
    assert normal(a) == normal(b)
    assert find_move(a, b, MSE).key == "move_rearranged" if a != b else True


def test_localize_strips_shared_context():
    x = parse_step("z1*exp(z1+c) + z2", SHIFT)
    y = parse_step("z1*exp(z1)*exp(c) + z2", SHIFT)
    assert localize(normal(x), normal(y)) == [(exp(t.z1 + t.c), exp(t.z1) * exp(t.c))]
    assert localize(log(t.z1), log(t.z2)) == [(t.z1, t.z2)]
    s = Sum(t.p[t.n, t.i], (t.i, 1, t.K))
    assert localize(s, Sum(t.p[t.n, t.i], (t.i, 1, t.N))) == [(s, Sum(t.p[t.n, t.i], (t.i, 1, t.N)))]
