"""The visible checks' `student` where the student's code runs in this very process (plain pytest, a notebook).

It has the interface of the grading engine's proxy (grading/proxy.py) and gives the same outcomes, so a check
reads the same wherever it runs: a missing function, NotImplementedError and any other exception become the
grader's exceptions (and so its messages); numpy's warnings are recorded per call under the grader's error
state, whatever the student's code set; arguments go in as copies, as they cross to the student process;
numpy scalars come back as plain numbers, as the wire returns them. What it cannot do in-process: stop a call
that never ends (interrupt the kernel) or catch a forbidden import (the grader does).
"""

from __future__ import annotations

import copy
import os
import traceback
import warnings

import numpy as np

from ..catalogue import Message
from ..grading.feedback import NotImplementedByStudent, StudentRaised
from ..grading.values import CallText, note_call

NUMPY_ERRORS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}  # as the grader sets them
MAX_WARNINGS = 3


def plain(value, depth: int = 0):
    """A returned value as the wire would hand it back: numpy scalars as numbers, array subclasses as arrays."""
    if depth > 64:
        return value
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return value.item()
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return np.ndarray.view(value, np.ndarray)
    if type(value) in (list, tuple):
        return type(value)(plain(v, depth + 1) for v in value)
    return value


def _where(exc: BaseException):
    """Where the student's code raised: its last frame (not the kit's, not a library's), else nothing."""
    frames = traceback.extract_tb(exc.__traceback__)[1:]  # the first frame is the call below
    mine = [
        f
        for f in frames
        if not f.filename.startswith("<_kit")
        and "site-packages" not in f.filename
        and "dist-packages" not in f.filename
        and not f.filename.startswith(_STANDARD_LIBRARY)
    ]
    if not mine:
        return ""
    frame = mine[-1]
    name = os.path.basename(frame.filename)
    place = Message("your_file") if "ipykernel" in frame.filename or name.startswith("<") else name
    return Message("in_parentheses", text=Message("location", file=place, line=frame.lineno))


_STANDARD_LIBRARY = os.path.dirname(os.__file__)


class LocalStudent:
    """`student.softmax(x)` calls the student's softmax in this process, as the grader's proxy does over there."""

    in_process = True  # the engine's proxy has no such attribute: a check that must build something differently asks

    def __init__(self, namespace: dict):
        self._namespace = namespace  # the loaded submission's globals, or the notebook's
        self._last = note_call("")
        self._memo: dict = {}
        self.last_warnings: list = []

    def __getattr__(self, fn: str):
        if fn.startswith("_"):
            raise AttributeError(fn)

        def call(*args, **kwargs):
            return self._call(fn, args, kwargs)[0]

        call.__name__ = fn
        return call

    @property
    def last_call(self) -> CallText:
        return self._last

    def call_with_args_after(self, fn: str, *args, **kwargs):
        """Call and also return the arguments as they are after the call (to catch in-place mutation)."""
        return self._call(fn, args, kwargs, return_args=True)

    def memo(self, key, compute):
        """Compute once per student (e.g. a derivation chain graded by several checks)."""
        if key not in self._memo:
            try:
                self._memo[key] = (True, compute())
            except Exception as exc:
                self._memo[key] = (False, exc)
        ok, value = self._memo[key]
        if not ok:
            raise value
        return value

    def _call(self, fn: str, args, kwargs, return_args: bool = False):
        self._last = note_call(fn, args, kwargs)
        self.last_warnings = []
        function = self._namespace.get(fn)
        if function is None or not callable(function):
            raise NotImplementedByStudent("missing", fn=fn)
        given = copy.deepcopy(list(args)), copy.deepcopy(dict(kwargs))  # the student works on copies, as over the wire
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(**NUMPY_ERRORS):
                warnings.resetwarnings()
                warnings.simplefilter("always")
                value = function(*given[0], **given[1])
        except NotImplementedError:
            raise NotImplementedByStudent("not_implemented", fn=fn) from None
        except (Exception, SystemExit) as exc:
            raise StudentRaised(type(exc).__name__, str(exc)[:300], call=self.last_call, where=_where(exc)) from None
        self.last_warnings = [f"{w.category.__name__}: {w.message}"[:200] for w in caught[:MAX_WARNINGS]]
        return plain(value), [plain(a) for a in given[0]]


__all__ = ["LocalStudent", "plain"]
