"""A sympy expression as plain data: nested tuples of strings, checked for size and shape, never built here.

Why: building a sympy object runs code on the data (Integer**Integer is computed at construction, a Float's
text is converted digit by digit), so the grading process must not build the student's expressions at all.
The wire hands the grader a `SympyTree` (or an `InvalidTree` saying why it was refused); the rebuilding
happens in a killable worker (rebuild.py) under the step's deadline.

A node is `(name, *children)`; leaves carry text: ("Symbol", "z1"), ("Integer", "12"), ("Rational", "1", "2"),
("Float", "0.5"), ("Exp1",). Nothing here imports sympy, so the wire can use it in every grading process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NODES = 5_000
MAX_DEPTH = 200
MAX_DIGITS = 1_000
MAX_FLOAT_TEXT = 60
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
SYMBOL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_{},]{0,39}$")
DIGITS = re.compile(r"^-?[0-9]+$")
FLOAT_TEXT = re.compile(r"^[-+0-9.eE]+$")
LEAVES = {"Symbol": 1, "Dummy": 1, "IndexedBase": 1, "Integer": 1, "Rational": 2, "Float": 1}


@dataclass(frozen=True)
class SympyTree:
    """A checked expression tree: `root` is (name, *children), leaves hold their text."""

    root: tuple

    def __repr__(self) -> str:  # short, for messages that show what came back
        return f"<sympy expression {self.root[0]}>"


@dataclass(frozen=True)
class InvalidTree:
    """A returned expression the kit refused before building anything: a message key and its parameters."""

    key: str
    params: tuple = ()  # (name, value) pairs, so the object stays hashable

    def __repr__(self) -> str:
        return f"<unreadable sympy expression: {self.key}>"

    @property
    def param_dict(self) -> dict:
        return dict(self.params)


class _Refused(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def from_wire(value) -> SympyTree | InvalidTree:
    """What the student process sent as an expression ([name, args...] lists) → a SympyTree or an InvalidTree."""
    counter = [0]
    try:
        return SympyTree(_node(value, 0, counter))
    except _Refused as refused:
        return InvalidTree(refused.key, tuple(sorted(refused.params.items())))
    except RecursionError:
        return InvalidTree("too_deep", (("limit", MAX_DEPTH),))


def _node(value, depth: int, counter: list) -> tuple:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise _Refused("too_big", limit=MAX_NODES)
    if depth > MAX_DEPTH:
        raise _Refused("too_deep", limit=MAX_DEPTH)
    if not isinstance(value, (list, tuple)) or not value or not isinstance(value[0], str) or not NAME.match(value[0]):
        raise _Refused("malformed_expression")
    name, args = value[0], value[1:]
    if name in LEAVES:
        if len(args) != LEAVES[name] or not all(isinstance(a, str) for a in args):
            raise _Refused("malformed_expression")
        if name in ("Symbol", "Dummy", "IndexedBase") and not SYMBOL_NAME.match(args[0]):
            shown = args[0] if len(args[0]) <= 40 else args[0][:39] + "…"
            raise _Refused("bad_symbol_name", name=shown)
        if name in ("Integer", "Rational"):
            for text in args:
                if not DIGITS.match(text):
                    raise _Refused("malformed_expression")
                if len(text.lstrip("-")) > MAX_DIGITS:
                    raise _Refused("number_too_large", what=text[:20] + f"… ({len(text)} digits)")
        if name == "Float" and (len(args[0]) > MAX_FLOAT_TEXT or not FLOAT_TEXT.match(args[0])):
            raise _Refused("float_literal", value=args[0][:30] + ("…" if len(args[0]) > 30 else ""))
        return (name, *args)
    return (name, *(_node(a, depth + 1, counter) for a in args))


def from_sympy(expr) -> SympyTree | InvalidTree:
    """A sympy object (built by a caller on its own side: a test, a notebook, plain pytest) → its tree.

    The same shape the student process sends, so both paths meet the same checks; only reading attributes,
    nothing is evaluated.
    """
    import sympy  # here, not at the top: the grading engine's wire reads trees without paying for sympy

    counter = [0]

    def walk(e, depth):
        counter[0] += 1
        if counter[0] > MAX_NODES:
            raise _Refused("too_big", limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise _Refused("too_deep", limit=MAX_DEPTH)
        if isinstance(e, sympy.Symbol):
            return ["Symbol", str(e.name)]
        if isinstance(e, sympy.Integer):
            return ["Integer", str(int(e))]
        if isinstance(e, sympy.Rational):
            return ["Rational", str(int(e.p)), str(int(e.q))]
        if isinstance(e, sympy.Float):
            return ["Float", str(e)[:MAX_FLOAT_TEXT]]
        if isinstance(e, sympy.IndexedBase):
            return ["IndexedBase", str(e.name)]
        if isinstance(e, (sympy.Tuple, tuple)):
            return ["Tuple"] + [walk(a, depth + 1) for a in e]
        if not isinstance(e, sympy.Basic):
            raise _Refused("malformed_expression")
        return [type(e).__name__] + [walk(a, depth + 1) for a in e.args]

    try:
        raw = walk(expr, 0)
    except _Refused as refused:
        return InvalidTree(refused.key, tuple(sorted(refused.params.items())))
    except RecursionError:
        return InvalidTree("too_deep", (("limit", MAX_DEPTH),))
    return from_wire(raw)


def size(tree: SympyTree) -> int:
    """The number of nodes (the wire already capped it)."""
    stack, count = [tree.root], 0
    while stack:
        node = stack.pop()
        count += 1
        if node[0] not in LEAVES:
            stack.extend(node[1:])
    return count


__all__ = ["SympyTree", "InvalidTree", "from_wire", "from_sympy", "size", "MAX_NODES", "MAX_DEPTH"]
