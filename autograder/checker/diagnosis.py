"""Naming a misconception by evidence: the student's answer must equal what that mistake gives on the same input.

A grader lists its suspects for a check: for each misconception, the wrong answer it produces on this very
input, computed here on the trusted side from the reference (see misconceptions.py). A suspect may be two
mistakes at once (a compound: the sign flipped and not divided by N), its answer composed from its parts.
A failed check records every mistake its answer equals (told apart from the right answer on this input), the
mistakes it tried, and those its input refutes: told apart from the right answer, yet not what the student
returned. A check whose answer overflowed, or has a shape neither the right answer nor the mistake has, refutes
nothing: a second slip (no max subtracted, a function written for one vector only) hides what the first gives.

Which mistake a failure names is settled over the failed checks of one problem (feedback.settle): one mistake
that explains every one of them, else two mistakes at once that do, else each check alone among the mistakes
no check refutes. Mistakes that give the same answers everywhere the evidence looks are named by what they
share (their consequence and its fix, never one way of writing the code), or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from .message import Message

SEPARATION = 0.1  # the answer must lie at most this share of the suspect's distance from the right answer
JOIN = "+"  # a compound's tag: its parts' tags, sorted, joined by this


@dataclass(frozen=True)
class Suspect:
    """What one misconception gives on a check's input, and what to tell the student if the answer is that.

    `parts` names the mistakes of a compound (its tag is compound_tag(parts)); `shared` the consequence this
    mistake shares with others that can give the same answers; `transform`, for a slip that shows on any answer
    (the sign, a factor N, a transpose), what it does to another mistake's answer, so that pairs compose."""

    tag: str
    value: object  # an array, a number, or plain data (a tuple of names)
    hint: Message
    parts: tuple = ()
    shared: str | None = None
    transform: Callable | None = field(default=None, compare=False, repr=False)


def compound_tag(parts: Iterable[str]) -> str:
    """The tag of two mistakes at once: the same whichever is named first."""
    return JOIN.join(sorted(parts))


def parts_of(tag: str | None) -> tuple:
    """The mistakes a tag names: its parts for a compound, else the tag itself."""
    return tuple(tag.split(JOIN)) if tag else ()


def compound_hint(first: str, second: str) -> Message:
    """What a student reads for two mistakes at once: both names, then both fixes (each tag's fix:<tag>)."""
    a, b = sorted((first, second))
    return Message(
        "hint:compound",
        first=Message(f"tag:{a}"),
        second=Message(f"tag:{b}"),
        first_fix=Message(f"fix:{a}"),
        second_fix=Message(f"fix:{b}"),
    )


def compose(formula: Suspect | None, slip: Suspect | None) -> Suspect | None:
    """`slip`'s transform applied to `formula`'s answer: the answer of both mistakes made at once."""
    if formula is None or slip is None or slip.transform is None or formula.parts or slip.parts:
        return None
    if formula.tag == slip.tag:
        return None
    with np.errstate(all="ignore"):
        value = slip.transform(formula.value)
    if value is None:
        return None
    return Suspect(
        compound_tag((formula.tag, slip.tag)),
        value,
        compound_hint(formula.tag, slip.tag),
        parts=tuple(sorted((formula.tag, slip.tag))),
    )


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
class Finding:
    """A mistake a check's answer equals: what a failure names if the evidence of the problem settles on it."""

    tag: str
    hint: Message
    parts: tuple = ()
    shared: str | None = None

    @staticmethod
    def of(suspect: Suspect) -> Finding:
        return Finding(suspect.tag, suspect.hint, tuple(suspect.parts), suspect.shared)


