"""How close an answer must be: the contract's precision, scaled by the size of the values it is computed from.

The contract asks for float64 answers. A returned value passes when, element by element,

    |got − expected| ≤ PRECISION × max(|expected|, scale) + atol

`scale` is the size of the values the answer is computed from (the logits for a log-softmax, the terms of a
sum before they cancel, the encodings for their distances), so that a correct float64 computation written any
other way (another order of sums, a Gram matrix, a log-sum-exp) passes whatever inputs a student draws: a
rounding of one unit in the 16th digit of a large term is not a mistake in a small result. `atol` carries what
an operation's conditioning adds on top (a square root near 0, a logarithm near a clipping bound). Both are
computed from each check's own input by the functions below, never a bare constant.

PRECISION is 1e-9: a correct float64 computation lands within about 1e-13 of the scale, ten thousand times
inside; float32 arithmetic (about 6e-8) does not, and a float32 result is named as such (compare.py). Where no
scale is given it is the largest |expected| of the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PRECISION = 1e-9
UNIT = float(np.finfo(np.float64).eps) / 2  # float64's unit roundoff, 1.1e-16
MARGIN = 64  # how many roundings of the scale an operation's conditioning is allowed, on top of PRECISION


@dataclass(frozen=True)
class Tolerance:
    """What one comparison accepts. `scale` is a number or an array that broadcasts to the answer."""

    rtol: float = PRECISION
    atol: float = 0.0
    scale: object = None

    def bound(self, expected: np.ndarray) -> np.ndarray:
        """The largest difference accepted at each element of `expected` (its finite entries)."""
        size = np.abs(expected)
        scale = self.scale
        if scale is None:
            finite = size[np.isfinite(size)]
            scale = float(finite.max()) if finite.size else 0.0
        return self.rtol * np.maximum(size, np.asarray(scale, dtype=float)) + self.atol

    def accepts(self, got: np.ndarray, expected: np.ndarray) -> np.ndarray:
        """Element by element: equal non-finite values, or finite values within the bound."""
        both = np.isfinite(got) & np.isfinite(expected)
        with np.errstate(invalid="ignore", over="ignore"):
            close = np.abs(got - expected) <= self.bound(expected)
        same = (got == expected) | (np.isnan(got) & np.isnan(expected))
        return np.where(both, close, same)

    def loosened(self, factor: float) -> Tolerance:
        return Tolerance(self.rtol * factor, self.atol * factor, self.scale)


def values(expected=None) -> Tolerance:
    """The default: relative to the largest value of the answer itself."""
    return Tolerance()


def of_scale(scale) -> Tolerance:
    """Relative to the size of the values the answer is computed from (a number, or an array per element)."""
    return Tolerance(scale=np.abs(np.asarray(scale, dtype=float)))


def probabilities() -> Tolerance:
    """Probabilities are computed from values that sum to 1: 1 is their scale, whatever the size of each."""
    return Tolerance(scale=1.0)


def logits(z) -> Tolerance:
    """Results computed by subtracting logits (log-softmax, log-sum-exp, a loss from logits): their size."""
    size = np.abs(np.asarray(z, dtype=float))
    return Tolerance(scale=max(1.0, float(np.max(size)) if size.size else 1.0))


def products(*pairs) -> Tolerance:
    """Sums of products (matrix products, a network's layers): the size of the terms before they cancel.

    `pairs` are (A, B) whose product A @ B is one of the sums the answer is made of."""
    scale = 1.0
    for a, b in pairs:
        scale = max(scale, float(np.max(np.abs(np.asarray(a, float)) @ np.abs(np.asarray(b, float)))))
    return Tolerance(scale=scale)


def distances(encodings) -> Tolerance:
    """Euclidean distances: a square root near 0 turns a rounding of the squared distance (u·S², S the size of the
    rows) into √u·S, so a distance computed from a Gram matrix |a|² + |b|² − 2a·b is 1e-8·S off where it should be
    0. That conditioning is the absolute part, for the row's dimension d."""
    rows = np.atleast_2d(np.asarray(encodings, dtype=float))
    size = float(np.max(np.linalg.norm(rows, axis=-1))) if rows.size else 0.0
    d = rows.shape[-1]
    return Tolerance(atol=MARGIN * np.sqrt(d * UNIT) * size, scale=size)


def clipped_logs(p, eps: float, upper: bool, scale: float = 1.0) -> Tolerance:
    """A loss of logarithms of clipped probabilities: a clipping bound such as 1 − eps is itself rounded (by u),
    which a logarithm near eps turns into u/eps. `scale` is the size of the loss's terms."""
    p = np.clip(np.asarray(p, dtype=float), eps, 1.0)
    near = np.minimum(p, 1.0 - p) if upper else p
    near = near[near > 0]
    worst = float(np.max(1.0 / near)) if near.size else 1.0
    return Tolerance(atol=MARGIN * UNIT * worst, scale=max(scale, 1.0))


def central_differences(f_size: float, eps: float, truncation: float = 0.0) -> Tolerance:
    """A central difference (f(x + eps) − f(x − eps)) / 2eps carries the rounding of f's values, u·|f|/eps, and,
    against an exact derivative, the truncation error eps²·|f'''|/6 (`truncation`, given by the check)."""
    return Tolerance(atol=4 * MARGIN * UNIT * max(f_size, 1.0) / eps + 4 * truncation)


__all__ = [
    "PRECISION",
    "UNIT",
    "Tolerance",
    "values",
    "of_scale",
    "probabilities",
    "logits",
    "products",
    "distances",
    "clipped_logs",
    "central_differences",
]
