"""Visible sanity checks for a4_derivations: each chain is a list that starts at the given expression.

The steps themselves are not checked here: the grader checks every step. Run `pytest` in this folder.
"""
import re

from sympy import E, IndexedBase, Product, Symbol, diff, exp, log, simplify, sympify
from sympy.parsing.latex import parse_latex

_NAMES = {name: Symbol(name) for name in "z1 z2 z3 c y1 y2 y3 n i N K".split()}
_NAMES.update(p=IndexedBase("p"), y=IndexedBase("y"))
z1, z2, z3, c, y1, y2, y3, n, i, N, K = (_NAMES[name] for name in "z1 z2 z3 c y1 y2 y3 n i N K".split())
p, y = _NAMES["p"], _NAMES["y"]


def _expr(step):
    """A step (sympy expression, sympy string or LaTeX) with plain symbols, matched by name."""
    try:
        if isinstance(step, str):
            if "\\" in step or "_{" in step:
                parsed = parse_latex(step)
                renamed = {s: _NAMES.get(re.sub(r"[_{}]", "", str(s)), s) for s in parsed.free_symbols}
                return parsed.xreplace({**renamed, Symbol("e"): E})
            return sympify(step, locals=_NAMES)
        return sympify(str(step), locals=_NAMES)
    except Exception as exc:  # a string that neither sympy nor the LaTeX parser can read
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        assert False, f"cannot read the step {step!r} as an expression: {reason}"


def _check_chain(chain, start, name):
    assert isinstance(chain, (list, tuple)), f"{name}() returns a list of expressions, got {type(chain).__name__}"
    assert len(chain) >= 2, f"{name}(): a chain has at least two expressions (the start and the goal), got {len(chain)}"
    first = _expr(chain[0])
    assert simplify(first - start) == 0, f"{name}(): the chain starts at the given expression {start}, not at {first}"


def test_sigmoid_softmax_equivalence_is_a_list(student):
    chain = student.sigmoid_softmax_equivalence()
    assert isinstance(chain, (list, tuple)) and len(chain) >= 2, f"a chain is a list of at least two expressions, got {chain!r}"


def test_sigmoid_softmax_equivalence_starts_at_start(student):
    _check_chain(student.sigmoid_softmax_equivalence(), exp(z1) / (exp(z1) + exp(z2)), "sigmoid_softmax_equivalence")


def test_softmax_shift_invariance_is_a_list(student):
    chain = student.softmax_shift_invariance()
    assert isinstance(chain, (list, tuple)) and len(chain) >= 2, f"a chain is a list of at least two expressions, got {chain!r}"


def test_softmax_shift_invariance_starts_at_start(student):
    start = exp(z1 + c) / (exp(z1 + c) + exp(z2 + c) + exp(z3 + c))
    _check_chain(student.softmax_shift_invariance(), start, "softmax_shift_invariance")


def test_cross_entropy_is_nll_is_a_list(student):
    chain = student.cross_entropy_is_nll()
    assert isinstance(chain, (list, tuple)) and len(chain) >= 2, f"a chain is a list of at least two expressions, got {chain!r}"


def test_cross_entropy_is_nll_starts_at_start(student):
    start = -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N)))
    _check_chain(student.cross_entropy_is_nll(), start, "cross_entropy_is_nll")


def test_softmax_ce_gradient_is_a_list(student):
    chain = student.softmax_ce_gradient()
    assert isinstance(chain, (list, tuple)) and len(chain) >= 2, f"a chain is a list of at least two expressions, got {chain!r}"


def test_softmax_ce_gradient_starts_at_start(student):
    den = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
    start = diff(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
    _check_chain(student.softmax_ce_gradient(), start, "softmax_ce_gradient")


def test_mse_softmax_gradient_is_a_list(student):
    chain = student.mse_softmax_gradient()
    assert isinstance(chain, (list, tuple)) and len(chain) >= 2, f"a chain is a list of at least two expressions, got {chain!r}"


def test_mse_softmax_gradient_starts_at_start(student):
    den = exp(z1) + exp(z2)
    s1, s2 = exp(z1) / den, exp(z2) / den
    start = diff((y1 - s1) ** 2 + (y2 - s2) ** 2, z1)
    _check_chain(student.mse_softmax_gradient(), start, "mse_softmax_gradient")
