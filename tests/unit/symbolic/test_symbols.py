"""canonicalize: the lecture's symbols by name, whatever a submission declared, and nothing else."""

import pytest
from sympy import (
    Dummy,
    Float,
    Function,
    Idx,
    IndexedBase,
    Integer,
    Product,
    Rational,
    Sum,
    Symbol,
    exp,
    expand,
    log,
    pi,
    sin,
    symbols,
)

from autograder.checker.symbolic import symbols as table
from autograder.checker.symbolic.symbols import DerivationInputError, apply_one_hot, canonicalize


def test_plain_symbols_get_the_lecture_assumptions():
    z1 = Symbol("z1")  # complex by default
    out = canonicalize(log(exp(z1)), "sigmoid_softmax_equivalence")
    assert out == table.z1  # log(exp(z1)) = z1 only once z1 is real
    assert out.is_real


def test_wrong_assumptions_are_replaced_too():
    z1 = Symbol("z1", integer=True, negative=True)
    out = canonicalize(z1 + 1, "sigmoid_softmax_equivalence")
    assert out == table.z1 + 1
    assert out.free_symbols == {table.z1}


def test_indexed_bases_and_idx_are_canonical():
    n, i = Idx("n"), Idx("i")
    p, y = IndexedBase("p"), IndexedBase("y")
    out = canonicalize(Sum(y[n, i] * log(p[n, i]), (i, 1, Symbol("K"))), "cross_entropy_is_nll")
    assert out == Sum(table.y[table.n, table.i] * log(table.p[table.n, table.i]), (table.i, 1, table.K))
    assert table.p[table.n, table.i].is_positive


def test_complex_product_log_pitfall_is_fixed_by_canonicalize():
    n, i, N, K = symbols("n i N K")
    p, y = IndexedBase("p"), IndexedBase("y")
    start = -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N)))
    # with default complex symbols sympy (rightly) refuses log∏ = Σlog ...
    assert expand(start).has(Product)
    # ... and with the lecture's positive p it is the sum of logs
    assert not expand(canonicalize(start, "cross_entropy_is_nll")).has(Product)


def test_dummy_symbols_are_identified_by_name():
    assert canonicalize(Dummy("z2") * 2, "sigmoid_softmax_equivalence") == 2 * table.z2


def test_unknown_symbol_names_the_problem_symbols():
    with pytest.raises(DerivationInputError) as info:
        canonicalize(Symbol("x") + 1, "sigmoid_softmax_equivalence")
    assert str(info.value) == "unknown symbol x; this derivation uses z1, z2"
    assert info.value.message("zh-TW") == "未知的符號 x；此推導使用 z1, z2"


def test_a_symbol_of_another_derivation_is_refused():
    with pytest.raises(DerivationInputError, match="unknown symbol c; this derivation uses z1, z2"):
        canonicalize(Symbol("c"), "sigmoid_softmax_equivalence")
    assert canonicalize(Symbol("c"), "softmax_shift_invariance") == table.c


def test_softmax_names_are_explained():
    with pytest.raises(DerivationInputError, match="s1 is not a symbol"):
        canonicalize(Symbol("s1"), "softmax_ce_gradient")


@pytest.mark.parametrize(
    "expr, words",
    [
        (Float("0.5") * Symbol("z1"), "floating-point number 0.5"),
        (sin(Symbol("z1")), "the function sin"),
        (Function("f")(Symbol("z1")), "the function f"),
        (pi * Symbol("z1"), "the constant pi"),
    ],
)
def test_foreign_nodes_are_refused(expr, words):
    with pytest.raises(DerivationInputError, match=words):
        canonicalize(expr, "sigmoid_softmax_equivalence")


def test_one_hot_substitution_where_the_problem_says_so():
    y1, y2, y3 = table.y1, table.y2, table.y3
    assert apply_one_hot(y1 + y2 + y3, "softmax_ce_gradient") == 1
    assert apply_one_hot(y2, "mse_softmax_gradient") == 1 - y1
    assert apply_one_hot(y1 + y2 + y3, "sigmoid_softmax_equivalence") == y1 + y2 + y3
    assert canonicalize(Symbol("y3"), "softmax_ce_gradient", one_hot=True) == 1 - y1 - y2


def test_unevaluated_trees_come_out_as_sympy_writes_them():
    from sympy import Add, Mul

    z1 = Symbol("z1")
    raw = Add(Mul(Integer(2), z1, evaluate=False), z1, evaluate=False)
    assert canonicalize(raw, "sigmoid_softmax_equivalence") == 3 * table.z1


def test_huge_exact_power_is_refused_not_computed():
    from sympy import Pow

    tower = Pow(Integer(2), Pow(Integer(2), Integer(100), evaluate=False), evaluate=False)
    with pytest.raises(DerivationInputError, match="too large"):
        canonicalize(tower, "sigmoid_softmax_equivalence")
    assert canonicalize(Pow(Integer(2), Integer(10), evaluate=False), None) == 1024
    assert canonicalize(Rational(1, 2), None) == Rational(1, 2)
