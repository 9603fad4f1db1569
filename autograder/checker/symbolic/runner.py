"""Jobs, their outcomes, and the simplest way to run them: here, under a soft alarm.

The grader runs jobs in killable workers (budget.py); a student's own notebook or plain `pytest` runs the
same jobs in its own process with `InlineRunner`, because there the only process at risk is the student's.
Kept free of the kit's other modules so the checker can travel inside a notebook.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_STEP_SECONDS = 60.0  # the backstop of one job: never reached by a step the checker accepts


class SoftTimeout(BaseException):
    """Raised inside a job when its share of the budget is spent.

    A BaseException so that sympy's many `except Exception:` blocks do not swallow it.
    """


@contextlib.contextmanager
def soft_deadline(seconds: float):
    """Raise SoftTimeout in this (main) thread after `seconds`.

    A no-op where signals are unavailable, and where the caller already runs an interval timer (the
    in-process fallback inside a grader that uses its own alarm): that timer stays in charge, untouched.
    """
    usable = seconds > 0 and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if usable and signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        usable = False
    if not usable:
        yield
        return

    def _expire(signum, frame):
        raise SoftTimeout()

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Job:
    """One call to run under the budget: `func(*args, seconds)`; `key` caches its result (None: never cached)."""

    func: Callable
    args: tuple
    key: str | None = None


@dataclass
class Outcome:
    status: str  # "ok" | "timeout" | "error" | "skipped" (never started: the deadline had passed)
    value: Any = None
    seconds: float = 0.0
    cached: bool = False

    def to_json(self) -> dict:
        return {"status": self.status, "value": self.value, "seconds": self.seconds}


def run_here(job: Job, seconds: float) -> Outcome:
    """Run one job in this process under the soft alarm."""
    start = time.monotonic()
    try:
        with soft_deadline(seconds):
            value = job.func(*job.args, seconds)
        return Outcome("ok", value, time.monotonic() - start)
    except SoftTimeout:
        return Outcome("timeout", None, time.monotonic() - start)
    except Exception as exc:
        return Outcome("error", f"{type(exc).__name__}: {exc}"[:500], time.monotonic() - start)


class InlineRunner:
    """Runs jobs one after the other in this process (a student's own kernel), with the same deadlines."""

    def __init__(self):
        self.calls = 0
        self.memory: dict = {}

    def run(
        self, jobs: list[Job], seconds: float = DEFAULT_STEP_SECONDS, deadline: float | None = None
    ) -> list[Outcome]:
        outcomes = []
        for job in jobs:
            if job.key and job.key in self.memory:
                status, value = self.memory[job.key]
                outcomes.append(Outcome(status, value, cached=True))
                continue
            left = seconds if deadline is None else min(seconds, deadline - time.monotonic())
            if left <= 0:
                outcomes.append(Outcome("skipped"))
                continue
            self.calls += 1
            outcome = run_here(job, left)
            if job.key and outcome.status == "ok":
                self.memory[job.key] = (outcome.status, outcome.value)
            outcomes.append(outcome)
        return outcomes

    def flush(self) -> None:
        """Nothing to write: results live in memory only."""


__all__ = ["Job", "Outcome", "SoftTimeout", "soft_deadline", "run_here", "InlineRunner", "DEFAULT_STEP_SECONDS"]
