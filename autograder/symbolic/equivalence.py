"""Is step b equal to step a? A verdict in stages, cheapest first, each within the step's time budget.

1. structure: after `canonicalize` (the lecture's assumptions; one-hot targets substituted where the problem
   says so) sympy writes both the same way → "proved".
2. cheap rewrites of a − b: cancel(together()), expand, powsimp(expand()), expand(expand_log()). Logs are
   expanded without `force`: the canonical symbols carry positivity, so log(p**y) → y·log(p) and
   log(∏) → Σ log happen exactly where the domain allows them → "proved".
3. a quick numeric screen at a few points: a false step is refuted here without paying for `simplify`.
4. `simplify(a − b)` with what is left of its share of the budget (it can raise on indexed sums: that is
   only a stage that did not decide) → "proved".
5. numeric evaluation with mpmath at 30 digits at 24 seeded points inside the domain: logits and shifts
   on a grid of hundredths in [−3, 3]; targets in (0, 1) and summing to 1 where one-hot applies; for
   Sum/Product the sizes (N, K) ∈ {(1, 2), (2, 3), (3, 2)} with p[n, i] rows that sum to 1 and y[n, i] ≥ 0.
   Agreement within a relative 1e−10 at every point → "numeric"; a point where they clearly differ
   (relative 1e−6), confirmed again at 60 digits → "refuted", with that point and both values.
A timeout or an error is "undecided", never "refuted".
"""
from __future__ import annotations

import hashlib
import random
import time
from dataclasses import asdict, dataclass, field
from fractions import Fraction

import mpmath
from sympy import (
    Abs,
    Add,
    Derivative,
    Expr,
    Indexed,
    Mul,
    Pow,
    Product,
    S,
    Sum,
    Symbol,
    cancel,
    exp,
    expand,
    expand_log,
    log,
    powsimp,
    simplify,
    srepr,
    together,
)

from .budget import DEFAULT_STEP_SECONDS, Budget, Job, SoftTimeout, default_budget, soft_deadline
from .parse import parse_step
from .symbols import ONE_HOT, canonicalize

CACHE_VERSION = "v1"
SEED = 20261124
POINTS = 24
SCREEN_POINTS = 4
SIZES = ((1, 2), (2, 3), (3, 2))
DPS = 30
CONFIRM_DPS = 60
AGREE = mpmath.mpf("1e-10")
DIFFER = mpmath.mpf("1e-6")
MAX_TERMS = 60  # a Sum/Product with more terms than this is not evaluated numerically
# Where each stage must have finished, as fractions of the budget; the parent's kill at 1.0 is the backstop.
CHEAP_END, SCREEN_END, SIMPLIFY_END, NUMERIC_END = 0.30, 0.42, 0.72, 0.96

KINDS = ("proved", "numeric", "refuted", "undecided")


@dataclass
class Verdict:
    """The answer to "is b equal to a?": kind, which stage decided (method), and for "refuted" where and how."""

    kind: str
    method: str
    point: dict = field(default_factory=dict)
    a_value: complex | float | str | None = None  # str: too large for a float, as mpmath prints it
    b_value: complex | float | str | None = None
    points: int = 0

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
    def from_dict(cls, data: dict) -> "Verdict":
        data = dict(data)
        for key in ("a_value", "b_value"):
            value = data.get(key)
            if isinstance(value, list):
                data[key] = complex(value[0], value[1])
        return cls(**{k: data[k] for k in ("kind", "method", "point", "a_value", "b_value", "points") if k in data})


