"""The worker side of a batch: grading one submission wherever it runs, a local batch's thread or a Dask worker.

Both the local threads (runner.py) and a cluster's workers (cluster.py) grade through here, so this module imports
neither of them: the scheduler above chooses where a submission goes, and the grading is the same everywhere.
- Each thread that grades drives one supervised grading process with a warm `Grader` (grading/supervisor.py),
  started once and kept for the next submission of the same assignment.
- `grade_task` answers in plain data: {"results": ...}, {"error": ...}, {"stalled": ...} or {"fatal": ...}.
- A result crosses from a worker as `Packed` (the pickled Results beside what the parent checks first), and is
  written under OUT by `deliver`, whether the parent or a worker sharing OUT writes it.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_json_atomic
from ..errors import KitError
from ..grading.results_model import BatchInfo, Results


@dataclass(frozen=True)
class GradingSetup:
    """Everything a worker needs to build its grader; picklable, so it travels to Dask workers too."""

    assignment_id: str
    course: object  # autograder.course.Course
    lang: str
    hide: tuple  # folders the student process must not see (all submissions, all results)
    fingerprint: str  # course settings + reference solution: a change means a new grader

    @property
    def key(self) -> tuple:
        return (self.assignment_id, self.lang, self.hide, self.fingerprint)


@dataclass
class Task:
    student: str
    submission: object  # autograder.submission.Submission, read and parsed by the parent
    seed: int
    submitted_at: object = None  # a trusted, aware datetime (batch --submitted-at-from), for the late policy


# One supervised grading process per thread that grades (a local batch's threads, a Dask worker's threads):
# each thread waits on its own process, which the supervisor kills and replaces when a submission overruns.
_LOCAL = threading.local()
_ALL: list = []  # every SupervisedGrader of this process, to close them at the end
_ALL_LOCK = threading.Lock()
_MAX_CACHED = 2  # assignments a thread keeps a warm grader for
_CPU_SLOTS = itertools.count()
_CLEANUP_REGISTERED = False


def _cpu_for_new_grader(pin: bool) -> int | None:
    """One grading process per core, each on its own: a grader and its student process ping-pong on one core's
    warm caches instead of migrating (about 5 % more submissions/s on 2 cores). Students inherit the core."""
    if not pin:
        return None
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None
    return cpus[next(_CPU_SLOTS) % len(cpus)]


def _thread_grader(setup: GradingSetup, pin: bool = False):
    from ..grading.engine import hidden_graders
    from ..grading.graders_cache import WarmGraders
    from ..grading.supervisor import SupervisedGrader

    def start():
        grader = SupervisedGrader(
            setup.assignment_id, course=setup.course, lang=setup.lang, hide=setup.hide, cpu=_cpu_for_new_grader(pin)
        )
        grader.start()
        with _ALL_LOCK:
            _ALL.append(grader)
        _register_cleanup()
        return grader

    warm = getattr(_LOCAL, "graders", None)
    if warm is None:
        warm = _LOCAL.graders = WarmGraders(_MAX_CACHED, close=_close_quietly)
    return warm.get(setup.key, hidden_graders(setup.assignment_id), start)


def _close_quietly(grader) -> None:
    try:
        grader.close()
    except Exception:
        pass


def cached_graders() -> list[str]:
    """The assignments this process holds a warm grader for (e.g. `client.run(cached_graders)` on Dask workers)."""
    with _ALL_LOCK:
        return sorted({g.config.assignment_id for g in _ALL if g.pid is not None})


def close_graders() -> None:
    """Stop every grading process this process started (the batch's end, a Dask worker's exit)."""
    with _ALL_LOCK:
        graders = list(_ALL)
        _ALL.clear()
    for grader in graders:
        _close_quietly(grader)


def _register_cleanup() -> None:
    global _CLEANUP_REGISTERED
    if _CLEANUP_REGISTERED:
        return
    _CLEANUP_REGISTERED = True
    import atexit

    atexit.register(close_graders)


def _grade_tasks(setup: GradingSetup, tasks: list, pin: bool) -> list:
    return [grade_task(setup, task, pin, True) for task in tasks]


def grade_task(setup: GradingSetup, task: Task, pin: bool = False, model: bool = False) -> dict:
    """Grade one submission with this thread's supervised grader; runs in a batch thread or a Dask worker.

    Returns {"results": results.json dict} or {"error": message} for this submission, or {"fatal": message}
    when no submission can be graded here (the graders cannot be collected, the template cannot start).
    `model`: the results as the Results the supervisor has read already (a local batch: nothing crosses a
    process, so nothing is written and read again); from a Dask worker they travel as the JSON document.
    """
    from ..grading.supervisor import GradingFailed, GradingStalled

    try:
        grader = _thread_grader(setup, pin)
    except GradingFailed as exc:
        return {"fatal": str(exc)}
    except KitError as exc:
        return {"fatal": str(exc)}
    except Exception as exc:
        return {"fatal": f"cannot start grading: {type(exc).__name__}: {exc}"}
    started = time.perf_counter()
    isolation = grader.sandbox_status.get("level", "none")  # before grading: a killed process reports nothing
    regrades = grader.regrades
    submission = task.submission
    if isinstance(submission, RawSubmission):  # read by a cluster's parent, parsed here
        try:
            submission = submission.parse()
        except KitError as exc:
            return {"error": exc.message}
    try:
        graded = grader.grade(submission, student=task.student, seed=task.seed, submitted_at=task.submitted_at)
    except GradingStalled as exc:  # the machine's fault, every time: not a grade (grade it elsewhere, or again)
        return {"stalled": exc.reason, "regrades": grader.regrades - regrades}
    except KitError as exc:  # an engine failure: this submission errs, the next one gets a fresh process
        return {"error": str(exc), "regrades": grader.regrades - regrades}
    except Exception as exc:
        _close_quietly(grader)
        return {"error": f"internal error while grading: {type(exc).__name__}: {exc}"}
    return {
        "results": graded.results if model else graded.to_results(),
        "seconds": time.perf_counter() - started,
        "pid": grader.pid,
        "isolation": isolation,
        "regrades": grader.regrades - regrades,
    }


def deliver(
    out: Path, student: str, graded: Results, *, isolation: str | None, batch: BatchInfo, worker: str | None = None
) -> Results:
    """Write a student's results.json under OUT (atomic, fsync'd) with the isolation level its student ran under and
    the batch's notes (the worker that graded it, on a cluster); the parent and a worker sharing OUT both write
    through here."""
    kit = graded.kit_data
    if worker:
        batch = dataclasses.replace(batch, worker=worker)
    graded = graded.with_kit(isolation=isolation or kit.isolation, batch=batch)
    write_json_atomic(graded.to_json(), Path(out) / student / "results.json")
    return graded


@dataclass(frozen=True)
class RawSubmission:
    """A submission's file as read by the parent, for a worker that parses it (submission.parse_submission)."""

    name: str
    raw: bytes

    def parse(self):
        from ..submission import parse_submission

        return parse_submission(Path(self.name), self.raw)


