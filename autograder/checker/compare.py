"""Trusted comparisons: the student's returned data against the reference, with the trusted numpy.

Each helper raises Feedback naming the input, what was expected, what came back, where the two differ most
and, only when the answer equals what a known mistake gives on this input (see diagnosis.py), that mistake.
The input is the student's last call unless `call=` names another (values.last_call).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .diagnosis import Evidence, Finding, Suspect, Tolerance, assess, compound_hint, compound_tag
from .feedback import CheckAborted, Credited, Feedback, StudentRaised, abbreviate, shape_text
from .message import Message
from .numpy_text import explained_all
from .tolerance import Tolerance as Precision
from .values import CallText, Opaque, as_array, last_call

Suspects = Iterable | Callable[[], Iterable]


def _found(got, expected, suspects: Suspects, tol: Tolerance) -> Evidence:
    """What the answer shows about the suspects; they are computed only now, when a check has failed."""
    if not suspects:
        return Evidence()
    try:
        listed = suspects() if callable(suspects) else suspects
        flat = []
        for s in listed:
            flat.extend(s if isinstance(s, (list, tuple)) else [s])
        return assess(got, expected, flat, tol)
    except Exception:  # a diagnosis is a bonus; it never turns a failure into a crash
        return Evidence()


def _fail(
    key: str,
    evidence: Evidence | Suspect | None,
    detail: Message | None = None,
    otherwise: Message | None = None,
    **params,
) -> Feedback:
    """A failure naming the misconception the evidence shows, else saying `otherwise` (a fact, not a cause)."""
    if isinstance(evidence, Suspect) or evidence is None:
        evidence = Evidence.of(evidence)
    suspect = evidence.suspect
    failure = Feedback(
        key,
        misconception=suspect.tag if suspect else None,
        hint=suspect.hint if suspect else otherwise,
        detail=detail,
        **params,
    )
    failure.refuted = evidence.refuted
    failure.evidence = evidence
    failure.otherwise = otherwise
    return failure


def describe_type(value) -> Message:
    if isinstance(value, Opaque):
        return Message("value:object", name=value.type_name)
    if isinstance(value, np.ndarray):
        return Message("value:array_of", dtype=str(value.dtype))
    return Message("value:python", name=type(value).__name__)


# ---- numbers that show the difference -------------------------------------------------------------
def number(x: float, digits: int = 6) -> str:
    return f"{float(x):.{digits}g}"


def distinct(a: float, b: float) -> tuple[str, str]:
    """Two different numbers printed with just enough digits to read as different."""
    for digits in (6, 8, 10, 12, 14, 17):
        ta, tb = number(a, digits), number(b, digits)
        if ta != tb:
            return ta, tb
    return number(a, 17), number(b, 17)


def index_text(index: tuple) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def difference(got: np.ndarray, expected: np.ndarray) -> Message | None:
    """The largest difference between two arrays of one shape: where it is, both values, the relative error."""
    got, expected = np.asarray(got, float), np.asarray(expected, float)
    if got.shape != expected.shape or got.size == 0:
        return None
    both = np.isfinite(got) & np.isfinite(expected)
    if not np.any(both):
        return None
    gaps = np.where(both, np.abs(got - expected), -1.0)
    flat = int(np.argmax(gaps))
    where = np.unravel_index(flat, got.shape)
    e, g = float(expected[where]), float(got[where])
    if e == g:
        return None
    shown_e, shown_g = distinct(e, g)
    relative = number(abs(g - e) / abs(e), 3) if e != 0 else "∞"
    if got.size == 1:
        return Message(
            "difference_scalar", diff=number(abs(g - e), 3), expected=shown_e, got=shown_g, relative=relative
        )
    return Message(
        "difference",
        diff=number(abs(g - e), 3),
        index=index_text(where),
        expected=shown_e,
        got=shown_g,
        relative=relative,
    )


def _first_nonfinite(got: np.ndarray, expected: np.ndarray) -> Message | None:
    bad = ~np.isfinite(got) & np.isfinite(expected)
    if got.size <= 1 or not np.any(bad):
        return None
    where = np.unravel_index(int(np.argmax(bad)), got.shape)
    return Message("not_finite_where", index=index_text(where), expected=number(expected[where]), got=str(got[where]))


# ---- the comparisons ----------------------------------------------------------------------------------
MATCH = Tolerance()  # how near a suspect's answer the student's must be to name it (diagnosis.py)


@dataclass(frozen=True)
class Given:
    """A caller built on one of the student's own functions (a network on their sigmoid, log_softmax on their
    softmax): when that callee is wrong on the caller's intermediate input, the caller earns its points if its
    answer is what the right formula gives from the callee's answer, and the callee's mistake is charged where it
    is made, once. `student` calls the student's callee there (lazily: only when the answer is not the expected
    one); `right` is the right callee's answer; `build` makes the caller's answer from a callee's answer."""

    callee: str
    student: Callable[[], object]
    right: Callable[[], object]
    build: Callable[[np.ndarray], object]
    tol: Precision | None = None  # how the callee's answers are compared (default: the contract's precision)

    def answers(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(what the caller gives from the student's callee, from the right one), or None when the callee is right
        on this input or gave nothing usable."""
        try:
            mine = as_array(self.student())
            if mine is None or mine.dtype.kind not in "biuf":
                return None
            mine = mine.astype(float)
            right = np.asarray(self.right(), dtype=float)
            if mine.shape == right.shape and bool(np.all((self.tol or Precision()).accepts(mine, right))):
                return None
            with np.errstate(all="ignore"):
                return np.asarray(self.build(mine), dtype=float), np.asarray(self.build(right), dtype=float)
        except (CheckAborted, Feedback, ArithmeticError, ValueError, TypeError, IndexError):
            return None  # the callee raised, hung, or gave something the caller's formula cannot take


ONE_VECTOR = "one-vector-only"  # the shape mistake a batch judged row by row shows


@dataclass(frozen=True)
class Rows:
    """A batch (N, K) whose answer came back in a shape of neither the right answer nor any mistake, judged one
    row at a time: when the student's function, given each row alone, returns that row's right answer (or what
    one known mistake gives on it), the function handles one vector but not a batch. `student(i)` calls the
    student's function on row i (lazily: only for such a failure), `right(i)` is the right answer there and
    `suspects(i)` what the known mistakes give there."""

    count: int
    student: Callable[[int], object]
    right: Callable[[int], object]
    suspects: Callable[[int], Iterable] = lambda i: ()
    tol: Precision | None = None
    most: int = 3  # rows tried: enough to tell, few student calls

    def evidence(self) -> Evidence:
        shown = set()
        for i in range(min(self.count, self.most)):
            got = as_array(self.student(i))
            right = np.asarray(self.right(i), dtype=float)
            if got is None or got.dtype.kind not in "biuf" or got.shape != right.shape:
                return Evidence()
            got = got.astype(float)
            if bool(np.all((self.tol or Precision()).accepts(got, right))):
                shown.add(None)
                continue
            found = assess(got, right, [s for s in self.suspects(i) if s is not None], MATCH).suspect
            if found is None or found.parts:
                return Evidence()
            shown.add(found.tag)
        if len(shown) != 1:
            return Evidence()
        tag = shown.pop()
        if tag is None:
            finding = Finding(ONE_VECTOR, Message(f"hint:{ONE_VECTOR}"))
        else:
            finding = Finding(
                compound_tag((tag, ONE_VECTOR)), compound_hint(tag, ONE_VECTOR), parts=tuple(sorted((tag, ONE_VECTOR)))
            )
        return Evidence(finding, found=(finding,), tried=frozenset({finding.tag}))


def _row_by_row(evidence: Evidence, rows: Rows | None) -> Evidence:
    """The evidence of an answer of the wrong shape, with what its rows one at a time show."""
    if rows is None or evidence.suspect is not None:
        return evidence
    try:
        shown = rows.evidence()
    except Exception:  # a diagnosis is a bonus: a row that raised or hung says nothing
        return evidence
    if shown.suspect is None:
        return evidence
    return Evidence(shown.suspect, evidence.refuted, evidence.found + shown.found, evidence.tried | shown.tried)


def _charge_callee(arr: np.ndarray, expected: np.ndarray, tol: Precision, given: Given | None, call) -> Message | None:
    """Credit (raised) when the answer is right given the student's own callee, that callee is wrong here and the
    caller's formula is right given a right callee; else a note that the callee is wrong here too (or None)."""
    if given is None:
        return None
    answers = given.answers()
    if answers is None:
        return None
    mine, right = answers
    sound = right.shape == expected.shape and bool(np.all(tol.accepts(right, expected)))
    if sound and arr.shape == mine.shape and bool(np.all(tol.accepts(arr, mine))):
        raise Credited("credit:given_callee", call=call, callee=given.callee)
    return Message("detail:callee_wrong_too", callee=given.callee)


def category(name: str):
    """Which kind of input a check tries (catalogue category:<name>): a failure names it, and the visible checks of
    a problem try every category its hidden checks do. An attribute, not a pytest marker, so that a notebook's
    checks need no pytest."""

    def mark(check):
        check.category = name
        return check

    return mark


def read_only(value) -> np.ndarray:
    """A copy of `value` that may not be written to: a function that works on its argument in place raises on it,
    where one that restores it afterwards would go unseen (and would hand a half-changed array to a callback)."""
    arr = np.array(value, copy=True)
    arr.flags.writeable = False
    return arr


def _digits(arr: np.ndarray, expected: np.ndarray, tol: Precision) -> Message | None:
    """How many digits agree, when the answer is close but not float64-close (float32 somewhere, a rounded
    constant): the facts, so the student looks for lost precision rather than for a wrong formula."""
    both = np.isfinite(arr) & np.isfinite(expected)
    if not np.any(both):
        return None
    scale = tol.bound(expected)[both] / tol.rtol if tol.rtol else np.abs(expected[both])
    scale = np.where(scale > 0, scale, 1.0)
    worst = float(np.max(np.abs(arr[both] - expected[both]) / scale))
    if not 0 < worst < 1e-4:
        return None
    return Message("detail:digits", digits=int(np.floor(-np.log10(worst))))


def expect_array(
    got,
    expected,
    *,
    call: CallText | None = None,
    tol: Precision | None = None,
    suspects: Suspects = (),
    what: Message | None = None,
    given: Given | None = None,
    rows: Rows | None = None,
) -> np.ndarray:
    """The student's value must be numeric data of the expected shape, finite where expected is, and within the
    contract's precision (`tol`, tolerance.py: by default relative to the answer's largest value). `rows` judges
    a batch answered in the wrong shape one row at a time (see Rows)."""
    call = last_call() if call is None else call
    expected = np.asarray(expected, dtype=float)
    tol = tol or Precision()
    arr = as_array(got)
    if arr is None or arr.dtype.kind not in "biuf":
        raise Feedback(
            "wrong_type", call=call, got_type=describe_type(got), expected=what or Message("value:numeric_array")
        )
    dtype = arr.dtype
    arr = arr.astype(float)
    if arr.shape != expected.shape:
        callee = _charge_callee(arr, expected, tol, given, call)
        raise _fail(
            "wrong_shape",
            _row_by_row(_found(arr, expected, suspects, MATCH), rows),
            callee,
            call=call,
            expected=shape_text(expected.shape),
            got=shape_text(arr.shape),
        )
    accepted = tol.accepts(arr, expected)
    if bool(np.all(accepted)):
        return arr
    callee = _charge_callee(arr, expected, tol, given, call)
    evidence = _found(arr, expected, suspects, MATCH)
    finite_expected, finite_got = np.isfinite(expected), np.isfinite(arr)
    if np.any(~finite_got & finite_expected):
        raise _fail(
            "not_finite",
            evidence,
            callee or _first_nonfinite(arr, expected),
            call=call,
            got=abbreviate(arr),
            expected=abbreviate(expected),
        )
    shown_expected, shown_got = abbreviate(expected), abbreviate(arr)
    precision = Message("detail:float32") if dtype == np.float32 else _digits(arr, expected, tol)
    if shown_expected == shown_got:  # never "expected X, got X": say they differ beyond the digits shown
        raise _fail(
            "mismatch_beyond_digits",
            evidence,
            callee or difference(arr, expected),
            precision,
            call=call,
            expected=shown_expected,
            precision=number(tol.rtol, 3),
        )
    raise _fail(
        "mismatch",
        evidence,
        callee or (difference(arr, expected) if arr.size > 1 else None),
        precision,
        call=call,
        expected=shown_expected,
        got=shown_got,
    )


def expect_float64(
    got, expected=None, *, call: CallText | None = None, tol: Precision | None = None, given: Given | None = None
) -> None:
    """The contract's answers are float64 arrays (or Python floats): a float32, integer or boolean array is not,
    whatever its values (a one-hot of booleans breaks 1 − t; float32 keeps 7 digits of 16). With `expected`, the
    values must be right too: the check is for a right answer of the wrong type, never a free point."""
    call = last_call() if call is None else call
    if expected is not None:
        expect_array(got, expected, call=call, tol=tol, given=given)
    arr = as_array(got)
    if isinstance(got, float) or (arr is not None and arr.dtype == np.float64):
        return
    raise Feedback("wrong_dtype", call=call, got_type=describe_type(got))


def expect_numeric(got, shape: tuple, *, call: CallText | None = None) -> np.ndarray:
    """Numeric data of the given shape (no reference value needed: properties are checked after)."""
    call = last_call() if call is None else call
    arr = as_array(got)
    if arr is None or arr.dtype.kind not in "biuf":
        raise Feedback("wrong_type", call=call, got_type=describe_type(got), expected=Message("value:numeric_array"))
    if arr.shape != tuple(shape):
        raise Feedback("wrong_shape", call=call, expected=shape_text(shape), got=shape_text(arr.shape))
    if not np.all(np.isfinite(arr)):
        raise Feedback("not_finite", call=call, got=abbreviate(arr), expected=Message("value:finite_values"))
    return arr.astype(float)


def expect_scalar(
    got,
    expected: float,
    *,
    call: CallText | None = None,
    tol: Precision | None = None,
    suspects: Suspects = (),
    given: Given | None = None,
) -> float:
    """A single number (a Python float, a 0-d or 1-element array) close to the expected one."""
    call = last_call() if call is None else call
    arr = as_array(got)
    if arr is None or arr.dtype.kind not in "biuf" or arr.size != 1:
        got_type = (
            describe_type(got)
            if arr is None or arr.dtype.kind not in "biuf"
            else Message("value:array_shaped", shape=shape_text(arr.shape))
        )
        raise Feedback("wrong_type", call=call, got_type=got_type, expected=Message("value:single_number"))
    value = float(arr.reshape(-1)[0])
    expect_array(
        np.asarray(value),
        np.asarray(float(expected)),
        call=call,
        tol=tol,
        suspects=suspects,
        what=Message("value:single_number"),
        given=given,
    )
    return value


def expect_equal(got, expected, *, call: CallText | None = None, suspects: Suspects = ()) -> None:
    """Plain data (strings, tuples) must equal the expected value exactly (compared here, not by the student's
    __eq__)."""
    call = last_call() if call is None else call
    if isinstance(got, list):
        got = tuple(got)
    if type(got) is not type(expected) or got != expected:
        raise _fail(
            "mismatch",
            _found(got, expected, suspects, MATCH),
            call=call,
            expected=abbreviate(expected),
            got=abbreviate(got),
        )


def expect_one_of(got, accepted: tuple, *, call: CallText | None = None, suspects: Suspects = ()) -> None:
    """Plain data that must equal one of several answers the contract accepts (the first is the one shown)."""
    call = last_call() if call is None else call
    if isinstance(got, list):
        got = tuple(got)
    if any(type(got) is type(a) and got == a for a in accepted):
        return
    evidence = _found(
        got,
        accepted[0],
        [s for s in (suspects() if callable(suspects) else suspects) if s is not None and s.value not in accepted],
        MATCH,
    )
    if len(accepted) == 1:
        raise _fail("mismatch", evidence, call=call, expected=abbreviate(accepted[0]), got=abbreviate(got))
    raise _fail(
        "mismatch_one_of",
        evidence,
        call=call,
        expected=" / ".join(abbreviate(a) for a in accepted),
        got=abbreviate(got),
    )


def expect_raises(student, exc_name: str, fn: str, *args, **kwargs) -> None:
    """The call must raise `exc_name` (matched by name, as the exception never crosses to this side)."""
    try:
        value = getattr(student, fn)(*args, **kwargs)
    except StudentRaised as raised:
        if raised.type_name != exc_name:
            raise Feedback(
                "wrong_error", call=student.last_call, exc=exc_name, type=raised.type_name, message=raised.message[:200]
            ) from None
        return
    raise Feedback("expected_error", call=student.last_call, exc=exc_name, got=abbreviate(value))


def expect_unchanged(before: dict, after: list, *, call: CallText | None = None) -> None:
    """Arguments must come back from the call as they went in (no in-place mutation)."""
    call = last_call() if call is None else call
    for (name, original), now in zip(before.items(), after):
        now_arr = as_array(now)
        if isinstance(original, np.ndarray) and (
            now_arr is None or now_arr.shape != original.shape or not np.array_equal(now_arr, original, equal_nan=True)
        ):
            raise Feedback("mutated", call=call, arg=name)


def expect_no_warning(student, *suspects: Suspect | None) -> None:
    """The last call must emit no numerical warning; a warning only one mistake explains names it."""
    if not student.last_warnings:
        return
    found = [s for s in suspects if s is not None]
    suspect = found[0] if len({s.tag for s in found}) == 1 else None
    raise _fail("warning", suspect, call=student.last_call, message=explained_all(student.last_warnings))


def claim(condition: bool, key: str, *, evidence: Evidence | None = None, **params) -> None:
    """A statement of the lecture that must hold for the student's functions (e.g. MSE is flat where y1 ≪ y2).

    `key` names the sentence in the catalogue; `evidence` (diagnosis.assess) what the answer shows."""
    if not condition:
        raise _fail(key, evidence, **params)
