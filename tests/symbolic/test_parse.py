"""parse_step: text and LaTeX become canonical expressions; anything outside the whitelist is refused unrun."""

import os
import time

import pytest
from sympy import Derivative, Product, Sum, exp, log, sstr

from autograder.checker.symbolic import symbols as t
from autograder.checker.symbolic.parse import MAX_CHARS, parse_step
from autograder.checker.symbolic.symbols import PROBLEM_NAMES, DerivationInputError

PROBLEMS = tuple(PROBLEM_NAMES)

SIG = "sigmoid_softmax_equivalence"
NLL = "cross_entropy_is_nll"


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_reference_step_round_trips_through_text(chains, problem):
    from autograder.checker.symbolic.symbols import canonicalize

    for step in chains[problem]:
        assert parse_step(sstr(step), problem) == canonicalize(step, problem)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("exp(z1)/(exp(z1)+exp(z2))", exp(t.z1) / (exp(t.z1) + exp(t.z2))),
        ("1/(1+exp(-(z1-z2)))", 1 / (1 + exp(t.z2 - t.z1))),
        ("-z1 + +z2", t.z2 - t.z1),
        ("sqrt(z1**2)", abs(t.z1)),  # sqrt(z1**2) = |z1| because z1 is real; Abs comes from sympy, not from the text
        ("E**z1", exp(t.z1)),
    ],
)
def test_python_text(text, expected):
    assert parse_step(text, SIG) == expected


def test_indexed_sums_products_and_ln():
    got = parse_step("-Sum(ln(Product(p[n,i]**y[n,i], (i,1,K))), (n,1,N))", NLL)
    assert got == -Sum(log(Product(t.p[t.n, t.i] ** t.y[t.n, t.i], (t.i, 1, t.K))), (t.n, 1, t.N))


def test_diff_is_an_instruction_computed_when_read():
    got = parse_step("diff(exp(z1)/(exp(z1)+exp(z2)), z1)", SIG)
    assert not got.has(Derivative)
    assert got == (exp(t.z1) / (exp(t.z1) + exp(t.z2))).diff(t.z1)


@pytest.mark.parametrize(
    "latex, expected",
    [
        (r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}", exp(t.z1) / (exp(t.z1) + exp(t.z2))),
        (r"\frac{1}{1+e^{-(z_{1}-z_{2})}}", 1 / (1 + exp(t.z2 - t.z1))),
        (r"$\frac{1}{1 + \exp(z_2 - z_1)}$", 1 / (1 + exp(t.z2 - t.z1))),
        (r"\frac{1}{1+e^{-z_1} e^{z_2}}", 1 / (1 + exp(-t.z1) * exp(t.z2))),  # two powers of e side by side
    ],
)
def test_latex(latex, expected):
    assert parse_step(latex, SIG) == expected


def test_latex_indexed():
    got = parse_step(r"-\ln \left( \prod_{n=1}^{N} \prod_{i=1}^{K} p_{n,i}^{y_{n,i}} \right)", NLL)
    assert got == -log(Product(t.p[t.n, t.i] ** t.y[t.n, t.i], (t.i, 1, t.K), (t.n, 1, t.N)))
    with pytest.raises(DerivationInputError, match="can be read in two ways"):  # log(∏ p^y) or (log ∏ p)^y
        parse_step(r"-\ln \prod_{n=1}^{N} \prod_{i=1}^{K} p_{n,i}^{y_{n,i}}", NLL)
    goal = parse_step(r"\sum_{n=1}^{N} \left(-\sum_{i=1}^{K} y_{ni} \ln p_{ni}\right)", NLL)
    assert goal == Sum(-Sum(t.y[t.n, t.i] * log(t.p[t.n, t.i]), (t.i, 1, t.K)), (t.n, 1, t.N))


CANARY = "/tmp/autograder_symbolic_canary"
HOSTILE = [
    (f"__import__('os').system('touch {CANARY}')", "calling __import__"),
    ("().__class__.__bases__", "attribute access (.__bases__)"),
    ("lambda: 1", "lambda"),
    (f"exec(\"open('{CANARY}', 'w')\")", "calling exec"),
    (f"eval(\"open('{CANARY}', 'w')\")", "calling eval"),
    ("z1.func", "attribute access (.func)"),
    ("z1.__class__", "attribute access (.__class__)"),
    ("__builtins__", "the name __builtins__"),
    ("[z1 for z1 in (1,)]", "a comprehension"),
    ("exp(z1, evaluate=False)", "keyword argument (evaluate="),
    ("exp(*[z1])", "unpacking"),
    ("'z1'", "a string"),
    ("f'{z1}'", "a string"),
    ("z1 if z2 else z1", "if … else"),
    ("(z1, z2)", "a tuple"),
    ("z1 % 2", "the operator %"),
    ("(z1 := 2)", ":="),
    ("0.5*z1", "floating-point number 0.5"),
    ("1e3", "floating-point number"),
    ("z1^2", "^ is not a power"),
    ("x + 1", "unknown symbol x; this derivation uses z1, z2"),
    ("2**2**2**2**2**2", "too large"),
    (r"\operatorname{open}(z_1)", "this LaTeX could not be read"),
    (r"\sin(z_1)", "the function sin"),
    (r"\sigma(z_1)", "this LaTeX could not be read"),
    (r"2^{2^{2^{2^{2^{2}}}}}", "too large"),
    (r"9^{9^{9}} + z_1", "too large"),
    (r"\frac{100000!}{z_1}", "the operator !"),
    (r"\int x dx", "Integral"),
]


@pytest.mark.parametrize("text, words", HOSTILE)
def test_hostile_text_is_refused_without_running(text, words):
    if os.path.exists(CANARY):
        os.unlink(CANARY)
    with pytest.raises(DerivationInputError) as info:
        parse_step(text, SIG)
    assert words in str(info.value)
    assert not os.path.exists(CANARY)


def test_length_is_capped():
    with pytest.raises(DerivationInputError, match=f"at most {MAX_CHARS}"):
        parse_step("z1+" * 1000 + "z1", SIG)


def test_redundant_parentheses_and_long_flat_sums_are_harmless():
    assert parse_step("(" * 150 + "z1" + ")" * 150, SIG) == t.z1
    start = time.monotonic()
    assert parse_step("z1+" * 666 + "z1", SIG) == 667 * t.z1
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize(
    "text",
    [
        "(" * 300 + "z1" + ")" * 300,
        "-" * 1500 + "z1",
        "exp(" * 120 + "z1" + ")" * 120,
        "{" * 500,
        r"\frac{" * 300,
        "z1**" * 400 + "z1",
    ],
)
def test_deep_nesting_is_refused_quickly(text):
    start = time.monotonic()
    with pytest.raises(DerivationInputError):
        parse_step(text, SIG)
    assert time.monotonic() - start < 2.0


def test_empty_and_non_string():
    with pytest.raises(DerivationInputError, match="empty"):
        parse_step("   ", SIG)
    with pytest.raises(DerivationInputError):
        parse_step(None, SIG)


def test_messages_in_traditional_chinese():
    with pytest.raises(DerivationInputError) as info:
        parse_step("0.5*z1", SIG)
    assert "不允許浮點數 0.5" in info.value.message("zh-TW")


def test_latex_goes_through_the_lark_parser_not_antlr():
    """sympy's Lark backend reads the LaTeX; the ANTLR runtime is not needed (and not imported)."""
    import sys

    parse_step(r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}", SIG)
    assert "lark" in sys.modules
    assert "antlr4" not in sys.modules
