"""What "the same up to trivial rearrangement" means, products as factor tables, and where two steps differ.

* `normal(e)`: sympy's own form (order, flattening, combining like terms) plus one convention for the
  number in front of a sum: every sum that is a factor of a product is made primitive (its integer or
  rational content and its sign moved to the product's coefficient). So 2·(s1 − y1)·x, (2s1 − 2y1)·x and
  −2·(y1 − s1)·x are one form; nothing else is rewritten.
* `factors(term)`: a product as {base: integer exponent}, reading exp(k·u) as exp(u)**k, so that s1 = e^{z1}/D
  divides e^{2 z1}/D² the way a student sees it.
* `localize(a, b)`: strip the context two steps share (common terms of a sum, common factors of a product,
  unchanged arguments) down to the places where they differ: a move is judged there, so a factor carried
  along (an unsimplified 1, a common term) neither creates nor hides a move.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from sympy import Add, Expr, Integer, Mul, Pow, S, Tuple, exp, preorder_traversal, srepr

MAX_PLACES = 6  # more differing places than this: judged as one whole pair


def digest(expr) -> str:
    """The identity of a canonical expression: equal digests, equal expressions (as sympy writes them)."""
    return hashlib.sha256(srepr(expr).encode("utf-8")).hexdigest()[:32]


def size(expr, limit: int | None = None) -> int:
    """The number of nodes of an expression, counted up to `limit` (a size bound never walks a huge tree whole)."""
    count = 0
    for _ in preorder_traversal(expr):
        count += 1
        if limit is not None and count > limit:
            break
    return count


def pieces(expr) -> Counter:
    """Every sub-expression, counted: what `apart` compares."""
    return Counter(preorder_traversal(expr))


def apart(a, b) -> int:
    """How far two expressions are apart as written: the sub-expressions one has and the other has not, counted
    (0 only for the same expression). Cheap, and only used to rank candidates, never to grade."""
    ca, cb = pieces(a), pieces(b)
    return sum(((ca - cb) + (cb - ca)).values())


def primitive_signed(add: Expr) -> tuple:
    """(content, primitive sum) with the sum's sign made canonical: 2·y1 − 2·s1 → (−2, s1 − y1)."""
    content, rest = add.primitive()
    if rest.is_Add and rest.could_extract_minus_sign():
        content, rest = -content, -rest
    return content, rest


def normal(expr: Expr, memo: dict | None = None) -> Expr:
    """sympy's form plus primitive, sign-normalised sums inside products (see the module docstring)."""
    memo = {} if memo is None else memo
    return _normal(expr, memo)


def _normal(e, memo):
    if not isinstance(e, Expr) and not isinstance(e, Tuple) or not e.args:
        return e
    try:
        return memo[e]
    except KeyError:
        pass
    except TypeError:
        return e
    args = [_normal(a, memo) for a in e.args]
    if e.is_Mul:
        coefficient, rest = S.One, []
        for a in args:
            if a.is_Number:
                coefficient *= a
            elif a.is_Add:
                c, p = primitive_signed(a)
                coefficient *= c
                rest.append(p)
            elif a.is_Pow and a.base.is_Add and a.exp.is_Integer:
                c, p = primitive_signed(a.base)
                coefficient *= c**a.exp
                rest.append(Pow(p, a.exp))
            else:
                rest.append(a)
        out = Mul(coefficient, *rest)
    elif e.is_Pow and args[0].is_Add and args[1].is_Integer and len(args[0].args) > 1:
        c, p = primitive_signed(args[0])
        out = Mul(c ** args[1], Pow(p, args[1]))
    else:
        out = e.func(*args)
    memo[e] = out
    return out


# --- products as factor tables ------------------------------------------------------------------
def split_factor(f: Expr) -> tuple:
    """One factor of a product as (base, integer exponent); exp(k·u) is (exp(u), k) for an integer k."""
    if f.is_Pow and f.exp.is_Integer:
        base, power = f.base, int(f.exp)
        if isinstance(base, exp):
            inner_base, inner_power = split_factor(base)
            return inner_base, inner_power * power
        return base, power
    if isinstance(f, exp):
        coefficient, rest = f.args[0].as_coeff_Mul()
        if coefficient.is_Integer and coefficient != 0 and rest != 1:
            return exp(rest), int(coefficient)
        return f, 1
    return f, 1


