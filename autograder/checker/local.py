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
import sys
import traceback
import warnings

import numpy as np

from .feedback import ForbiddenUse, NotImplementedByStudent, StudentRaised, cell_name, location, source_name
from .forbidden import Watch, referenced
from .message import Message
from .values import CallText, note_call

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


def where_raised(exc: BaseException):
    """Where the student's code raised, in the student's terms: its last frame (not the checker's, not a
    library's), as the function, its line and the cell as Jupyter shows it (or the file); else nothing."""
    frames = traceback.extract_tb(exc.__traceback__)[1:]  # the first frame is the call below
    mine = [
        f
        for f in frames
        if not f.filename.startswith(_PACKAGE)
        and "site-packages" not in f.filename
        and "dist-packages" not in f.filename
        and not f.filename.startswith(_STANDARD_LIBRARY)
    ]
    if not mine:
        return ""
    frame = mine[-1]
    return Message("in_parentheses", text=location(named_file(frame.filename), frame.lineno, frame.name))


def named_file(filename: str):
    """A code object's file name as the student knows it: a notebook cell (its number in Jupyter, asked of the
    running IPython; or the name a notebook's cell was compiled under), a file of theirs, else "your file"."""
    named = source_name(filename)
    if not isinstance(named, str):
        return named
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    count = getattr(getattr(shell, "compile", None), "_filename_map", {}).get(filename)
    if isinstance(count, int):
        return cell_name(count, True)
    name = os.path.basename(filename)
    return Message("your_file") if "ipykernel" in filename or name.startswith("<") else name


_STANDARD_LIBRARY = os.path.dirname(os.__file__)
_PACKAGE = os.path.dirname(os.path.abspath(__file__))  # this package, in the kit or in a carried archive


def _copied(value):
    """A deep copy, read-only arrays staying read-only (as they cross the wire to the student process)."""
    copied = copy.deepcopy(value)
    _keep_read_only(value, copied, 0)
    return copied


def _keep_read_only(original, copied, depth: int) -> None:
    if depth > 64:
        return
    if isinstance(original, np.ndarray) and isinstance(copied, np.ndarray):
        if not original.flags.writeable:
            copied.flags.writeable = False
    elif isinstance(original, (list, tuple)) and isinstance(copied, (list, tuple)):
        for a, b in zip(original, copied):
            _keep_read_only(a, b, depth + 1)
    elif isinstance(original, dict) and isinstance(copied, dict):
        for key in original:
            if key in copied:
                _keep_read_only(original[key], copied[key], depth + 1)


class LocalStudent:
    """`student.softmax(x)` calls the student's softmax in this process, as the grader's proxy does over there."""

    in_process = True  # the engine's proxy has no such attribute: a check that must build something differently asks

    def __init__(self, namespace: dict, forbidden=()):
        self._namespace = namespace  # the loaded submission's globals, or the notebook's
        self._forbidden = frozenset(forbidden)  # course.yml's forbidden_imports
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
        given = _copied(list(args)), _copied(dict(kwargs))  # the student works on copies, as over the wire
        used = referenced(function, self._forbidden) if self._forbidden else set()
        watch = Watch(self._forbidden - used)
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(**NUMPY_ERRORS), watch:
                warnings.resetwarnings()
                warnings.simplefilter("always")
                value = function(*given[0], **given[1])
        except NotImplementedError:
            raise NotImplementedByStudent("not_implemented", fn=fn) from None
        except (Exception, SystemExit) as exc:
            if used | watch.used:
                raise ForbiddenUse("forbidden", fn=fn, modules=", ".join(sorted(used | watch.used))) from None
            raise StudentRaised(
                type(exc).__name__, str(exc)[:300], call=self.last_call, where=where_raised(exc)
            ) from None
        if used | watch.used:  # as the grade does: the problem scores 0 whatever the value
            raise ForbiddenUse("forbidden", fn=fn, modules=", ".join(sorted(used | watch.used)))
        self.last_warnings = [f"{w.category.__name__}: {w.message}"[:200] for w in caught[:MAX_WARNINGS]]
        return plain(value), [plain(a) for a in given[0]]


__all__ = ["LocalStudent", "plain"]
