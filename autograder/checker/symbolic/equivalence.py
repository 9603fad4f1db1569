"""Is step b equal to step a? A verdict in stages, cheapest first, each bounded by size and by counts of work,
never by a clock: the same two steps get the same verdict on an idle and on a busy machine.

1. structure: after `canonicalize` (the lecture's assumptions; one-hot targets substituted where the problem
   says so) sympy writes both the same way → "proved".
2. rewrites of a − b: cancel(together()), expand, powsimp(expand()), expand(expand_log()), each only where
   a − b is small enough that it cannot run long (at most REWRITE_NODES nodes, REWRITE_ATOMS distinct
   symbols and functions, and at most EXPAND_TERMS terms once multiplied out). Logs are expanded without
   `force`: the canonical symbols carry positivity, so log(p**y) → y·log(p) and log(∏) → Σ log happen exactly
   where the domain allows them → "proved". (`simplify` is not used: its time has no bound one could state.)
3. numeric evaluation with mpmath at 30 digits at 24 random points inside the domain → "numeric" (sampling
   decided, and the verdict says so), or a point where they clearly differ (relative 1e−6), confirmed again
   at 60 digits → "refuted", with that point and both values. The evaluation counts its work: MAX_WORK node
   evaluations per expression and point, TOTAL_WORK for the whole check, and no exponential of an argument
   beyond MAX_EXPONENT; a point that would need more is skipped, never guessed.

Sampling is sound on every axis, because nothing is taken from a fixed set: logits and shifts are rationals
with a large prime denominator in [−3, 3] (not a grid), targets lie on the simplex where one-hot applies,
and the sizes N, K of Sum/Product are drawn at random for every point, log-uniformly from 1 up to a bound
that grows with how often N and K occur in the two steps as values (a factor like (K − 2)(K − 3) can vanish
at a handful of sizes, never at most of a range 30 times wider than its degree); p[n, i] rows sum to 1.
The points come from a seed that mixes the caller's seed (the grader passes the course's secret seed) with
the two steps, so a submission cannot aim at them. A timeout or an error is "undecided", never "refuted".
This module builds and evaluates sympy objects: the grader runs `decide` inside a worker only.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import asdict, dataclass, field
from fractions import Fraction

import mpmath
from sympy import (
    Abs,
    Add,
    Expr,
    Function,
    Indexed,
    Mul,
    Pow,
    Product,
    S,
    Sum,
    Symbol,
    binomial,
    cancel,
    exp,
    expand,
    expand_log,
    log,
    powsimp,
    preorder_traversal,
    srepr,
    together,
)

from .normal import size
from .symbols import ONE_HOT

CACHE_VERSION = "v4"  # v4: verdicts bounded by size and counts (no clock), moves, routes and attempts in links
SEED = 20261124  # the default seed (library use, a student's own checks); the grader passes the course's
POINTS = 24
SIZE_BASE = 40  # sizes N, K are drawn from 1 … at least this
SIZE_PER_DEGREE = 30  # … and at least this many times the number of times N, K occur as values
SIZE_CAP = 100_000
DPS = 30
CONFIRM_DPS = 60
AGREE = mpmath.mpf("1e-10")
DIFFER = mpmath.mpf("1e-6")
MAX_WORK = 40_000  # node evaluations per expression and point: a point that needs more is skipped
TOTAL_WORK = 240_000  # node evaluations for one check, all points together: the points beyond are skipped
MAX_EXPONENT = 10**9  # exp(u) and a**u are evaluated only where |u| (|u·log a|) stays below this
REWRITE_NODES = 600  # the rewrites of stage 2 run only on a − b of at most this many nodes,
REWRITE_ATOMS = 24  # ... with at most this many distinct symbols and functions,
EXPAND_TERMS = 4_000  # ... that multiply out to at most this many terms
SHOWN_TABLE = 4  # a point shows the p, y tables only when they have at most this many entries

KINDS = ("proved", "numeric", "refuted", "undecided")


@dataclass
class Verdict:
    """The answer to "is b equal to a?": kind, which stage decided (method), and for "refuted" where and how.

    `sizes` is the largest size N, K the sampler could draw (0 when the steps have no sums or products).
    """

    kind: str
    method: str
    point: dict = field(default_factory=dict)
    a_value: complex | float | str | None = None  # str: too large for a float, as mpmath prints it
    b_value: complex | float | str | None = None
    points: int = 0
    sizes: int = 0

    @property
    def valid(self) -> bool:
        return self.kind in ("proved", "numeric")

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("a_value", "b_value"):
            value = data[key]
            if isinstance(value, complex):
                data[key] = [value.real, value.imag]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Verdict:
        data = dict(data)
        for key in ("a_value", "b_value"):
            value = data.get(key)
            if isinstance(value, list):
                data[key] = complex(value[0], value[1])
        names = ("kind", "method", "point", "a_value", "b_value", "points", "sizes")
        return cls(**{k: data[k] for k in names if k in data})


# --- sampling -----------------------------------------------------------------------------------
FINE = 1_000_000_007
_SIZE_NAMES = ("N", "K")


class _Point:
    """Values for one evaluation: symbols by name, p[a, b] and y[a, b] rows filled (summing to 1) on first use."""

    def __init__(self, values: dict[str, Fraction], shown: dict[str, Fraction], rng: random.Random | None, sizes=None):
        self.values = values
        self.shown = shown
        self.rng = rng if rng is not None else random.Random(0)
        self.sizes = sizes
        self.tables: dict[str, dict[tuple[int, int], Fraction]] = {"p": {}, "y": {}}
        self.numbers: dict = {}

    def _fill_row(self, name: str, row: int) -> None:
        count_k = self.sizes[1] if self.sizes else 2
        weights = [self.rng.randint(1, FINE) for _ in range(count_k)]
        total = sum(weights)
        for col, weight in enumerate(weights, start=1):
            self.tables[name][(row, col)] = Fraction(weight, total)

    def indexed(self, name: str, key: tuple[int, int]):
        number = self.numbers.get((name, key))
        if number is not None:
            return number
        table = self.tables[name]
        if (
            key not in table
            and self.sizes is not None
            and 1 <= key[0] <= self.sizes[0]
            and 1 <= key[1] <= self.sizes[1]
        ):
            self._fill_row(name, key[0])
        if key not in table:  # outside the rows the sizes define (e.g. limits from 0): any positive value
            table[key] = Fraction(self.rng.randint(1, FINE - 1), FINE)
        value = table[key]
        number = mpmath.mpf(value.numerator) / value.denominator
        self.numbers[(name, key)] = number
        return number

    def display(self) -> dict:
        shown = {name: int(v) if name in _SIZE_NAMES else float(v) for name, v in self.shown.items()}
        entries = sum(len(t) for t in self.tables.values())
        if entries <= SHOWN_TABLE:
            for name in ("p", "y"):
                for (row, col), value in sorted(self.tables[name].items()):
                    shown[f"{name}[{row},{col}]"] = float(value)
        elif entries:
            shown["p, y"] = "random"
        return shown


_ORDER = ("N", "K", "z1", "z2", "z3", "c", "y1", "y2", "y3", "n", "i")


def size_degree(expr: Expr, factor: int = 1) -> int:
    """How many times N and K occur as values, each counted as often as an enclosing product repeats it
    (a constant-range Product or Sum of k terms counts k times, a power counts its exponent): a bound on the
    number of sizes at which a polynomial factor in N, K can vanish."""
    if isinstance(expr, Symbol):
        return factor if expr.name in _SIZE_NAMES else 0
    if isinstance(expr, (Sum, Product)):
        repeat, total = 1, 0
        for _var, lo, hi in expr.limits:
            total += size_degree(lo, factor) + size_degree(hi, factor)
            span = hi - lo
            repeat *= int(span) + 1 if span.is_Integer and int(span) >= 0 else 2
        return min(SIZE_CAP, total + size_degree(expr.function, min(SIZE_CAP, factor * repeat)))
    if isinstance(expr, Pow) and expr.exp.is_Integer:
        return min(SIZE_CAP, size_degree(expr.base, min(SIZE_CAP, factor * abs(int(expr.exp)))))
    return min(SIZE_CAP, sum(size_degree(a, factor) for a in expr.args if isinstance(a, Expr)))


def size_range(a: Expr, b: Expr) -> int:
    return min(SIZE_CAP, max(SIZE_BASE, SIZE_PER_DEGREE * (size_degree(a) + size_degree(b))))


def _log_uniform(rng: random.Random, top: int) -> int:
    """A whole number in [1, top], log-uniformly: small sizes as often as large ones, any of them possible."""
    import math

    return min(top, max(1, int(math.exp(rng.uniform(0.0, math.log(top + 1))))))


def _sample_points(
    names: set[str], problem: str | None, sized: bool, count: int, rng: random.Random, top: int = SIZE_BASE
) -> list[_Point]:
    substituted = {s.name: e for s, e in ONE_HOT.get(problem or "", {}).items()}
    group = _target_group(problem)
    show_group = bool(group & names) or any(substituted[k].free_symbols & _symbols_named(names) for k in substituted)
    points = []
    for _ in range(count):
        values: dict[str, Fraction] = {}
        shown: dict[str, Fraction] = {}
        sizes = None
        if sized:
            sizes = (_log_uniform(rng, top), _log_uniform(rng, top))
            values["N"], values["K"] = Fraction(sizes[0]), Fraction(sizes[1])
        for name in ("z1", "z2", "z3", "c"):
            values[name] = Fraction(rng.randint(-3 * FINE, 3 * FINE), FINE)
        if "y3" in substituted:  # three targets on the simplex, y3 = 1 − y1 − y2
            k1 = rng.randint(FINE // 100, FINE - 2 * (FINE // 100))
            k2 = rng.randint(FINE // 200, FINE - k1 - FINE // 200)
            values["y1"], values["y2"], values["y3"] = (
                Fraction(k1, FINE),
                Fraction(k2, FINE),
                Fraction(FINE - k1 - k2, FINE),
            )
        elif "y2" in substituted:  # two targets, y2 = 1 − y1
            k1 = rng.randint(FINE // 100, FINE - FINE // 100)
            values["y1"], values["y2"] = Fraction(k1, FINE), Fraction(FINE - k1, FINE)
            values["y3"] = Fraction(rng.randint(1, FINE - 1), FINE)
        else:
            for name in ("y1", "y2", "y3"):
                values[name] = Fraction(rng.randint(1, FINE - 1), FINE)
        values["n"] = Fraction(1)
        values["i"] = Fraction(rng.randint(1, 2))
        for name in _ORDER:
            if name in names or (show_group and name in group):
                shown[name] = values[name]
        if sizes is not None:
            shown["N"], shown["K"] = values["N"], values["K"]
            shown = {k: shown[k] for k in _ORDER if k in shown}
        points.append(_Point(values, shown, random.Random(rng.getrandbits(64)), sizes))
    return points


def _target_group(problem: str | None) -> set[str]:
    """The targets tied by one-hot (y3 = 1 − y1 − y2): a point shows all of them or none."""
    substitution = ONE_HOT.get(problem or "", {})
    names = set()
    for symbol, expr in substitution.items():
        names |= {symbol.name} | {s.name for s in expr.free_symbols}
    return names


def _symbols_named(names: set[str]) -> set:
    from .symbols import CANONICAL

    return {CANONICAL[n] for n in names if n in CANONICAL}


def point_seed(seed: int, a: Expr, b: Expr, pair: str | None = None) -> int:
    """The sampler's seed for one pair: the caller's seed mixed with both steps (`pair`: their digests, when the
    caller has them already; printing a large expression again costs seconds)."""
    steps = pair if pair is not None else f"{srepr(a)}|{srepr(b)}"
    digest = hashlib.sha256(f"{seed}|{steps}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


# --- evaluation ---------------------------------------------------------------------------------
class _Unevaluable(Exception):
    pass


class _Evaluator:
    """Evaluates a canonical expression with mpmath; Sum/Product are looped over their ranges, with a bound
    on the work (a point that needs more is skipped, never guessed)."""

    def __init__(self, point: _Point, env: dict | None = None, budget: list | None = None):
        self.point = point
        self.env = (
            env if env is not None else {k: mpmath.mpf(v.numerator) / v.denominator for k, v in point.values.items()}
        )
        self.bound: tuple = ()
        self.memo: dict = {}
        self.work = 0
        self.budget = budget if budget is not None else [TOTAL_WORK]  # shared by every evaluation of one check

    def __call__(self, expr):
        key = (expr, self.bound)
        try:
            return self.memo[key]
        except KeyError:
            pass
        self.work += 1
        self.budget[0] -= 1
        if self.work > MAX_WORK or self.budget[0] < 0:
            raise _Unevaluable("too much work")
        value = self._eval(expr)
        self.memo[key] = value
        return value

    def _eval(self, e):
        if e.is_Integer:
            return mpmath.mpf(int(e))
        if e.is_Rational:
            return mpmath.mpf(int(e.p)) / int(e.q)
        if e is S.Exp1:
            return mpmath.e
        if isinstance(e, Symbol):
            try:
                return self.env[e.name]
            except KeyError:
                raise _Unevaluable(e.name) from None
        if isinstance(e, Add):
            return mpmath.fsum(self(a) for a in e.args)
        if isinstance(e, Mul):
            out = mpmath.mpf(1)
            for a in e.args:
                out = out * self(a)
            return out
        if isinstance(e, Pow):
            base, power = self(e.args[0]), self(e.args[1])
            if base == 0 and mpmath.re(power) < 0:
                raise _Unevaluable("division by zero")
            if base != 0 and abs(power) > 1 and abs(power * mpmath.log(abs(base))) > MAX_EXPONENT:
                raise _Unevaluable("too large")
            return mpmath.power(base, power)
        if isinstance(e, exp):
            argument = self(e.args[0])
            if abs(mpmath.re(argument)) > MAX_EXPONENT:
                raise _Unevaluable("too large")
            return mpmath.exp(argument)
        if isinstance(e, log):
            value = self(e.args[0])
            if value == 0:
                raise _Unevaluable("log(0)")
            return mpmath.log(value)
        if isinstance(e, Abs):
            return abs(self(e.args[0]))
        if isinstance(e, Indexed):
            key = tuple(self._integer(self(k)) for k in e.indices)
            return self.point.indexed(str(e.base.label), key)
        if isinstance(e, (Sum, Product)):
            return self._loop(e.function, list(e.limits), isinstance(e, Sum))
        raise _Unevaluable(type(e).__name__)

    @staticmethod
    def _integer(value) -> int:
        if isinstance(value, mpmath.mpc) or value != mpmath.floor(value):
            raise _Unevaluable("non-integer index")
        return int(value)

    def _loop(self, function, limits, is_sum):
        if not limits:
            return self(function)
        var, lo, hi = limits[-1]  # the last limit is the outermost
        lo_v, hi_v = self._integer(self(lo)), self._integer(self(hi))
        if lo_v <= hi_v:
            indices, invert = range(lo_v, hi_v + 1), False
        else:  # Karr's convention, as sympy: sum_{a}^{b} = −sum_{b+1}^{a−1}
            indices, invert = range(hi_v + 1, lo_v), True
        if len(indices) > min(MAX_WORK - self.work, self.budget[0]):
            raise _Unevaluable("too many terms")
        saved_value, saved_bound = self.env.get(var.name), self.bound
        total = mpmath.mpf(0) if is_sum else mpmath.mpf(1)
        try:
            for value in indices:
                self.env[var.name] = mpmath.mpf(value)
                self.bound = saved_bound + ((var.name, value),)
                inner = self._loop(function, limits[:-1], is_sum)
                total = total + inner if is_sum else total * inner
        finally:
            self.bound = saved_bound
            if saved_value is None:
                self.env.pop(var.name, None)
            else:
                self.env[var.name] = saved_value
        if invert:
            total = -total if is_sum else 1 / total
        return total


def _finite(value) -> bool:
    return bool(mpmath.isfinite(value))


def _to_python(value):
    """A float or complex for the verdict; text (mpmath's) when the value does not fit a float."""
    real, imag = mpmath.re(value), mpmath.im(value)
    if max(abs(real), abs(imag)) > mpmath.mpf("1e300"):
        return mpmath.nstr(value, 4)
    if imag == 0:
        return float(real)
    return complex(float(real), float(imag))


def _compare(a: Expr, b: Expr, point: _Point, budget: list | None = None):
    """("agree" | "differ" | "unclear" | "skip", a_value, b_value) at one point, differ confirmed at 60 digits."""
    budget = budget if budget is not None else [TOTAL_WORK]
    try:
        with mpmath.workdps(DPS):
            va, vb = _Evaluator(point, budget=budget)(a), _Evaluator(point, budget=budget)(b)
            if not (_finite(va) and _finite(vb)):
                return "skip", None, None
            gap, scale = abs(va - vb), max(mpmath.mpf(1), abs(va), abs(vb))
            if gap <= AGREE * scale:
                return "agree", va, vb
            if gap <= DIFFER * scale:
                return "unclear", va, vb
        point.numbers.clear()
        with mpmath.workdps(CONFIRM_DPS):
            va, vb = _Evaluator(point, budget=budget)(a), _Evaluator(point, budget=budget)(b)
            gap, scale = abs(va - vb), max(mpmath.mpf(1), abs(va), abs(vb))
            if _finite(va) and _finite(vb) and gap > DIFFER * scale:
                return "differ", va, vb
            return "unclear", va, vb
    except (_Unevaluable, ZeroDivisionError, OverflowError, ValueError, MemoryError):
        return "skip", None, None
    finally:
        point.numbers.clear()


# --- the stages (run inside a worker) -----------------------------------------------------------
_CHEAP = (
    ("cancel", lambda d: cancel(together(d))),
    ("expand", expand),
    ("powsimp", lambda d: powsimp(expand(d))),
    ("expand_log", lambda d: expand(expand_log(d))),
)


def _is_zero(expr) -> bool:
    return expr == 0 or expr.is_zero is True


def expand_terms(expr: Expr, cap: int = EXPAND_TERMS) -> int:
    """An upper bound on the terms `expand` can make of expr (capped at cap + 1): sums add, products multiply,
    a power of a sum counts its multinomial terms, a function counts its largest argument."""

    def terms(e) -> int:
        if not isinstance(e, Expr) or not e.args:
            return 1
        if e.is_Add:
            return min(cap + 1, sum(terms(a) for a in e.args))
        if e.is_Mul:
            out = 1
            for a in e.args:
                out = min(cap + 1, out * terms(a))
            return out
        if e.is_Pow and e.exp.is_Integer:
            k, n = terms(e.base), abs(int(e.exp))
            return cap + 1 if n > cap else min(cap + 1, int(binomial(k + n - 1, n)))
        return max(terms(a) for a in e.args)

    return terms(expr)


def rewritable(difference: Expr) -> bool:
    """Small enough for the rewrites of stage 2 (see the module docstring): a bound by size, not by time."""
    if size(difference, REWRITE_NODES) > REWRITE_NODES:
        return False
    atoms = {node for node in preorder_traversal(difference) if isinstance(node, (Symbol, Indexed, Function))}
    return len(atoms) <= REWRITE_ATOMS and expand_terms(difference) <= EXPAND_TERMS


def decide(a: Expr, b: Expr, problem: str | None, seed: int = SEED, pair: str | None = None) -> Verdict:
    """The staged check of canonical a and b (run inside a worker; bounded by size and counts, see above).
    `pair` identifies the two steps for the sampler's seed (see point_seed)."""
    difference = a - b
    if difference == 0:
        return Verdict("proved", "structure")

    # 2. rewrites, where they cannot run long
    if rewritable(difference):
        for name, rewrite in _CHEAP:
            try:
                if _is_zero(rewrite(difference)):
                    return Verdict("proved", f"rewrite:{name}")
            except Exception:  # a rewrite that cannot handle some shape: this stage just did not decide
                continue

    # 3. numeric
    names = {s.name for s in (a.free_symbols | b.free_symbols) if isinstance(s, Symbol)}
    sized = bool(names & set(_SIZE_NAMES)) or a.has(Indexed) or b.has(Indexed)
    top = size_range(a, b) if sized else 0
    points = _sample_points(names, problem, sized, POINTS, random.Random(point_seed(seed, a, b, pair)), max(top, 1))
    budget = [TOTAL_WORK]
    tally = {"agree": 0, "unclear": 0, "skip": 0}
    for point in points:
        outcome, va, vb = _compare(a, b, point, budget)
        if outcome == "differ":
            return Verdict(
                "refuted", "numeric", point.display(), _to_python(va), _to_python(vb), sum(tally.values()) + 1, top
            )
        tally[outcome] += 1
    if tally["agree"] >= 20 and tally["unclear"] == 0:
        return Verdict("numeric", "numeric", points=tally["agree"], sizes=top)
    method = "numeric: too few points could be evaluated" if tally["unclear"] == 0 else "numeric: unclear"
    return Verdict("undecided", method, points=tally["agree"], sizes=top)


__all__ = [
    "Verdict",
    "KINDS",
    "decide",
    "rewritable",
    "expand_terms",
    "size_degree",
    "size_range",
    "point_seed",
    "SEED",
]
