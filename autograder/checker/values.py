"""What came back from a student's call, as the checks read it: numeric data as a trusted array, and the call
itself as short text for a message.

Shared by the engine's proxy (values decoded from the student process) and the in-process `student` of the
self-checks (plain pytest, a notebook), so a check reads a returned value the same way wherever it runs. Both
note each call here as they make it (`note_call`), so a comparison names the call that produced the value it
was given without every check passing it along (`last_call`).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np

from .feedback import abbreviate


@dataclass(frozen=True)
class Opaque:
    """A returned value the kit cannot use (what the grading engine's wire makes of anything that is not data):
    only its type name and a short description are kept."""

    type_name: str
    description: str

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


@dataclass(frozen=True)
class NamedFunction:
    """A function handed to a student function (e.g. the f of a numerical gradient), rebuilt by name where the
    student's code runs (the grading engine's student process)."""

    name: str
    params: dict


def as_array(value):
    """A returned value as a trusted float array, or None when it is not numeric data."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, (int, float, bool)) or (isinstance(value, (list, tuple)) and _all_numeric(value)):
        try:
            arr = np.asarray(value, dtype=float)
        except (ValueError, TypeError):
            return None
        return arr
    return None


def _all_numeric(seq, depth=0) -> bool:
    if depth > 8:
        return False
    return all(
        isinstance(v, (int, float, bool)) or (isinstance(v, (list, tuple)) and _all_numeric(v, depth + 1)) for v in seq
    )


def _argument(value, limit: int) -> str:
    """An argument as the call shows it; a function handed over by name (the f of a numerical gradient) by its name."""
    name = getattr(value, "name", None)
    if isinstance(name, str) and (callable(value) or hasattr(value, "params")):
        return name
    return abbreviate(value, limit)


def describe_call(fn: str, args, kwargs) -> str:
    parts = [_argument(a, 80) for a in args] + [f"{k}={_argument(v, 40)}" for k, v in kwargs.items()]
    text = f"{fn}({', '.join(parts)})"
    return text if len(text) <= 240 else text[:237] + "...)"


class CallText:
    """A call's text, built when first shown: graders pass it to every check, most checks pass, and
    formatting the arguments of every call cost more than the call itself."""

    __slots__ = ("fn", "args", "kwargs", "_text")

    def __init__(self, fn: str, args=(), kwargs=None):
        self.fn, self.args, self.kwargs, self._text = fn, args, kwargs or {}, None

    def __str__(self) -> str:
        if self._text is None:
            self._text = describe_call(self.fn, self.args, self.kwargs) if self.fn else ""
        return self._text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return str(self)

    def __contains__(self, item) -> bool:
        return item in str(self)


# The last call a `student` made in this context. A check runs in one thread from start to end, and its own
# `student` notes an empty call when it is made, so a check that has a `student` never names an earlier check's
# call; a check without one has no call of its own to name and says `call=` when it wants one.
_LAST_CALL: ContextVar[CallText] = ContextVar("autograder_last_student_call")


def note_call(fn: str, args=(), kwargs=None) -> CallText:
    """Remember a call to the student's code as the last one; returns it (a proxy's own `last_call`)."""
    call = CallText(fn, args, kwargs)
    _LAST_CALL.set(call)
    return call


def last_call() -> CallText:
    """The last call a `student` made: what a comparison names when it is not told which call it checks."""
    return _LAST_CALL.get(None) or CallText("")