# --- sampling -----------------------------------------------------------------------------------
# Points are rationals with a large prime denominator, not a grid: an answer built to be right only at
# integers or at multiples of 0.01 (e.g. a factor (-1)**(200*z1), or sin(100*pi*z1)) is caught.
FINE = 1_000_000_007
class _Point:
    """Values for one evaluation: symbols by name, lazily filled tables for p[a, b] and y[a, b]."""

    def __init__(self, values: dict[str, Fraction], shown: dict[str, Fraction], rng: random.Random, sizes=None):
        self.values = values
        self.shown = shown
        self.rng = rng
        self.sizes = sizes
        self.tables: dict[str, dict[tuple[int, int], Fraction]] = {"p": {}, "y": {}}
        if sizes is not None:
            count_n, count_k = sizes
            for row in range(1, count_n + 1):
                self._fill_row("p", row, count_k, positive=True)
                self._fill_row("y", row, count_k, positive=True)

    def _fill_row(self, name: str, row: int, count_k: int, positive: bool) -> None:
        weights = [self.rng.randint(1, FINE) for _ in range(count_k)]
        total = sum(weights)
        for col, weight in enumerate(weights, start=1):
            self.tables[name][(row, col)] = Fraction(weight, total)

    def indexed(self, name: str, key: tuple[int, int]) -> Fraction:
        table = self.tables[name]
        if key not in table:  # outside the rows the sizes define (e.g. limits from 0): any positive value
            table[key] = Fraction(self.rng.randint(1, FINE - 1), FINE)
        return table[key]

    def display(self) -> dict:
        shown = {name: int(v) if name in ("N", "K") else float(v) for name, v in self.shown.items()}
        for name in ("p", "y"):
            for (row, col), value in sorted(self.tables[name].items()):
                shown[f"{name}[{row},{col}]"] = float(value)
        return shown


_ORDER = ("N", "K", "z1", "z2", "z3", "c", "y1", "y2", "y3", "n", "i")


