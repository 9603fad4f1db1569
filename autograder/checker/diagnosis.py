"""Naming a misconception by evidence: the student's answer must equal what that mistake gives on the same input.

A grader lists its suspects for a check: for each misconception, the wrong answer it produces on this very
input, computed here on the trusted side from the reference (see misconceptions.py). A failed check names a
misconception only when the student's answer matches exactly one suspect, and that suspect is told apart from
the right answer on this input. No match, or two that disagree: nothing is said about the cause, only the facts.

A check also records the misconceptions its input refutes: told apart from the right answer, yet not what the
student returned. A misconception one check names and another refutes is a coincidence of one input (L1
distances of one-hot rows equal their squared distances), so scoring drops it (see scoring.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .message import Message

SEPARATION = 0.1  # the answer must lie at most this share of the suspect's distance from the right answer


@dataclass(frozen=True)
class Suspect:
    """What one misconception gives on a check's input, and what to tell the student if the answer is that."""

    tag: str
    value: object  # an array, a number, or plain data (a tuple of names)
    hint: Message


@dataclass(frozen=True)
class Tolerance:
    rtol: float = 1e-6
    atol: float = 1e-9


def _as_float(value) -> np.ndarray | None:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr


def _same_nonfinite(a: np.ndarray, b: np.ndarray) -> bool:
    """nan where the other has nan, +inf where +inf, -inf where -inf."""
    fa, fb = np.isfinite(a), np.isfinite(b)
    if not np.array_equal(fa, fb):
        return False
    return np.array_equal(np.where(fa, 0.0, a), np.where(fb, 0.0, b), equal_nan=True)


def _close(a: np.ndarray, b: np.ndarray, tol: Tolerance) -> bool:
    """Equal shapes, the same nan/inf, and the finite entries within the tolerance."""
    if a.shape != b.shape or not _same_nonfinite(a, b):
        return False
    finite = np.isfinite(a)
    return bool(np.allclose(a[finite], b[finite], rtol=tol.rtol, atol=tol.atol))


def matches(got, suspect_value, expected, tol: Tolerance = Tolerance()) -> bool:
    """Whether `got` is the suspect's answer, and the suspect's answer is not the right one on this input."""
    if isinstance(suspect_value, (str, tuple)) or isinstance(expected, (str, tuple)):
        return got == suspect_value and suspect_value != expected
    g, s, e = _as_float(got), _as_float(suspect_value), _as_float(expected)
    if g is None or s is None or e is None or not _close(g, s, tol):
        return False
    if e.shape != s.shape:
        return True  # a shape the right answer does not have: told apart by the shape alone
    if _close(s, e, tol):
        return False  # on this input the mistake gives the right answer: no evidence
    both = np.isfinite(s) & np.isfinite(e)
    if np.any(both) and _same_nonfinite(s, e):  # told apart by finite values only: demand a clear margin
        separation = float(np.max(np.abs(s[both] - e[both])))
        distance = float(np.max(np.abs(g[both] - s[both])))
        return distance <= SEPARATION * separation
    return True


def distinguishable(suspect_value, expected, tol: Tolerance = Tolerance()) -> bool:
    """Whether this input tells the mistake's answer apart from the right one."""
    if isinstance(suspect_value, (str, tuple)) or isinstance(expected, (str, tuple)):
        return suspect_value != expected
    s, e = _as_float(suspect_value), _as_float(expected)
    return s is not None and e is not None and not _close(s, e, tol)


@dataclass(frozen=True)
class Evidence:
    """What one check's answer says: the misconception it shows (if any) and those its input refutes."""

    suspect: Suspect | None = None
    refuted: frozenset = frozenset()


def assess(got, expected, suspects: Iterable[Suspect], tol: Tolerance = Tolerance()) -> Evidence:
    """The one misconception the answer shows (none if no suspect matches, or suspects of two tags do), and the
    tags whose every suspect was told apart from the right answer on this input and still not returned."""
    listed = [s for s in suspects if s is not None]
    found = [s for s in listed if matches(got, s.value, expected, tol)]
    found_tags = {s.tag for s in found}
    refuted = frozenset(
        tag
        for tag in {s.tag for s in listed} - found_tags
        if all(distinguishable(s.value, expected, tol) and _can_refute(got, s.value) for s in listed if s.tag == tag)
    )
    return Evidence(found[0] if len(found_tags) == 1 else None, refuted)


def _can_refute(got, suspect_value) -> bool:
    """An answer that overflowed (nan or inf where the mistake's answer is finite) says nothing about which
    formula gave it: a second slip (no max subtracted) can hide the first (the wrong axis)."""
    if isinstance(suspect_value, (str, tuple)):
        return True
    g, s = _as_float(got), _as_float(suspect_value)
    if g is None or s is None or g.shape != s.shape:
        return True
    return not np.any(~np.isfinite(g) & np.isfinite(s))


def diagnose(got, expected, suspects: Iterable[Suspect], tol: Tolerance = Tolerance()) -> Suspect | None:
    """The one misconception the answer shows, or None (no suspect matches, or suspects of two tags do)."""
    return assess(got, expected, suspects, tol).suspect


def from_warnings(warnings: list, needle: str, tag: str, hint: Message) -> Suspect | None:
    """A numerical warning that only this mistake explains (e.g. "overflow encountered in exp" in a sigmoid)."""
    if any(needle in str(w) for w in warnings or ()):
        return Suspect(tag, None, hint)
    return None
