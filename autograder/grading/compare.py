"""Trusted comparisons: the student's returned data against the reference, with the trusted numpy.

Each helper raises Feedback naming the input, what was expected, what came back and, where the numbers
show it, the likely misconception (a `diagnose(got, expected)` callable supplied by the grader).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..sandbox.wire import Opaque
from .feedback import Feedback, StudentRaised, abbreviate
from .proxy import as_array

Diagnose = Callable[[np.ndarray, np.ndarray], "str | tuple[str, dict] | None"]


def _hint(diagnose, got, expected):
    if diagnose is None:
        return None, {}
    try:
        found = diagnose(got, expected)
    except Exception:  # a diagnosis is a bonus; it never turns a failure into a crash
        return None, {}
    if isinstance(found, tuple):
        return found
    return found, {}


def _describe_type(value) -> str:
    if isinstance(value, Opaque):
        return f"an object of type {value.type_name}"
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return f"a {type(value).__name__}"


def expect_array(got, expected, *, call: str, rtol: float = 1e-6, atol: float = 1e-9,
                 diagnose: Diagnose | None = None, what: str = "a numeric array") -> np.ndarray:
    """The student's value must be numeric data of the expected shape, finite where expected is, and close."""
    expected = np.asarray(expected, dtype=float)
    arr = as_array(got)
    if arr is None or arr.dtype.kind not in "biuf":
        raise Feedback("wrong_type", call=call, got_type=_describe_type(got), expected=what)
    arr = arr.astype(float)
    if arr.shape != expected.shape:
        hint = "transposed" if arr.ndim == 2 and arr.T.shape == expected.shape and arr.shape != expected.shape else None
        params = {"got": arr.shape, "expected": expected.shape}
        if hint is None:
            hint, params2 = _hint(diagnose, arr, expected)
            params.update(params2)
        raise Feedback("wrong_shape", misconception=hint, hint_params=params, call=call,
                       expected=expected.shape, got=arr.shape)
    finite_expected = np.isfinite(expected)
    if np.any(~np.isfinite(arr) & finite_expected):
        hint, params = _hint(diagnose, arr, expected)
        raise Feedback("not_finite", misconception=hint, hint_params=params, call=call,
                       got=abbreviate(arr), expected=abbreviate(expected))
    same_nonfinite = np.array_equal(~finite_expected, ~np.isfinite(arr)) and np.array_equal(
        np.where(finite_expected, 0, expected), np.where(finite_expected, 0, arr), equal_nan=True)
    if not same_nonfinite or not np.allclose(np.where(finite_expected, arr, 0), np.where(finite_expected, expected, 0),
                                             rtol=rtol, atol=atol):
        hint, params = _hint(diagnose, arr, expected)
        raise Feedback("mismatch", misconception=hint, hint_params=params, call=call,
                       expected=abbreviate(expected), got=abbreviate(arr))
    return arr


def expect_numeric(got, shape: tuple, *, call: str) -> np.ndarray:
    """Numeric data of the given shape (no reference value needed: properties are checked after)."""
    arr = as_array(got)
    if arr is None or arr.dtype.kind not in "biuf":
        raise Feedback("wrong_type", call=call, got_type=_describe_type(got), expected="a numeric array")
    if arr.shape != tuple(shape):
        raise Feedback("wrong_shape", call=call, expected=tuple(shape), got=arr.shape)
    if not np.all(np.isfinite(arr)):
        raise Feedback("not_finite", call=call, got=abbreviate(arr), expected="finite values")
    return arr.astype(float)


def expect_scalar(got, expected: float, *, call: str, rtol: float = 1e-6, atol: float = 1e-9,
                  diagnose: Diagnose | None = None) -> float:
    """A single number (a Python float, a 0-d or 1-element array) close to the expected one."""
    arr = as_array(got)
    if arr is None or arr.dtype.kind not in "biuf" or arr.size != 1:
        raise Feedback("wrong_type", call=call, got_type=_describe_type(got) if arr is None else f"an array of shape {arr.shape}",
                       expected="a single number")
    value = float(arr.reshape(-1)[0])
    expect_array(np.asarray(value), np.asarray(float(expected)), call=call, rtol=rtol, atol=atol, diagnose=diagnose,
                 what="a single number")
    return value


def expect_equal(got, expected, *, call: str, misconception: str | None = None) -> None:
    """Plain data (strings, tuples) must equal the expected value exactly (compared here, not by the student's __eq__)."""
    if isinstance(got, list):
        got = tuple(got)
    if type(got) is not type(expected) or got != expected:
        raise Feedback("mismatch", misconception=misconception, call=call, expected=abbreviate(expected), got=abbreviate(got))


def expect_raises(student, exc_name: str, fn: str, *args, **kwargs) -> None:
    """The call must raise `exc_name` (matched by name, as the exception never crosses to this side)."""
    try:
        value = getattr(student, fn)(*args, **kwargs)
    except StudentRaised as raised:
        if raised.type_name != exc_name:
            raise Feedback("wrong_error", call=student.last_call, exc=exc_name, type=raised.type_name,
                           message=raised.message[:200]) from None
        return
    raise Feedback("expected_error", call=student.last_call, exc=exc_name, got=abbreviate(value))


def expect_unchanged(before: dict, after: list, *, call: str) -> None:
    """Arguments must come back from the call as they went in (no in-place mutation)."""
    for (name, original), now in zip(before.items(), after):
        now_arr = as_array(now)
        if isinstance(original, np.ndarray) and (now_arr is None or now_arr.shape != original.shape
                                                  or not np.array_equal(now_arr, original, equal_nan=True)):
            raise Feedback("mutated", call=call, arg=name)


def claim(condition: bool, text_en: str, text_zh: str, misconception: str | None = None) -> None:
    """A statement of the lecture that must hold for the student's functions (e.g. MSE is flat where y1 ≪ y2)."""
    if not condition:
        raise _Claim(text_en, text_zh, misconception)


class _Claim(Feedback):
    def __init__(self, en: str, zh: str, misconception: str | None):
        super().__init__("claim", misconception=misconception, claim=en)
        self._zh = zh

    def render(self, lang: str = "en") -> str:
        if lang == "zh-TW":
            self.params = {"claim": self._zh}
        return super().render(lang)


# ---- diagnoses shared by graders -----------------------------------------------------------------
def ratio_of(got: np.ndarray, expected: np.ndarray) -> float | None:
    """The constant factor between got and expected, if there is one."""
    mask = np.abs(expected) > 1e-12
    if not np.any(mask) or not np.all(np.isfinite(got)):
        return None
    ratios = got[mask] / expected[mask]
    r = float(np.median(ratios))
    if np.allclose(ratios, r, rtol=1e-6) and np.allclose(got, r * expected, rtol=1e-6, atol=1e-12):
        return r
    return None


def diagnose_batch_factor(n: int, too_large: str = "sum-vs-mean", not_divided: str | None = None):
    """Got = N × expected (or expected / N): a sum where a mean is asked, or the other way round."""
    def diagnose(got, expected):
        r = ratio_of(got, expected)
        if r is None or n <= 1:
            return None
        if np.isclose(r, n) or np.isclose(r, 1.0 / n):
            return (not_divided or too_large, {"ratio": r}) if np.isclose(r, n) else (too_large, {"ratio": r})
        if np.isclose(r, -1.0):
            return "sign"
        return None
    return diagnose