def factors(term: Expr) -> tuple:
    """(numeric coefficient, {base: exponent}) of a product (a single factor is a product of one)."""
    coefficient = S.One
    table: dict = {}
    for f in Mul.make_args(term):
        if f.is_Number:
            coefficient *= f
            continue
        base, power = split_factor(f)
        table[base] = table.get(base, 0) + power
    return coefficient, {b: p for b, p in table.items() if p != 0}


def build(coefficient: Expr, table: dict) -> Expr:
    return Mul(coefficient, *(Pow(b, p) for b, p in table.items()))


def divides(part: dict, whole: dict) -> bool:
    """Is `part` a factor of `whole` (same sign of exponent, no larger in size)?"""
    for base, power in part.items():
        have = whole.get(base, 0)
        if have == 0 or (have > 0) != (power > 0) or abs(have) < abs(power):
            return False
    return True


def quotient(whole: dict, part: dict) -> dict:
    out = dict(whole)
    for base, power in part.items():
        out[base] = out.get(base, 0) - power
        if out[base] == 0:
            del out[base]
    return out


def common(tables: list) -> dict:
    """The largest factor every table has (bases in all, exponents of one sign, the smallest size)."""
    if not tables:
        return {}
    out = {}
    for base in tables[0]:
        powers = [t.get(base, 0) for t in tables]
        if all(p > 0 for p in powers):
            out[base] = min(powers)
        elif all(p < 0 for p in powers):
            out[base] = max(powers)
    return out


def as_expr(table: dict) -> Expr:
    return build(S.One, table)


# --- where two steps differ ---------------------------------------------------------------------
def localize(a: Expr, b: Expr) -> list:
    """The smallest pairs (x, y) such that replacing each x in `a` by its y gives `b` (the context removed)."""
    out: list = []
    _localize(a, b, out)
    if len(out) > MAX_PLACES:
        return [(a, b)]
    return out


def _localize(a, b, out) -> None:
    if a == b:
        return
    if a.func == b.func and a.func in (Add, Mul):
        ca, cb = Counter(a.args), Counter(b.args)
        shared = ca & cb
        if shared:
            ra, rb = list((ca - shared).elements()), list((cb - shared).elements())
            if len(ra) == 1 and len(rb) == 1:
                _localize(ra[0], rb[0], out)
                return
            unit = Integer(0) if a.func is Add else Integer(1)
            out.append((a.func(*ra) if ra else unit, b.func(*rb) if rb else unit))
            return
        out.append((a, b))
        return
    if (
        a.func == b.func
        and a.func not in (Add, Mul)
        and len(a.args) == len(b.args)
        and a.args
        and not isinstance(a, Tuple)
    ):
        differing = [k for k in range(len(a.args)) if a.args[k] != b.args[k]]
        if all(isinstance(a.args[k], Expr) and isinstance(b.args[k], Expr) for k in differing):
            for k in differing:
                _localize(a.args[k], b.args[k], out)
            return
    out.append((a, b))


def nodes(expr: Expr, kind=None, limit: int = 40) -> list:
    """Sub-expressions (outermost first), optionally only those for which `kind(node)` holds."""
    found, queue = [], [expr]
    while queue and len(found) < limit:
        node = queue.pop(0)
        if kind is None or kind(node):
            found.append(node)
        queue.extend(a for a in node.args if isinstance(a, Expr))
    return found


def replace_node(expr: Expr, target: Expr, new: Expr) -> Expr:
    """`expr` with every occurrence of the sub-expression `target` replaced by `new` (exact match)."""
    return expr.xreplace({target: new})


__all__ = [
    "digest",
    "size",
    "apart",
    "normal",
    "primitive_signed",
    "split_factor",
    "factors",
    "build",
    "divides",
    "quotient",
    "common",
    "as_expr",
    "localize",
    "nodes",
    "replace_node",
]