@dataclass(frozen=True)
class _Identity:
    """What the parent checks of a result before it keeps it (`_check_identity`, `_result_problem`)."""

    student: str | None
    assignment: str | None
    graders_sha256: str | None


@dataclass(frozen=True)
class Packed:
    """A result as a cluster's worker sends it: the pickled Results, beside the few fields the parent checks before
    it keeps it. The parent unpacks it once, when something needs the whole result (a write of its own, grades.csv,
    the report), not in the loop that takes results in: unpacking costs about as much as the rest of that loop."""

    blob: bytes
    kit_data: _Identity

    @classmethod
    def of(cls, results: Results) -> Packed:
        import pickle

        kit = results.kit_data
        blob = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(blob, _Identity(kit.student, kit.assignment, kit.graders_sha256))

    def load(self) -> Results:
        import pickle

        results = pickle.loads(self.blob)  # noqa: S301 - a checked worker's answer, through Dask
        if (
            not isinstance(results, Results)
            or _Identity(results.kit_data.student, results.kit_data.assignment, results.kit_data.graders_sha256)
            != self.kit_data
        ):
            raise KitError("a worker's result does not match what it said of it")
        return results


def unpacked(results):
    """The Results of a result kept by the batch, unpacked if it is still as a worker sent it."""
    return results.load() if isinstance(results, Packed) else results


__all__ = [
    "GradingSetup",
    "Task",
    "grade_task",
    "cached_graders",
    "close_graders",
    "deliver",
    "Packed",
    "RawSubmission",
    "unpacked",
]
