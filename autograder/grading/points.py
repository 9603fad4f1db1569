"""Points as exact numbers: split without loss, rounded once to cents of a point, shown with at most 2 decimals.

Why exact: a check worth 100/3 points held as a float and rounded per check made totals and their parts disagree
("42.7381" for tests that add up to 42.738). Here points are `Fraction`s while they are computed; each number that
is written (a check's points, its maximum) is rounded ONCE, to `PLACES` decimals, from its exact value; sums are
sums of what was written, in `Decimal`, so every total equals its parts to the last digit. A check's maximum comes
from the largest-remainder method, so a problem's checks add up to the problem's points exactly (100/3 each:
33.34 + 33.33 + 33.33).

`show` is the one way a score is shown to people (pages, terminal lines, notebooks): at most 2 decimals.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

PLACES = 2  # results.json holds points to the cent; that is also what every page shows
_UNIT = Fraction(1, 10**PLACES)


def exact(value) -> Fraction:
    """A number as a Fraction; a float as the decimal it prints as (0.1 is 1/10, not 3602879701896397/2**55)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not a number of points")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number of points: {value}")
        return Fraction(repr(float(value)))  # float(): a numpy float64 prints as np.float64(...)
    return Fraction(value)


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def rounded(value) -> Decimal:
    """`value` rounded half up to PLACES decimals, as a Decimal (2/3 -> Decimal("0.67"))."""
    return Decimal(_half_up(exact(value) / _UNIT)).scaleb(-PLACES)


def split(points, weights: Sequence[float]) -> list[Fraction]:
    """`points` shared by weight, exactly (equal shares when every weight is 0)."""
    weights = [exact(w) for w in weights]
    total = sum(weights, Fraction(0))
    if total == 0:
        weights, total = [Fraction(1)] * len(weights), Fraction(len(weights))
    return [exact(points) * w / total for w in weights]


def apportion(parts: Sequence[Fraction]) -> list[Decimal]:
    """Each part rounded to PLACES decimals so that the rounded parts add up to the rounded sum of the parts
    (the largest-remainder method; on a tie the earlier part takes the extra cent)."""
    scaled = [exact(p) / _UNIT for p in parts]
    floors = [math.floor(s) for s in scaled]
    left = _half_up(sum(scaled, Fraction(0))) - sum(floors)
    for index in sorted(range(len(parts)), key=lambda i: (floors[i] - scaled[i], i))[: max(0, left)]:
        floors[index] += 1
    return [Decimal(f).scaleb(-PLACES) for f in floors]


@functools.lru_cache(maxsize=1024)
def shares(points, weights: tuple) -> tuple[tuple[Fraction, ...], tuple[Decimal, ...]]:
    """`split` and `apportion` of a problem's points over its checks' weights: the same for every submission of an
    assignment, so worked out once (exact arithmetic on Fractions is slow enough to show per submission)."""
    parts = split(points, weights)
    return tuple(parts), tuple(apportion(parts))


def earned(share: Fraction, written_max: Decimal, fraction) -> Decimal:
    """What a check writes as its score: its written maximum when fully earned, 0 when not at all, else its exact
    share times the fraction earned rounded once (never above the maximum written next to it)."""
    if type(fraction) is float and fraction in (0.0, 1.0):  # the usual case, without making a Fraction of it
        return written_max if fraction == 1.0 else Decimal(0).scaleb(-PLACES)
    fraction = exact(fraction)
    if fraction >= 1:
        return written_max
    if fraction <= 0:
        return Decimal(0).scaleb(-PLACES)
    return min(rounded(share * fraction), written_max)


def kept(score, factor) -> Decimal:
    """What a late policy keeps of `score`: score × factor, rounded once (every door that applies it uses this)."""
    return rounded(exact(score) * exact(factor))


def total(values: Iterable) -> Decimal:
    """The exact sum of written numbers (floats read back from JSON count as the decimals they print as)."""
    return sum((decimal(v) for v in values), Decimal(0))


def decimal(value) -> Decimal:
    """A written number as the Decimal it prints as."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Fraction):
        return rounded(value)
    return Decimal(value)


def number(value: Decimal) -> float:
    """A written Decimal as a JSON number: the float whose shortest form is that decimal."""
    return float(value)


def show(value, places: int = PLACES) -> str:
    """A score for people: at most `places` decimals, no trailing zeros (72.5 -> "72.5", 20.0 -> "20",
    73.33333 -> "73.33", None -> "–")."""
    if type(value) in (float, int):  # a page shows the same few scores hundreds of times
        return _show_number(value, places)
    return _show(value, places)


@functools.lru_cache(maxsize=4096, typed=True)
def _show_number(value, places: int) -> str:
    return _show(value, places)


def _show(value, places: int) -> str:
    if value is None or isinstance(value, bool):
        return "–"
    try:
        amount = exact(value)
    except (TypeError, ValueError):
        return "–"
    unit = Fraction(1, 10**places)
    text = f"{Decimal(_half_up(amount / unit)).scaleb(-places):.{places}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


__all__ = [
    "PLACES",
    "apportion",
    "decimal",
    "earned",
    "exact",
    "kept",
    "number",
    "rounded",
    "shares",
    "show",
    "split",
    "total",
]
