"""A process's own time: the wall time it had, without the time the machine took from it.

Why not the wall clock: a limit measured in wall time charges a student for a machine that was busy with other
work (waiting for a CPU), for a process someone stopped (SIGSTOP, a frozen container) and for the moments the
grader itself did not run; the same submission would then pass on an idle machine and fail on a busy one. Why
not CPU time alone: a function that sleeps or waits must still be stopped after its limit.

So a process's own time is its wall time minus what the kernel says was taken from it, read from
/proc/PID/schedstat (the nanoseconds it ran and the nanoseconds it waited, runnable, for a CPU) and /proc/PID/stat
(its state):
- time it waited for a CPU is not its own;
- a stretch in which it was found stopped (state T or t) counts only the CPU it used. A clock made with `resume`
  (a student's process, which nothing but the machine's stall or its own doing stops alone) also lets it go on
  (SIGCONT) when it finds it stopped; found stopped again after that, it stopped itself, and from then on its
  stopped stretches count whole: a submission that stops itself reaches its limit like one that loops;
- a stretch in which the one measuring did not run as it asked (it slept much longer than it asked to: it was
  stopped or starved itself, so it cannot tell what the other process did) counts only the CPU it used.

Reading /proc costs about ten microseconds, so a clock reads nothing during its first FIRST_SLICE seconds (most
waits end sooner, and the first slice counts whole) and then once per slice. Where /proc does not say (another
system, a kernel without schedstat), the clock falls back to wall time, as before.
"""

from __future__ import annotations

import os
import signal
import time

FIRST_SLICE = 0.05  # seconds counted whole before the first reading
SLICE = 1.0  # at most this long between two readings while the clock runs
LATE = 0.5  # the measurer woke this much later than it asked: it did not run meanwhile


def sample(pid: int, threads: bool = False) -> tuple[int, int, bool] | None:
    """(nanoseconds on a CPU, nanoseconds waiting for one, stopped now) of `pid`'s main thread, or with `threads`
    of all its threads (summed: waits of two threads at once both count, which only ever counts less); None if
    unknown."""
    try:
        ran = waited = 0
        for task in os.listdir(f"/proc/{pid}/task") if threads else (None,):
            where = f"/proc/{pid}/task/{task}/schedstat" if task else f"/proc/{pid}/schedstat"
            try:
                with open(where, "rb") as handle:
                    fields = handle.read().split()
            except FileNotFoundError:
                if task:
                    continue  # a thread that just ended
                raise
            ran, waited = ran + int(fields[0]), waited + int(fields[1])
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rpartition(b")")[2].split(None, 1)[0]
        return ran, waited, state in (b"T", b"t")
    except (OSError, ValueError, IndexError):
        return None


class OwnClock:
    """The own time of process `pid` since the clock started, advanced by `spent()` after each wait of at most
    `wait_for(...)` seconds. `stolen` is the wall time that was not counted."""

    def __init__(
        self,
        pid,
        started: float | None = None,
        *,
        threads: bool = False,
        on_stolen=None,
        first: float = FIRST_SLICE,
        resume: bool = False,
    ):
        self.pid = pid  # the process to watch, or a function that finds it (called at the first reading)
        self.first = first  # seconds counted whole before the first reading
        self.threads = threads  # all its threads (a grading process works in a thread of its own)
        self.on_stolen = on_stolen  # called with every increment of `stolen`, as it is found
        self.started = time.monotonic() if started is None else started
        self.own = 0.0
        self.stolen = 0.0
        self.stopped_since: float | None = None  # when the process was first found stopped, in this stretch
        self.resume = resume  # let a stopped process go on (a student's: see the module's docstring)
        self.resumed = 0  # how many times it was let go
        self._at = self.started
        self._asked = first
        self._last: tuple[int, int, bool] | None = None

    def wait_for(self, remaining: float) -> float:
        """How long the caller may wait before reading the clock again (never past `remaining` of own time)."""
        self._asked = max(0.0, min(remaining, self.first if self._last is None else SLICE))
        return self._asked

    def spent(self, now: float | None = None) -> float:
        """Own time so far. Reads /proc once the first slice is over."""
        now = time.monotonic() if now is None else now
        wall = now - self._at
        if now - self.started < self.first and self._last is None:
            return self.own + wall  # the first slice counts whole, unread
        if callable(self.pid):
            self.pid = self.pid()
        current = sample(self.pid, self.threads) if self.pid else None
        if current is None:
            counted = wall  # nothing to read: wall time, as a plain clock would
        elif self._last is None:
            counted = wall if wall <= self._asked + LATE else 0.0  # the first slice; nothing to compare it with
        else:
            ran = max(0, current[0] - self._last[0]) / 1e9
            waited = max(0, current[1] - self._last[1]) / 1e9
            if wall > self._asked + LATE:
                counted = min(ran, wall)  # we were not there to see: only the CPU it used is its own
            elif current[2] or self._last[2]:
                # stopped: only the CPU it used is its own, unless it was let go before and stopped again itself
                counted = wall if self.resumed else min(ran, wall)
            else:
                counted = max(0.0, wall - waited)
        if current is not None and current[2] and self.resume and not wall > self._asked + LATE:
            self._let_go()
        if current is not None and current[2]:
            self.stopped_since = self.stopped_since or now
        elif current is not None:
            self.stopped_since = None
        self.own += counted
        if wall > counted:
            self.stolen += wall - counted
            if self.on_stolen is not None:
                self.on_stolen(wall - counted)
        self._at, self._last = now, current if current is not None else self._last
        return self.own

    def _let_go(self) -> None:
        try:
            os.kill(self.pid, signal.SIGCONT)
        except OSError:
            return  # gone meanwhile: the caller sees it end
        self.resumed += 1

    def wall(self, now: float | None = None) -> float:
        return (time.monotonic() if now is None else now) - self.started


def readable() -> bool:
    """Whether this system says how long a process waited (where it does not, limits fall back to wall time)."""
    return sample(os.getpid()) is not None


__all__ = ["OwnClock", "sample", "readable", "FIRST_SLICE", "SLICE"]
