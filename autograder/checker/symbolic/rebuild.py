"""Build a sympy expression from a plain tree, inside a worker, with bounds on everything sympy computes.

`rebuild(tree, problem)` gives the canonical expression the checks judge: the lecture's symbols by name
(with their assumptions), every node evaluated the way sympy writes it. Before a node is built its inputs are
bounded: integers by digits, number**number by the bits of its exact value (the base is already evaluated, so
a power of a power is measured as it really is), and Floats are refused from their text alone (a Float whose
text has an enormous exponent would be converted digit by digit). An unevaluated Derivative, Integral or
Subs is refused: the step must be written out. `shown(tree)` gives the text of the tree exactly as it came,
nothing evaluated, for messages that quote what the student wrote.
"""

from __future__ import annotations

from sympy import (
    Abs,
    Add,
    E,
    Expr,
    Function,
    IndexedBase,
    Integer,
    Mul,
    Pow,
    Product,
    Rational,
    Sum,
    Symbol,
    Tuple,
    exp,
    log,
    sstr,
)

from .symbols import (
    SUMMATION_INDICES,
    DerivationInputError,
    describe_allowed,
    guard_integer,
    guard_power,
    resolve_name,
)
from .tree import LEAVES, SympyTree

FUNCTIONS = {"Add": Add, "Mul": Mul, "exp": exp, "log": log, "Abs": Abs}
UNEVALUATED = ("Derivative", "Integral", "Subs")
CONSTANTS = {
    "Pi": "pi",
    "ImaginaryUnit": "I",
    "Infinity": "oo",
    "NegativeInfinity": "-oo",
    "ComplexInfinity": "zoo",
    "NaN": "nan",
    "EulerGamma": "EulerGamma",
    "GoldenRatio": "GoldenRatio",
    "Catalan": "Catalan",
}
FOREIGN_FUNCTIONS = {
    "sin",
    "cos",
    "tan",
    "tanh",
    "sinh",
    "cosh",
    "sqrt",
    "sign",
    "Max",
    "Min",
    "Heaviside",
    "LambertW",
    "gamma",
    "factorial",
    "floor",
    "ceiling",
    "re",
    "im",
    "arg",
    "conjugate",
}


def _not_allowed(problem, kind: str, **params) -> DerivationInputError:
    return DerivationInputError("not_allowed", what=(f"what:{kind}", params), allowed=describe_allowed(problem))


class _Builder:
    def __init__(self, problem: str | None):
        self.problem = problem
        self.memo: dict[tuple, Expr] = {}

    def build(self, node: tuple):
        try:
            return self.memo[node]
        except KeyError:
            pass
        out = self._build(node)
        self.memo[node] = out
        return out

    def _build(self, node: tuple):
        name, args = node[0], node[1:]
        if name in ("Symbol", "Dummy"):
            obj = resolve_name(args[0], self.problem)
            if isinstance(obj, IndexedBase):
                raise DerivationInputError("indexed_needs_index", name=args[0])
            return obj
        if name == "IndexedBase":
            obj = resolve_name(args[0], self.problem)
            if not isinstance(obj, IndexedBase):
                raise DerivationInputError("not_indexable", name=args[0])
            return obj
        if name == "Integer":
            value = Integer(int(args[0]))
            guard_integer(value)
            return value
        if name == "Rational":
            p, q = int(args[0]), int(args[1])
            if q == 0:
                raise _not_allowed(self.problem, "constant", name="zoo")
            value = Rational(p, q)
            guard_integer(value)
            return value
        if name == "Float":
            raise DerivationInputError("float_literal", value=args[0])
        if name == "Exp1":
            return E
        if name in CONSTANTS:
            raise _not_allowed(self.problem, "constant", name=CONSTANTS[name])
        if name in UNEVALUATED:
            raise DerivationInputError("unevaluated", name=name)
        if name == "Idx":
            if not args or args[0][0] not in ("Symbol", "Dummy"):
                raise DerivationInputError("limits_form", name="Idx")
            obj = resolve_name(args[0][1], self.problem)
            if not isinstance(obj, Symbol) or obj.name not in SUMMATION_INDICES:
                raise DerivationInputError("limits_form", name="Idx")
            return obj
        if name == "Indexed":
            if len(args) < 1 or args[0][0] != "IndexedBase":
                raise _not_allowed(self.problem, "node", name="Indexed")
            base = self.build(args[0])
            if len(args) != 3:
                raise DerivationInputError("indexed_rank", name=args[0][1])
            return base[self.build(args[1]), self.build(args[2])]
        if name == "Pow":
            if len(args) != 2:
                raise _not_allowed(self.problem, "node", name="Pow")
            base, exponent = self.build(args[0]), self.build(args[1])
            guard_power(base, exponent)
            return Pow(base, exponent)
        if name in ("Sum", "Product"):
            if len(args) < 2:
                raise DerivationInputError("limits_form", name=name)
            body = self.build(args[0])
            limits = [self._limit(name, a) for a in args[1:]]
            return (Sum if name == "Sum" else Product)(body, *limits)
        if name in FUNCTIONS:
            if name in ("exp", "log", "Abs") and len(args) != 1:
                raise _not_allowed(self.problem, "function", name=name)
            return FUNCTIONS[name](*(self.build(a) for a in args))
        if name == "Tuple":
            raise _not_allowed(self.problem, "tuple")
        if name in FOREIGN_FUNCTIONS or name[:1].islower():
            raise _not_allowed(self.problem, "function", name=name)
        raise _not_allowed(self.problem, "node", name=name)

    def _limit(self, name: str, node: tuple):
        if node[0] != "Tuple" or len(node) != 4:
            raise DerivationInputError("limits_form", name=name)
        index = self.build(node[1])
        if not (isinstance(index, Symbol) and index.name in SUMMATION_INDICES):
            raise DerivationInputError("limits_form", name=name)
        return Tuple(index, self.build(node[2]), self.build(node[3]))


