"""The `student` fixture: `student.softmax(x)` in a grader calls the submission in its own process.

A StudentSession owns one submission's process across all checks: it restarts the process after a call
killed it (so one bad function never costs the others), remembers a load that cannot succeed, enforces
the submission's total time budget, and turns every outcome into a value or a CheckAborted. The budget, like
each call's limit, is the student's own time (sandbox/own_time.py): what its loads and calls took, never the
trusted side's checks between them or the time a busy machine took from it.
"""

from __future__ import annotations

from ..checker.feedback import CheckAborted, ForbiddenUse, NotImplementedByStudent, StudentRaised
from ..checker.values import CallText, as_array, describe_call, note_call  # noqa: F401  (shared with the self-checks)
from ..sandbox.process import StudentProcess, Zygote
from ..submission import Submission
from .messages import Message


class StudentSession:
    """One submission being graded: its process, its load report, its time budget."""

    def __init__(self, zygote: Zygote, submission: Submission, assignment):
        self.submission = submission
        self.assignment = assignment
        self.limits = assignment.limits
        self.process = StudentProcess(
            zygote, submission.cells, submission.kind, self.limits, assignment.forbidden_imports
        )
        self.load_report: dict | None = None
        self.load_failure: CheckAborted | None = None
        self.forbidden_problems: dict = {}  # problem -> modules
        self.memo: dict = {}
        self.hung: dict = {}  # function -> seconds: a function that hung once is not run again for this submission

    def ensure_running(self, fn: str) -> None:
        if self.load_failure is not None:
            raise self.load_failure.for_function(fn)
        if self.process.alive:
            return
        remaining = self.remaining()
        if remaining <= 0:
            raise CheckAborted("budget_spent", seconds=self.limits.submission_seconds)
        report = self.process.start(min(self.limits.call_seconds * 3, remaining))
        if self.load_report is None:
            self.load_report = report
        if not report.get("ready"):
            failure = report.get("failure")
            if failure == "timeout":
                note = "note:load_timeout"
            elif failure == "protocol":
                note = "note:load_protocol"
            else:
                note = "note:load_died"
            self.load_report = {"ready": False, "notes": [{"kind": note}], "names": []}
            self.load_failure = LoadFailed(note, self.limits.call_seconds * 3)
        if self.load_failure is not None:
            raise self.load_failure.for_function(fn)

    def remaining(self) -> float:
        """What is left of the submission's budget, in the student's own time."""
        return self.limits.submission_seconds - self.process.spent

    def close(self) -> None:
        self.process.kill()


class LoadFailed(CheckAborted):
    """The submission could not be loaded at all; every check says so, naming its own function."""

    def __init__(self, note: str, seconds: float, fn: str = ""):
        super().__init__("load_failed", fn=fn, message=Message(note, seconds=seconds))
        self.note, self.seconds = note, seconds

    def for_function(self, fn: str) -> LoadFailed:
        return LoadFailed(self.note, self.seconds, fn)


class StudentProxy:
    """What graders see: attribute access gives a callable that runs in the student's process."""

    def __init__(self, session: StudentSession, problem: str):
        self._session = session
        self._problem = problem
        self._last = note_call("")
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
        """The last call for feedback, e.g. softmax([[1., 2.]], axis=0); formatted only if a message shows it."""
        return self._last

    def call_with_args_after(self, fn: str, *args, **kwargs):
        """Call and also return the arguments as they are after the call (to catch in-place mutation)."""
        return self._call(fn, args, kwargs, return_args=True)

    def memo(self, key, compute):
        """Compute once per submission (e.g. a derivation chain graded by several checks)."""
        store = self._session.memo
        if key not in store:
            try:
                store[key] = (True, compute())
            except BaseException as exc:
                store[key] = (False, exc)
        ok, value = store[key]
        if not ok:
            raise value
        return value

    def _call(self, fn, args, kwargs, return_args=False):
        session = self._session
        self._last = note_call(fn, args, kwargs)
        session.ensure_running(fn)
        if fn not in session.load_report.get("names", []):
            if any(n.get("kind") in ("syntax", "error", "exit") for n in session.load_report.get("notes", [])):
                raise CheckAborted("missing_after_error", fn=fn)
            raise NotImplementedByStudent("missing", fn=fn)
        if fn in session.hung:
            raise CheckAborted("timeout_before", call=self.last_call, fn=fn, seconds=session.hung[fn])
        remaining = session.remaining()
        if remaining <= 0:
            raise CheckAborted("budget_spent", seconds=session.limits.submission_seconds)
        timeout = min(session.limits.call_seconds, remaining)
        result = session.process.call(fn, list(args), dict(kwargs), timeout, return_args=return_args)
        self.last_warnings = result.warnings
        if result.forbidden:
            modules = sorted({m.split(".")[0] for m in result.forbidden})
            session.forbidden_problems.setdefault(self._problem, set()).update(modules)
            raise ForbiddenUse("forbidden", fn=fn, modules=", ".join(modules))
        if result.failure == "timeout":
            session.hung[fn] = timeout
            raise CheckAborted("timeout", call=self.last_call, seconds=timeout)
        if result.failure == "died":
            raise CheckAborted("died", call=self.last_call)
        if result.failure:
            raise CheckAborted("protocol", call=self.last_call, message=result.error_message)
        if not result.ok:
            if result.error_type == "NotImplementedError":
                raise NotImplementedByStudent("not_implemented", fn=fn)
            where = f" ({result.where})" if result.where else ""
            raise StudentRaised(result.error_type, result.error_message[:300], call=self.last_call, where=where)
        return result.value, result.args_after
