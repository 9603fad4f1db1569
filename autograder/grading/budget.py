"""A backstop that holds: sympy work runs in forked worker processes that are killed when they outlive it.

What a job decides is bounded by the size of its input and by counts of work (equivalence.py, moves.py,
parse.py), never by a clock, so a verdict is the same on an idle and on a busy machine; the time limit here is
only the backstop, far above what any step the checker accepts costs. An alarm alone would not be enough for
it: sympy can sit inside one C-level big-integer operation (or a loop that catches every exception) long after
an alarm fires. So each job goes to a worker of a small pool started with the fork context; the parent waits
at most the backstop and then kills the worker and starts a fresh one (a job cut so is reported as such, and
its outcome is never written to the shared cache).

Jobs carry plain functions and plain data (expression trees of strings, text), sent by pickle (both ends
are trusted: the worker is a fork of the grader); what comes back is plain data too, so the grading process
never holds a sympy object built from a submission. `run` bounds each job by the backstop and, with a
`deadline`, all of them together (a chain's). Results are cached by a key the caller builds from its inputs:
in memory, and optionally in a JSON file that a whole batch shares (written atomically, merged under a lock),
so a class where most students write the same steps checks each distinct step once.
A batch points every grading process at one file with AUTOGRADER_SYMBOLIC_CACHE=path (or `reset_default(
cache_file=path)`); AUTOGRADER_SYMBOLIC_WORKERS sets the pool size (default: CPUs, at most 4).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.connection import wait as wait_connections
from pathlib import Path
from typing import Any

from ..atomic import write_json_atomic
from ..checker.symbolic.runner import DEFAULT_STEP_SECONDS, Job, Outcome, SoftTimeout, run_here, soft_deadline

CACHE_ENV = "AUTOGRADER_SYMBOLIC_CACHE"
WORKERS_ENV = "AUTOGRADER_SYMBOLIC_WORKERS"


def _worker_main(conn, parent: int) -> None:
    """Loop of one worker: receive (func, args, seconds), run it, send back ("ok"|"error", value)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C in the grader is the parent's to handle
    # Die with the grading process, however it ends: its siblings hold this pipe's other end, so an orphaned
    # worker would wait on it for ever.
    from ..sandbox.linux import die_with_parent

    if not die_with_parent(signal.SIGKILL, parent):
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        func, args, seconds = message
        try:
            value = func(*args, seconds)
            reply = ("ok", value)
        except SoftTimeout:
            reply = ("timeout", None)
        except BaseException as exc:  # report, never die: the parent decides what an error means
            reply = ("error", f"{type(exc).__name__}: {exc}"[:500])
        try:
            conn.send(reply)
        except Exception as exc:  # e.g. an unpicklable result
            conn.send(("error", f"could not send the result: {type(exc).__name__}"))


class _Worker:
    def __init__(self, ctx):
        parent_end, child_end = ctx.Pipe(duplex=True)
        self.conn = parent_end
        self.process = ctx.Process(target=_worker_main, args=(child_end, os.getpid()), daemon=True)
        self.process.start()
        child_end.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.join(timeout=2)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        with contextlib.suppress(Exception):
            self.process.join(timeout=0.5)
        if self.process.is_alive():
            self.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


