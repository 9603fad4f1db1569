"""The feedback prints a chain in the student's own names: the stub's den, s1, s2 substituted back (show.py)."""

from sympy import exp, symbols

from autograder.checker.symbolic.show import abbreviated
from autograder.checker.symbolic.symbols import canonicalize

z1, z2, z3 = symbols("z1 z2 z3", real=True)
y1, y2 = symbols("y1 y2", nonnegative=True)
MSE, CE, SIG = "mse_softmax_gradient", "softmax_ce_gradient", "sigmoid_softmax_equivalence"


def shown(expr, problem):
    return abbreviated(canonicalize(expr, problem), problem)


def test_the_softmax_reads_as_s1_and_s2():
    den = exp(z1) + exp(z2)
    s1, s2 = exp(z1) / den, exp(z2) / den
    assert shown(4 * s1 * (1 - s1) * (s1 - y1), MSE) == "4*s1*(1 - s1)*(s1 - y1)"
    assert shown(2 * s1 * s2 * (y2 - s2), MSE) == "2*s1*s2*(-s2 + y2)"
    assert shown(exp(2 * z1) / den**2, MSE) == "s1**2"


def test_what_is_left_of_den_reads_as_den():
    den = exp(z1) + exp(z2) + exp(z3)
    assert shown(den * y1 * exp(-z1), CE) == "den*y1*exp(-z1)"
    assert shown(y1 / den, CE) == "y1/den"


def test_a_derivation_without_abbreviations_prints_as_sympy_does():
    assert shown(exp(z1) / (exp(z1) + exp(z2)), SIG) == "exp(z1)/(exp(z1) + exp(z2))"


def test_long_text_is_cut_with_an_ellipsis():
    den = exp(z1) + exp(z2)
    long = sum((k * exp(z1) / den + y1) ** 2 for k in range(1, 30))
    text = abbreviated(canonicalize(long, MSE), MSE, limit=50)
    assert len(text) == 50 and text.endswith("…")