def rebuild(tree: SympyTree | tuple, problem: str | None = None) -> Expr:
    """The canonical expression of `tree` (run it in a worker), or DerivationInputError saying what is refused."""
    root = tree.root if isinstance(tree, SympyTree) else tree
    try:
        out = _Builder(problem).build(_as_tuples(root))
    except RecursionError:
        raise DerivationInputError("too_deep", limit=200) from None
    if not isinstance(out, Expr):
        raise _not_allowed(problem, "node", name=type(out).__name__)
    return out


def _as_tuples(node):
    """Trees that went through JSON (the shared cache) come back as lists."""
    if isinstance(node, list):
        return tuple(_as_tuples(a) if isinstance(a, (list, tuple)) else a for a in node)
    if isinstance(node, tuple) and any(isinstance(a, list) for a in node):
        return tuple(_as_tuples(a) if isinstance(a, (list, tuple)) else a for a in node)
    return node


def to_tree(expr) -> tuple:
    """A canonical expression back to plain data (tuples of strings), for the parent and the cache."""
    if isinstance(expr, Symbol):
        return ("Symbol", expr.name)
    if isinstance(expr, Integer):
        return ("Integer", str(int(expr)))
    if isinstance(expr, Rational):
        return ("Rational", str(int(expr.p)), str(int(expr.q)))
    if expr is E:
        return ("Exp1",)
    if isinstance(expr, IndexedBase):
        return ("IndexedBase", str(expr.label))
    if isinstance(expr, Tuple):
        return ("Tuple", *(to_tree(a) for a in expr.args))
    return (type(expr).__name__, *(to_tree(a) for a in expr.args))


# --- as written --------------------------------------------------------------------------------
def shown(tree: SympyTree | tuple) -> str:
    """The expression as it came (the student's own tree, unevaluated), as sympy prints it."""
    root = tree.root if isinstance(tree, SympyTree) else tree
    try:
        return sstr(_plain(_as_tuples(root)))
    except Exception:  # a shape that cannot be printed: its head is enough to point at it
        return f"{root[0]}(…)"


def _plain(node: tuple):
    """Unevaluated, with plain symbols: nothing is computed, so any node can be shown safely."""
    name, args = node[0], node[1:]
    if name in ("Symbol", "Dummy", "IndexedBase"):
        return IndexedBase(args[0]) if name == "IndexedBase" else Symbol(args[0])
    if name in ("Integer", "Rational", "Float"):
        text = "/".join(args)
        if len(text) > 60 or name == "Float" or (name == "Rational" and int(args[1]) == 0):
            return Symbol(text)  # printed as its text; nothing converted
        return Integer(int(args[0])) if name == "Integer" else Rational(int(args[0]), int(args[1]))
    if name == "Exp1":
        return E
    if name in LEAVES:
        return Symbol(name)
    children = [_plain(a) for a in args]
    if name == "Add":
        return Add(*children, evaluate=False)
    if name == "Mul":
        return Mul(*children, evaluate=False)
    if name == "Pow" and len(children) == 2:
        return Pow(children[0], children[1], evaluate=False)
    if name == "exp" and len(children) == 1:
        return exp(children[0], evaluate=False)
    if name == "log" and len(children) == 1:
        return log(children[0], evaluate=False)
    if name == "Tuple":
        return Tuple(*children)
    if name == "Indexed" and children and isinstance(children[0], IndexedBase):
        return children[0][tuple(children[1:])]
    if (
        name in ("Sum", "Product")
        and len(children) >= 2
        and all(isinstance(c, Tuple) and len(c) == 3 for c in children[1:])
    ):
        return (Sum if name == "Sum" else Product)(children[0], *children[1:])
    if name in CONSTANTS and not children:
        return Symbol(CONSTANTS[name])
    return Function(name)(*children)


__all__ = ["rebuild", "to_tree", "shown"]