class ResultCache:
    """Results by key: a dict in memory, mirrored to an optional JSON file shared by a batch."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.memory: dict[str, dict] = {}
        self.path = Path(path) if path else None
        self._dirty: dict[str, dict] = {}
        if self.path is not None and self.path.exists():
            self.memory.update(self._read())

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged cache is only a slower run, never a wrong grade
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> dict | None:
        return self.memory.get(key)

    def put(self, key: str, value: dict, persist: bool = True) -> None:
        """Remember a result; `persist=False` keeps it out of the shared file (a timeout depends on the machine's
        load)."""
        self.memory[key] = value
        if self.path is not None and persist:
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                return
            self._dirty[key] = value

    def flush(self) -> None:
        """Merge new entries into the file: lock, re-read, update, write a temp file, rename over."""
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            with contextlib.suppress(ImportError, OSError):
                import fcntl

                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            merged = self._read()
            merged.update(self._dirty)
            write_json_atomic(merged, self.path, sort_keys=True, indent=None)
            self.memory.update(merged)
        self._dirty.clear()


class Budget:
    """A pool of forked workers plus the result cache; `run` returns one Outcome per job, in order.

    `calls` counts the jobs actually handed to a worker (cache hits are not calls), `kills` the workers
    killed for overrunning. With no usable fork (or `workers=0`) jobs run in this process under the soft
    alarm only; that is the one case where a pathological step is not strictly bounded.
    """

    def __init__(self, workers: int | None = None, cache_file: str | os.PathLike | None = None):
        if workers is None:
            workers = int(os.environ.get(WORKERS_ENV, "0") or 0) or max(1, min(4, os.cpu_count() or 1))
        self.size = max(0, workers)
        self.cache = ResultCache(cache_file if cache_file is not None else os.environ.get(CACHE_ENV) or None)
        self.calls = 0
        self.kills = 0
        self._workers: list[_Worker] = []
        self._lock = threading.RLock()
        self._ctx = None
        self._owner_pid = os.getpid()
        if self.size:
            try:
                self._ctx = multiprocessing.get_context("fork")
            except ValueError:
                self.size = 0

    # -- workers -------------------------------------------------------------------------------------
    def _spawn(self) -> _Worker | None:
        try:
            return _Worker(self._ctx)
        except OSError:  # out of processes: fall back to running in this process
            return None

    def _ensure_workers(self, wanted: int) -> None:
        if os.getpid() != self._owner_pid:  # this object was inherited by a fork: its workers are not ours
            self._workers = []
            self._owner_pid = os.getpid()
        self._workers = [w for w in self._workers if w.process.is_alive()]
        while len(self._workers) < min(wanted, self.size):
            worker = self._spawn()
            if worker is None:
                break
            self._workers.append(worker)

    def close(self) -> None:
        with self._lock:
            for worker in self._workers:
                worker.stop()
            self._workers = []
            self.cache.flush()

    # -- jobs ----------------------------------------------------------------------------------------
    def run(
        self, jobs: list[Job], seconds: float = DEFAULT_STEP_SECONDS, deadline: float | None = None
    ) -> list[Outcome]:
        """One Outcome per job, in order. Each job gets `seconds`; with `deadline` (time.monotonic()), no job
        runs past it either: a job not started by then is "skipped", one running then is killed ("timeout")."""
        seconds = float(seconds)
        with self._lock:
            outcomes: list[Outcome | None] = [None] * len(jobs)
            pending: list[int] = []
            seen: dict[str, int] = {}
            duplicates: dict[int, int] = {}
            for index, job in enumerate(jobs):
                hit = self.cache.get(job.key) if job.key else None
                if hit is not None:
                    outcomes[index] = Outcome(hit["status"], hit.get("value"), hit.get("seconds", 0.0), cached=True)
                elif job.key and job.key in seen:  # the same check twice in one batch: run it once
                    duplicates[index] = seen[job.key]
                else:
                    if job.key:
                        seen[job.key] = index
                    pending.append(index)
            if pending:
                self._run_pending(jobs, pending, outcomes, seconds, deadline)
            for index, source in duplicates.items():
                first = outcomes[source]
                outcomes[index] = Outcome(first.status, first.value, first.seconds, cached=True)
            for index in pending:
                job, outcome = jobs[index], outcomes[index]
                if job.key and (
                    outcome.status == "ok" or (outcome.status == "timeout" and outcome.value != "deadline")
                ):
                    self.cache.put(job.key, outcome.to_json(), persist=outcome.status == "ok")
            return outcomes  # type: ignore[return-value]

    def _run_pending(self, jobs, pending, outcomes, seconds, deadline=None) -> None:
        if self.size:
            self._ensure_workers(len(pending))
        if not self._workers:
            for index in pending:
                outcomes[index] = self._run_here(jobs[index], seconds, deadline)
            return
        queue = list(pending)
        idle = list(self._workers)
        busy: dict[Any, tuple[_Worker, int, float]] = {}  # conn -> (worker, job index, start)

        def limit(start: float) -> float:  # when the job started at `start` must be over
            return start + seconds if deadline is None else min(start + seconds, deadline)

        while queue or busy:
            if deadline is not None and time.monotonic() >= deadline:
                for index in queue:
                    outcomes[index] = Outcome("skipped")
                queue = []
            while queue and idle:
                worker = idle.pop()
                index = queue.pop(0)
                job = jobs[index]
                given = seconds if deadline is None else max(0.001, min(seconds, deadline - time.monotonic()))
                try:
                    worker.conn.send((job.func, job.args, given))
                except Exception as exc:  # a broken pipe or an unpicklable argument
                    outcomes[index] = Outcome("error", f"could not send the job: {type(exc).__name__}: {exc}")
                    worker.kill()
                    replacement = self._replace(worker)
                    if replacement is not None:
                        idle.append(replacement)
                    continue
                self.calls += 1
                busy[worker.conn] = (worker, index, time.monotonic())
            if not busy:
                if queue and not idle:  # no worker could be started: finish here
                    for index in queue:
                        outcomes[index] = self._run_here(jobs[index], seconds, deadline)
                    queue = []
                continue
            now = time.monotonic()
            next_deadline = min(limit(start) for (_, _, start) in busy.values())
            ready = wait_connections(list(busy), timeout=max(0.0, next_deadline - now))
            now = time.monotonic()
            for conn in ready:
                worker, index, start = busy.pop(conn)
                try:
                    status, value = conn.recv()
                except (EOFError, OSError) as exc:  # the worker died (memory limit, a crash)
                    outcomes[index] = Outcome("error", f"the checking process died ({type(exc).__name__})", now - start)
                    worker.kill()
                    replacement = self._replace(worker)
                    if replacement is not None:
                        idle.append(replacement)
                    continue
                outcomes[index] = Outcome(status, value, now - start)
                idle.append(worker)
            for conn, (worker, index, start) in list(busy.items()):
                if now >= limit(start):
                    busy.pop(conn)
                    cut = deadline is not None and deadline < start + seconds  # the chain's time, not the step's
                    outcomes[index] = Outcome("timeout", "deadline" if cut else None, now - start)
                    worker.kill()
                    self.kills += 1
                    replacement = self._replace(worker)
                    if replacement is not None:
                        idle.append(replacement)

    def _replace(self, dead: _Worker) -> _Worker | None:
        if dead in self._workers:
            self._workers.remove(dead)
        worker = self._spawn()
        if worker is not None:
            self._workers.append(worker)
        return worker

    def _run_here(self, job: Job, seconds: float, deadline: float | None = None) -> Outcome:
        left = seconds if deadline is None else min(seconds, deadline - time.monotonic())
        if left <= 0:
            return Outcome("skipped")
        self.calls += 1
        return run_here(job, left)

    def flush(self) -> None:
        self.cache.flush()


_DEFAULT: Budget | None = None
_DEFAULT_LOCK = threading.Lock()


def default_budget() -> Budget:
    """The process-wide pool and cache that `check_equivalent` and `grade_chain` use."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None or _DEFAULT._owner_pid != os.getpid():
            _DEFAULT = Budget()
        return _DEFAULT


def reset_default(workers: int | None = None, cache_file: str | os.PathLike | None = None) -> Budget:
    """A fresh pool and an empty cache (tests, the benchmark's cold runs, or pointing a batch at a cache file)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is not None and _DEFAULT._owner_pid == os.getpid():
            _DEFAULT.close()
        _DEFAULT = Budget(workers=workers, cache_file=cache_file)
        return _DEFAULT


def flush_cache() -> None:
    """Write the shared cache file now (grade_chain does this after every chain)."""
    if _DEFAULT is not None:
        _DEFAULT.cache.flush()


__all__ = [
    "Budget",
    "Job",
    "Outcome",
    "ResultCache",
    "SoftTimeout",
    "soft_deadline",
    "default_budget",
    "reset_default",
    "flush_cache",
    "DEFAULT_STEP_SECONDS",
]