def _sample_points(names: set[str], problem: str | None, indexed: bool, count: int, seed: int) -> list[_Point]:
    rng = random.Random(seed)
    substituted = {s.name: e for s, e in ONE_HOT.get(problem or "", {}).items()}
    points = []
    size_plan = SIZES if ("N" in names or "K" in names or indexed) else (None,)
    per_size = -(-count // len(size_plan))
    for sizes in size_plan:
        for _ in range(per_size):
            values: dict[str, Fraction] = {}
            shown: dict[str, Fraction] = {}
            if sizes is not None:
                values["N"], values["K"] = Fraction(sizes[0]), Fraction(sizes[1])
            for name in ("z1", "z2", "z3", "c"):
                values[name] = Fraction(rng.randint(-3 * FINE, 3 * FINE), FINE)
            if "y3" in substituted:  # three targets on the simplex, y3 = 1 − y1 − y2
                k1 = rng.randint(FINE // 100, FINE - 2 * (FINE // 100))
                k2 = rng.randint(FINE // 200, FINE - k1 - FINE // 200)
                values["y1"], values["y2"], values["y3"] = Fraction(k1, FINE), Fraction(k2, FINE), Fraction(FINE - k1 - k2, FINE)
            elif "y2" in substituted:  # two targets, y2 = 1 − y1
                k1 = rng.randint(FINE // 100, FINE - FINE // 100)
                values["y1"], values["y2"] = Fraction(k1, FINE), Fraction(FINE - k1, FINE)
                values["y3"] = Fraction(rng.randint(1, FINE - 1), FINE)
            else:
                for name in ("y1", "y2", "y3"):
                    values[name] = Fraction(rng.randint(1, FINE - 1), FINE)
            values["n"] = Fraction(1)
            values["i"] = Fraction(rng.randint(1, 2))
            group = _target_group(problem)
            show_group = bool(group & names) or any(
                substituted[k].free_symbols & _symbols_named(names) for k in substituted)
            for name in _ORDER:
                if name in names or (show_group and name in group):
                    shown[name] = values[name]
            if sizes is not None:
                shown["N"], shown["K"] = values["N"], values["K"]
                shown = {k: shown[k] for k in _ORDER if k in shown}
            points.append(_Point(values, shown, rng, sizes))
    return points[: max(count, len(points))]


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


# --- evaluation ---------------------------------------------------------------------------------
class _Unevaluable(Exception):
    pass


class _Evaluator:
    """Evaluates a canonical expression with mpmath; Sum/Product are looped over their (small) ranges."""

    def __init__(self, point: _Point, env: dict | None = None):
        self.point = point
        self.env = env if env is not None else {k: mpmath.mpf(v.numerator) / v.denominator for k, v in point.values.items()}
        self.memo: dict = {}

    def __call__(self, expr):
        try:
            return self.memo[expr]
        except KeyError:
            pass
        value = self._eval(expr)
        self.memo[expr] = value
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
            return mpmath.power(base, power)
        if isinstance(e, exp):
            return mpmath.exp(self(e.args[0]))
        if isinstance(e, log):
            value = self(e.args[0])
            if value == 0:
                raise _Unevaluable("log(0)")
            return mpmath.log(value)
        if isinstance(e, Abs):
            return abs(self(e.args[0]))
        if isinstance(e, Indexed):
            key = tuple(self._integer(self(k)) for k in e.indices)
            value = self.point.indexed(str(e.base.label), key)
            return mpmath.mpf(value.numerator) / value.denominator
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
        if len(indices) > MAX_TERMS:
            raise _Unevaluable("too many terms")
        total = mpmath.mpf(0) if is_sum else mpmath.mpf(1)
        for value in indices:
            env = dict(self.env)
            env[var.name] = mpmath.mpf(value)
            inner = _Evaluator(self.point, env)._loop(function, limits[:-1], is_sum)
            total = total + inner if is_sum else total * inner
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


def _compare(a: Expr, b: Expr, point: _Point):
    """("agree" | "differ" | "unclear" | "skip", a_value, b_value) at one point, differ confirmed at 60 digits."""
    try:
        with mpmath.workdps(DPS):
            va, vb = _Evaluator(point)(a), _Evaluator(point)(b)
            if not (_finite(va) and _finite(vb)):
                return "skip", None, None
            gap, scale = abs(va - vb), max(mpmath.mpf(1), abs(va), abs(vb))
            if gap <= AGREE * scale:
                return "agree", va, vb
            if gap <= DIFFER * scale:
                return "unclear", va, vb
        with mpmath.workdps(CONFIRM_DPS):
            va, vb = _Evaluator(point)(a), _Evaluator(point)(b)
            gap, scale = abs(va - vb), max(mpmath.mpf(1), abs(va), abs(vb))
            if _finite(va) and _finite(vb) and gap > DIFFER * scale:
                return "differ", va, vb
            return "unclear", va, vb
    except (_Unevaluable, ZeroDivisionError, OverflowError, ValueError, MemoryError):
        return "skip", None, None


# --- the stages (run inside a worker) -----------------------------------------------------------
_CHEAP = (
    ("cancel", lambda d: cancel(together(d))),
    ("expand", expand),
    ("powsimp", lambda d: powsimp(expand(d))),
    ("expand_log", lambda d: expand(expand_log(d))),
)


def _is_zero(expr) -> bool:
    return expr == 0 or expr.is_zero is True


def decide(a: Expr, b: Expr, problem: str | None, seconds: float) -> dict:
    """The staged check of canonical a and b (a worker job); returns Verdict.to_dict()."""
    start = time.monotonic()

    def left(fraction: float) -> float:
        return start + fraction * seconds - time.monotonic()

    try:
        if a.has(Derivative) or b.has(Derivative):
            if left(CHEAP_END) <= 0:
                return Verdict("undecided", "timeout").to_dict()
            with soft_deadline(left(CHEAP_END)):
                a, b = a.doit(), b.doit()
    except SoftTimeout:
        return Verdict("undecided", "timeout").to_dict()
    except Exception as exc:
        return Verdict("undecided", f"error: {type(exc).__name__}").to_dict()

    difference = a - b
    if difference == 0:
        return Verdict("proved", "structure").to_dict()

    # 2. cheap rewrites
    for name, rewrite in _CHEAP:
        if left(CHEAP_END) <= 0:
            break
        try:
            with soft_deadline(left(CHEAP_END)):
                if _is_zero(rewrite(difference)):
                    return Verdict("proved", f"rewrite:{name}").to_dict()
        except SoftTimeout:
            break
        except Exception:
            continue

    # 3./5. numeric, in two rounds around simplify
    names = {s.name for s in (a.free_symbols | b.free_symbols) if isinstance(s, Symbol)}
    indexed = a.has(Indexed) or b.has(Indexed)
    points = _sample_points(names, problem, indexed, POINTS, SEED)
    screen = points[:: max(1, len(points) // SCREEN_POINTS)][:SCREEN_POINTS]
    rest = [pt for pt in points if pt not in screen]
    tally = {"agree": 0, "unclear": 0, "skip": 0}

    def run_points(chosen, end_fraction):
        for point in chosen:
            if left(end_fraction) <= 0:
                return "timeout"
            try:
                with soft_deadline(left(end_fraction)):
                    outcome, va, vb = _compare(a, b, point)
            except SoftTimeout:
                return "timeout"
            if outcome == "differ":
                return Verdict("refuted", "numeric", point.display(), _to_python(va), _to_python(vb), sum(tally.values()) + 1)
            tally[outcome] += 1
        return None

    found = run_points(screen, SCREEN_END)
    if isinstance(found, Verdict):
        return found.to_dict()

    # 4. simplify
    if left(SIMPLIFY_END) > 0:
        try:
            with soft_deadline(left(SIMPLIFY_END)):
                if _is_zero(simplify(difference)):
                    return Verdict("proved", "simplify").to_dict()
        except SoftTimeout:
            pass
        except Exception:  # simplify can raise on indexed sums: this stage just did not decide
            pass

    found = run_points(rest, NUMERIC_END)
    if isinstance(found, Verdict):
        return found.to_dict()
    if tally["agree"] >= 20 and tally["unclear"] == 0:
        return Verdict("numeric", "numeric", points=tally["agree"]).to_dict()
    method = "timeout" if found == "timeout" else "numeric: too few points could be evaluated" if tally["unclear"] == 0 else "numeric: unclear"
    return Verdict("undecided", method, points=tally["agree"]).to_dict()


# --- the parent side ----------------------------------------------------------------------------
def prepare(step, problem: str | None, one_hot: bool = True) -> Expr:
    """A step as the checks see it: parsed if text, canonicalized, one-hot substituted where it applies."""
    if isinstance(step, str):
        expr = parse_step(step, problem)
        return canonicalize(expr, problem, one_hot=True) if one_hot else expr
    return canonicalize(step, problem, one_hot=one_hot)


def pair_key(a: Expr, b: Expr, problem: str | None, seconds: float) -> str:
    text = f"equiv|{CACHE_VERSION}|{problem}|{seconds:g}|{srepr(a)}|{srepr(b)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verdict_from_outcome(outcome) -> Verdict:
    if outcome.status == "ok" and isinstance(outcome.value, dict):
        return Verdict.from_dict(outcome.value)
    if outcome.status == "timeout":
        return Verdict("undecided", "timeout")
    return Verdict("undecided", f"error: {outcome.value}")


def check_pairs(pairs: list[tuple[Expr, Expr]], problem: str | None, seconds: float, budget: Budget | None = None) -> list[Verdict]:
    """Verdicts for canonical (already substituted) pairs, structural ones at once, the rest in parallel workers."""
    budget = budget or default_budget()
    verdicts: list[Verdict | None] = [None] * len(pairs)
    jobs, where = [], []
    for index, (a, b) in enumerate(pairs):
        if a == b:
            verdicts[index] = Verdict("proved", "structure")
            continue
        jobs.append(Job(decide, (a, b, problem), pair_key(a, b, problem, seconds)))
        where.append(index)
    for index, outcome in zip(where, budget.run(jobs, seconds)):
        verdicts[index] = verdict_from_outcome(outcome)
    return verdicts  # type: ignore[return-value]


def check_equivalent(a, b, problem: str | None = None, budget: float = DEFAULT_STEP_SECONDS) -> Verdict:
    """Is b equal to a (sympy expressions or text), over the lecture's domain for `problem`?

    `budget` is the wall-clock seconds the check may take (course.yml's `step_seconds`). Input that is
    refused (unknown symbol, float, forbidden construct) raises DerivationInputError.
    """
    ca, cb = prepare(a, problem), prepare(b, problem)
    return check_pairs([(ca, cb)], problem, float(budget))[0]


__all__ = ["Verdict", "KINDS", "check_equivalent", "check_pairs", "decide", "prepare", "pair_key"]
