"""The wire hands the grader plain trees, checked before anything is built; the building happens in a worker."""

import subprocess
import sys
import time

import pytest
from sympy import Derivative, Float, Integer, Pow, Symbol, exp, symbols

from autograder.checker.symbolic.rebuild import rebuild, shown
from autograder.checker.symbolic.symbols import DerivationInputError
from autograder.checker.symbolic.tree import InvalidTree, SympyTree, from_sympy
from autograder.sandbox import wire

SIG = "sigmoid_softmax_equivalence"


def test_the_wire_builds_no_sympy_object():
    """Decoding a "sym" value in a fresh grading process does not even import sympy."""
    code = (
        "import sys; from autograder.sandbox import wire; "
        "v = wire.decode({'t': 'sym', 'v': ['Pow', ['Integer', '2'], "
        "['Pow', ['Integer', '2'], ['Integer', '100']]]}, []); "
        "print(type(v).__name__, 'sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["SympyTree", "False"], out.stderr


@pytest.mark.parametrize(
    "value, key",
    [
        (["Integer", "9" * 5000], "number_too_large"),
        (["Float", "1e" + "9" * 80], "float_literal"),
        (["Symbol", "__class__.__init__"], "bad_symbol_name"),
        (["Add"] + [["Symbol", "z1"]] * 30_000, "too_big"),
        ("not a node", "malformed_expression"),
        (["Integer", "12a"], "malformed_expression"),
    ],
)
def test_the_wire_refuses_by_size_and_shape(value, key):
    out = wire.decode({"t": "sym", "v": value}, [])
    assert isinstance(out, InvalidTree) and out.key == key


def test_depth_is_capped_without_recursion_trouble():
    deep = ["Symbol", "z1"]
    for _ in range(5000):
        deep = ["exp", deep]
    out = wire.decode({"t": "sym", "v": deep}, [])
    assert isinstance(out, InvalidTree) and out.key == "too_deep"


def test_a_valid_tree_is_plain_hashable_data():
    tree = wire.decode({"t": "sym", "v": ["Add", ["Symbol", "z1"], ["Integer", "2"]]}, [])
    assert tree == SympyTree(("Add", ("Symbol", "z1"), ("Integer", "2")))
    assert hash(tree) and repr(tree) == "<sympy expression Add>"


def test_from_sympy_meets_the_same_checks():
    z1 = Symbol("z1", real=True)
    assert from_sympy(exp(z1) + 1) == SympyTree(("Add", ("Integer", "1"), ("exp", ("Symbol", "z1"))))
    assert from_sympy(Float("0.5") * z1).root[1] == ("Float", "0.500000000000000")


# --- the rebuild, as a worker runs it ---------------------------------------------------------------
def test_rebuild_gives_the_canonical_expression():
    z1 = Symbol("z1")  # the student's symbol, no assumptions
    from autograder.checker.symbolic import symbols as table

    out = rebuild(from_sympy(exp(z1) / (exp(z1) + 1)), SIG)
    assert out == exp(table.z1) / (exp(table.z1) + 1) and out.free_symbols == {table.z1}


def test_a_huge_float_exponent_is_refused_from_its_text():
    start = time.monotonic()
    with pytest.raises(DerivationInputError, match="floating-point number 1e999999999"):
        rebuild(SympyTree(("Float", "1e999999999")), SIG)
    assert time.monotonic() - start < 0.5


def test_a_power_of_an_evaluated_power_is_measured_as_it_is():
    """2**(2**100) is refused; so is (2**1000)**1000, whose base is already a 1001-bit number when built."""
    nested = ("Pow", ("Pow", ("Integer", "2"), ("Integer", "1000")), ("Integer", "1000"))
    start = time.monotonic()
    with pytest.raises(DerivationInputError, match="too large"):
        rebuild(SympyTree(nested), SIG)
    with pytest.raises(DerivationInputError, match="too large"):
        rebuild(from_sympy(Pow(Integer(2), Pow(Integer(2), Integer(100), evaluate=False), evaluate=False)), SIG)
    assert time.monotonic() - start < 0.5
    assert rebuild(SympyTree(("Pow", ("Integer", "2"), ("Integer", "10"))), SIG) == 1024


@pytest.mark.parametrize(
    "node, words",
    [
        (("Derivative", ("Symbol", "z1"), ("Tuple", ("Symbol", "z1"), ("Integer", "1"))), "unevaluated Derivative"),
        (("Integral", ("Symbol", "z1"), ("Tuple", ("Symbol", "z1"))), "unevaluated Integral"),
        (("Subs", ("Symbol", "z1"), ("Tuple", ("Symbol", "z1")), ("Tuple", ("Integer", "1"))), "unevaluated Subs"),
        (("sin", ("Symbol", "z1")), "the function sin"),
        (("Liar",), "Liar is not allowed"),
        (("Pi",), "the constant pi"),
        (("Symbol", "x"), "unknown symbol x"),
    ],
)
def test_refused_nodes_say_why(node, words):
    with pytest.raises(DerivationInputError, match=words):
        rebuild(SympyTree(node), SIG)


def test_shown_quotes_the_tree_as_it_came():
    z1, z2 = symbols("z1 z2")
    assert shown(from_sympy(log_exp := exp(z1) * exp(z2))) == str(log_exp)
    tree = SympyTree(("Mul", ("Pow", ("Integer", "2"), ("Integer", "1000000")), ("Float", "1e999999999")))
    start = time.monotonic()
    assert shown(tree) == "2**1000000*1e999999999"  # nothing evaluated, nothing converted
    assert time.monotonic() - start < 0.5
    assert shown(SympyTree(("Derivative", ("Symbol", "z1"), ("Tuple", ("Symbol", "z1"), ("Integer", "1"))))).startswith(
        "Derivative("
    )
    assert isinstance(from_sympy(Derivative(Symbol("z1"), Symbol("z1"))), SympyTree)