@dataclass(frozen=True)
class Evidence:
    """What one check's answer says: the misconception it shows on its own (if any), every mistake it equals
    (`found`, one Finding per tag), the mistakes it tried, and those its input refutes."""

    suspect: Suspect | Finding | None = None
    refuted: frozenset = frozenset()
    found: tuple = ()
    tried: frozenset = frozenset()

    @staticmethod
    def of(suspect: Suspect | Finding | None) -> Evidence:
        """The evidence of one suspect known to fit (a numerical warning only that mistake explains)."""
        if suspect is None:
            return Evidence()
        finding = suspect if isinstance(suspect, Finding) else Finding.of(suspect)
        return Evidence(suspect, found=(finding,), tried=frozenset({finding.tag}))


def assess(got, expected, suspects: Iterable[Suspect], tol: Tolerance = Tolerance()) -> Evidence:
    """Every mistake the answer equals, the one this check shows on its own (see `pick`), and the tags whose
    every suspect was told apart from the right answer on this input and still not returned."""
    listed = [s for s in suspects if s is not None]
    found = [s for s in listed if matches(got, s.value, expected, tol)]
    found_tags = {s.tag for s in found}
    refuted = frozenset(
        tag
        for tag in {s.tag for s in listed} - found_tags
        if all(
            distinguishable(s.value, expected, tol) and _can_refute(got, s.value, expected)
            for s in listed
            if s.tag == tag
        )
    )
    findings = tuple(Finding.of(s) for s in _first_per_tag(found))
    return Evidence(pick(findings), refuted, findings, frozenset(s.tag for s in listed))


def _first_per_tag(suspects: list) -> list:
    seen, out = set(), []
    for s in suspects:
        if s.tag not in seen:
            seen.add(s.tag)
            out.append(s)
    return out


def pick(findings: Iterable[Finding]) -> Finding | None:
    """The one mistake a set of fitting ones names. One single mistake, when every pair that fits too has it as a
    part (the simpler explanation, true whichever it was); else the one pair, when no single mistake fits; else,
    when several fit, only the consequence they all share; else none (the evidence cannot tell)."""
    findings = list(findings)
    singles = [f for f in findings if not f.parts]
    pairs = [f for f in findings if f.parts]
    if len(singles) == 1 and all(singles[0].tag in p.parts for p in pairs):
        return singles[0]
    if not singles and len(pairs) == 1:
        return pairs[0]
    if singles and pairs:
        return None
    return shared_consequence(singles or pairs)


def shared_consequence(findings: list) -> Finding | None:
    """The consequence every one of these mistakes shares (named by its own tag and hint), or None."""
    shared = {f.shared for f in findings}
    if len(shared) != 1 or None in shared:
        return None
    tag = shared.pop()
    return Finding(tag, Message(f"hint:{tag}"))


def _can_refute(got, suspect_value, expected=None) -> bool:
    """Whether the answer can tell against the mistake. An answer that overflowed (nan or inf where the
    mistake's answer is finite) says nothing about which formula gave it: a second slip (no max subtracted) can
    hide the first (the wrong axis). Nor does an answer of a shape neither the right answer nor the mistake has
    (a function written for one vector, given a batch): each input shape is judged on its own."""
    if isinstance(suspect_value, (str, tuple)):
        return True
    g, s = _as_float(got), _as_float(suspect_value)
    if g is None or s is None:
        return True
    if g.shape != s.shape:
        e = _as_float(expected) if expected is not None else None
        return e is None or g.shape == e.shape
    return not np.any(~np.isfinite(g) & np.isfinite(s))


def diagnose(got, expected, suspects: Iterable[Suspect], tol: Tolerance = Tolerance()) -> Suspect | None:
    """The one misconception the answer shows, or None (no suspect matches, or suspects of two tags do)."""
    return assess(got, expected, suspects, tol).suspect


def from_warnings(warnings: list, needle: str, tag: str, hint: Message) -> Suspect | None:
    """A numerical warning that only this mistake explains (e.g. "overflow encountered in exp" in a sigmoid)."""
    if any(needle in str(w) for w in warnings or ()):
        return Suspect(tag, None, hint)
    return None
