"""How the feedback writes an expression: sympy's printing, in the student's own names.

A chain built with `den = exp(z1) + exp(z2)` and `s1 = exp(z1)/den` reaches the checker written out in full,
and sympy prints it that way: several lines of exponentials, cut off. `abbreviated` substitutes the
derivation's abbreviations back (its `where`, e.g. den, s1, s2, the names the stub uses) before printing, so a
message reads `4*s1*(1 - s1)*(s1 - y1)`: a product holding exp(z1)ᵏ and den⁻ᵏ shows s1ᵏ, what is left of den
shows den. Text a student typed is quoted as typed elsewhere; this is for expressions built with sympy.
This module builds sympy objects: the grader runs it inside a worker only.
"""

from __future__ import annotations

from functools import cache

from sympy import Expr, Mul, Pow, Symbol, exp, sstr

from .derivations import DERIVATIONS
from .normal import factors, size, split_factor
from .symbols import canonicalize, kit_expression, with_abbreviations

SHOWN_CHARS = 160
MAX_NODES = 3000  # larger expressions are printed as they are (and cut): the substitution is not worth it


@cache
def _abbreviations(problem: str) -> tuple:
    """(name, canonical expression) of the derivation's abbreviations, in the order declared."""
    derivation = DERIVATIONS.get(problem)
    if derivation is None or not derivation.where:
        return ()
    table = with_abbreviations(derivation)
    return tuple((name, canonicalize(kit_expression(text, table), problem)) for name, text in derivation.where.items())


def _shares(problem: str) -> list:
    """[(name, (numerator base, its power), (denominator, its power))] of the abbreviations that are fractions."""
    out = []
    for name, expr in _abbreviations(problem):
        top, bottom = [], []
        for f in Mul.make_args(expr):
            base, power = split_factor(f)
            (bottom if power < 0 else top).append((base, power))
        if len(top) == 1 and len(bottom) == 1:
            out.append((name, top[0], bottom[0]))
    return out


def substitute(expr: Expr, problem: str) -> Expr:
    """`expr` with the derivation's abbreviations as plain symbols (for printing only)."""
    shares = _shares(problem)
    sums = [(e, Symbol(name)) for name, e in _abbreviations(problem) if e.is_Add]

    def walk(e):
        if not isinstance(e, Expr) or not e.args:
            return e
        args = [walk(a) for a in e.args]
        e = e.func(*args) if any(x is not y for x, y in zip(args, e.args)) else e
        if e.is_Mul or (e.is_Pow and e.exp.is_Integer) or isinstance(e, exp):
            coefficient, table = factors(e)
            named = []
            for name, (top, up), (bottom, down) in shares:
                times = min(table.get(top, 0) // up, table.get(bottom, 0) // down) if up and down else 0
                if times > 0:
                    table[top] -= times * up
                    table[bottom] -= times * down
                    named.append(Pow(Symbol(name), times))
            if named:
                rest = [Pow(base, power) for base, power in table.items() if power]
                return Mul(coefficient, *named, *rest)
        return e

    out = walk(expr)
    for whole, symbol in sums:
        out = out.xreplace({whole: symbol})
    return out


def abbreviated(expr: Expr, problem: str | None, limit: int = SHOWN_CHARS) -> str:
    """The expression as the feedback prints it: in the derivation's names, at most `limit` characters."""
    if problem and _abbreviations(problem) and size(expr, MAX_NODES) <= MAX_NODES:
        try:
            expr = substitute(expr, problem)
        except Exception:  # printing is never worth a failed grade: print it as it is
            pass
    text = " ".join(sstr(expr).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["abbreviated", "substitute", "SHOWN_CHARS"]
