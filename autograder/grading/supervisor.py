"""The watchdog: every door grades through a supervised grading process that cannot outlast its deadline.

Why a process and not a thread or an alarm: whatever the grading process does with a submission's data (a
C-level loop in sympy or numpy holds the interpreter's lock, so no thread and no signal handler of that
process would ever run again), the supervisor stays free. It sends one submission at a time, keeps every check
the grading process reports as finished, and if the whole submission has not finished within the course's
`submission_seconds` plus a fixed margin, it kills the grading process's group (the grader, its student-process
template and students, its sympy workers) and writes the grade from what finished: the checks that never ran
score 0 and say why. A new grading process takes the next submission. One student can therefore never stop
the grading of a class.

A fault of the machine is never a grade. The watchdog's limit is measured in the grading process's own time
(sandbox/own_time.py): the wall time minus what the machine took from it (waiting for a CPU, stopped, the
supervisor itself not running) and minus what it took from the student meanwhile (the grading process reports
that through the check log). Only a grading process that had its whole limit gets the verdict "did not finish".
One that was stopped for STOPPED_SECONDS, that never took its submission, or that got less than its limit in
CEILING times the limit's wall time was stalled by the machine: it is killed and the submission graded again from
the start in a fresh one (`regrades` times here; a batch on a cluster sends it to another machine instead), and
if the machine stalls it every time, the caller gets GradingStalled, never a grade.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .. import paths
from ..catalogue import Message
from ..errors import KitError
from ..sandbox.levels import Level, refusal
from ..sandbox.own_time import OwnClock
from ..sandbox.proctree import student_uids, sweep_uids
from .check_log import CheckLog
from .results_view import ResultsView
from .worker import WorkerConfig

WATCHDOG_MARGIN = 10.0  # seconds beyond submission_seconds: trusted-side work after the student's last call
START_SECONDS = 120.0  # collecting the graders and starting the template, on a loaded machine
STOPPED_SECONDS = 10.0  # a grading process found stopped (SIGSTOP, a frozen container) this long is stalled
CEILING = 10.0  # a grading process that got less than its limit in this many times the limit's wall time is stalled
TICK_SECONDS = 1.0  # how often the watchdog looks at a grading process that has not finished
REGRADES = 2  # times a submission is graded again here when the machine stalled its grading


class GradingStalled(KitError):
    """The machine stalled the grading of a submission (not the submission): nothing may be recorded as its
    grade; grade it again elsewhere, or later. `reason`: why the last time (a Message)."""

    exit_code = 3

    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason if reason is not None else self.message

    def __reduce__(self):
        return (self.__class__, (self.message, self.reason))


class _Stalled(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class GradingFailed(KitError):
    """The kit could not grade (an internal error), as opposed to a submission that scored what it scored."""

    exit_code = 3


@dataclass
class _Running:
    process: subprocess.Popen
    conn: Connection
    ready: dict
    workdir: Path  # the grading process's temporary folders live here; removed when it ends, however it ends
    log: CheckLog | None = None  # the checks it finished, read when it does not finish a submission


class SupervisedGrader:
    """`grade()` a submission in a grading process with a deadline; reuse it for many (start-up is paid once)."""

    def __init__(
        self,
        assignment_id: str,
        *,
        course=None,
        lang: str | None = None,
        visible: bool = False,
        hide: tuple = (),
        tests: Path | None = None,
        cpu: int | None = None,
        own_work: bool = False,
        regrades: int = REGRADES,
    ):
        """`own_work`: a student checking their own file (`autograder check`), which any isolation level may do;
        everything else is other people's work, refused below course.yml's `min_isolation`. `regrades`: how often a
        submission whose grading the machine stalled is graded again here before GradingStalled (0 on a cluster's
        worker: the batch sends it to another machine)."""
        if course is None:
            from ..course import load_course

            course = load_course()
        self.course = course
        self.assignment = course.assignment(assignment_id)  # KitError for an unknown id, before any process
        from ..catalogue import CATALOGUE

        self.config = WorkerConfig(
            assignment_id,
            course,
            lang,
            visible,
            tuple(str(h) for h in hide),
            str(tests) if tests else None,
            os.getpid(),
            cpu,
            CATALOGUE.languages,
        )
        self.own_work = own_work
        self._running: _Running | None = None
        self.ready: dict = {}  # what the last grading process said when ready: its plan of checks, the graders' hash
        self.restarts = 0
        self.regrades_allowed = regrades
        self.regrades = 0  # submissions graded again from the start (a stalled or dead grading process), in all

    # ---- life cycle
    def __enter__(self) -> SupervisedGrader:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        return self._running.process.pid if self._running else None

    @property
    def lang(self) -> str:
        """The language the feedback is rendered in (--lang, else course.yml's)."""
        return self.ready.get("lang") or self.config.lang or self.course.language

    @property
    def sandbox_status(self) -> dict:
        return dict(self._running.ready.get("sandbox", {})) if self._running else {}

    def start(self) -> None:
        if self._running is not None:
            return
        for _attempt in range(REGRADES + 1):
            running = _take_early() or _spawn()
            self._running = running
            try:
                running.conn.send(self.config)
            except OSError:
                pass
            kind, payload = self._await_ready(running)
            if kind != "stopped":
                break
            self._kill()  # stopped by someone while it started (the machine's doing): a fresh one
        if kind == "ready":
            running.ready = self.ready = payload
            refused = (
                None
                if self.own_work
                else refusal(self.course.min_isolation, Level.from_status(payload.get("sandbox", {})))
            )
            if refused is not None:
                self.close()
                raise KitError(refused)
            return
        self._kill()
        if kind == "fatal":
            raise KitError(payload)
        raise GradingFailed("the grading process did not start" + (f" ({payload})" if payload else ""))

    def _await_ready(self, running: _Running) -> tuple:
        """The grading process's first message, within START_SECONDS of its own time; ("stopped", None) when it was
        found stopped for STOPPED_SECONDS meanwhile."""
        clock = OwnClock(running.process.pid, threads=True, first=TICK_SECONDS)
        while True:
            kind, payload = self._receive(running, time.monotonic() + clock.wait_for(TICK_SECONDS))
            if kind != "timeout":
                return kind, payload
            own = clock.spent()
            if clock.stopped_since is not None and time.monotonic() - clock.stopped_since >= STOPPED_SECONDS:
                return "stopped", None
            if own >= START_SECONDS or clock.wall() >= CEILING * START_SECONDS:
                return "timeout", None

    def close(self) -> None:
        """Stop the grading process: politely (it stops its template and sweeps its students), then by force."""
        running, self._running = self._running, None
        if running is None:
            return
        try:
            running.conn.send(("stop",))
        except (OSError, ValueError):
            pass
        try:
            running.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._end(running)

    def _kill(self) -> None:
        running, self._running = self._running, None
        if running is not None:
            self._end(running)

    @staticmethod
    def _end(running: _Running) -> None:
        """Kill what is left of a grading process's group, every uid its students could run as, and its folders."""
        killed = running.process.poll() is None
        _kill_group(running.process.pid)
        running.process.wait()
        if killed:
            sweep_uids(student_uids(running.process.pid))
        running.conn.close()
        if running.log is not None:
            running.log.close()
        shutil.rmtree(running.workdir, ignore_errors=True)

    # ---- grading
    def grade(
        self, submission, *, student: str | None = None, seed: int | None = None, submitted_at=None
    ) -> ResultsView:
        from ..submission import Submission, load_submission

        if not isinstance(submission, Submission):
            submission = load_submission(submission)
        task = {
            "submission": submission,
            "student": student or submission.student_default,
            "seed": self.assignment.seed if seed is None else int(seed),
            "submitted_at": submitted_at,
        }
        deaths = stalls = 0
        while True:
            self.start()
            try:
                outcome, done = self._grade_once(task)
            except _Stalled as stalled:
                stalls += 1
                if stalls > self.regrades_allowed:
                    raise GradingStalled(
                        Message("error:grading_stalled", count=stalls, reason=stalled.reason), stalled.reason
                    ) from None
                self.regrades += 1
                self.restarts += 1
                continue
            if outcome is not None:
                return outcome
            deaths += 1  # the grading process died under this submission: once may be the machine's doing
            if deaths >= 2:  # twice: most likely the submission's
                return self._unfinished(task, done, reason="died")
            self.regrades += 1
            self.restarts += 1

    def _grade_once(self, task: dict) -> tuple[ResultsView | None, dict]:
        """(the graded view, or None when the grading process died; the checks it had finished). Raises _Stalled
        when the machine, not the submission, kept it from finishing."""
        running = self._running
        limit = float(self.assignment.limits.submission_seconds) + WATCHDOG_MARGIN
        if running.log is not None:
            running.log.clear()  # the grading process waits for this task: nothing writes
        try:
            running.conn.send(("grade", task))
        except (OSError, ValueError):
            self._kill()
            return None, {}
        taken_by = time.monotonic() + START_SECONDS  # until the grading process has taken the task
        watch = _Watch(running, limit)
        done: dict = {}
        while True:
            kind, payload = self._receive(running, time.monotonic() + watch.clock.wait_for(TICK_SECONDS))
            if kind == "started":
                watch.start()
            elif kind == "check":
                done[payload["index"]] = payload
            elif kind == "done":  # the grading process's Results model: nothing is written and read back
                view = ResultsView(payload["results"], payload.get("output", ""), dict(payload.get("timings") or {}))
                return view, done
            elif kind == "error":
                if running.process.poll() is not None or payload.startswith("internal error"):
                    self._kill()
                    raise GradingFailed(payload)
                raise KitError(payload)
            elif kind == "timeout":  # a tick: has it had its time, or did the machine take it?
                if not watch.started and time.monotonic() > taken_by:
                    self._kill()
                    raise _Stalled(Message("stall:not_taken", seconds=f"{START_SECONDS:.0f}"))
                verdict = watch.verdict()
                if verdict == "overrun":
                    self._collect(running, done)
                    self._kill()
                    return self._unfinished(task, done, reason="timeout", seconds=limit), done
                if verdict is not None:
                    self._kill()
                    raise _Stalled(verdict)
            else:  # the pipe closed: the grading process died
                self._collect(running, done)
                self._kill()
                return None, done

    @staticmethod
    def _collect(running: _Running, done: dict) -> None:
        """The checks a grading process that will not finish had finished: it is stopped first, so nothing writes
        to its log while it is read."""
        if running.log is None:
            return
        _kill_group(running.process.pid)
        running.process.wait()
        for event in running.log.events():
            done.setdefault(event["index"], event)

    @staticmethod
    def _receive(running: _Running, deadline: float) -> tuple:
        # ("timeout", None) is also the watchdog's tick (see _grade_once)
        """The next message, ("timeout", None) at the deadline, or ("gone", None) when the process ended."""
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0 or not running.conn.poll(remaining):
                return ("timeout", None)
            return running.conn.recv()
        except (EOFError, OSError):
            return ("gone", None)

    def _unfinished(self, task: dict, done: dict, *, reason: str, seconds: float = 0.0) -> ResultsView:
        from .unfinished import unfinished_results

        ready = self.ready
        data = unfinished_results(
            self.assignment,
            ready.get("lang") or self.course.language,
            ready.get("plan", []),
            done,
            task=task,
            reason=reason,
            seconds=seconds,
            graders_sha256=ready.get("graders_sha256", ""),
            visibility=ready.get("visibility") or self.assignment.visibility,
        )
        return ResultsView.of(data)


class _Watch:
    """The watchdog's view of one submission being graded: the grading process's own time (own_time.py, all its
    threads), less the time the machine took from its student (the check log), against the limit."""

    def __init__(self, running: _Running, limit: float):
        self.running, self.limit = running, limit
        self.clock = OwnClock(running.process.pid, threads=True, first=TICK_SECONDS)
        self.started = False  # until the grading process takes the submission, only a stop is looked for

    def start(self) -> None:
        self.clock = OwnClock(self.running.process.pid, threads=True, first=TICK_SECONDS)
        self.started = True

    def own(self) -> float:
        stolen = self.running.log.stolen() if self.running.log is not None else 0.0
        return max(0.0, self.clock.spent() - stolen)

    def verdict(self):
        """ "overrun" (the submission had its time), a reason (the machine stalled it), or None (keep waiting)."""
        own = self.own()
        now = time.monotonic()
        if self.started and own >= self.limit:
            return "overrun"
        stopped = self.clock.stopped_since
        if stopped is not None and now - stopped >= STOPPED_SECONDS:
            return Message("stall:stopped", seconds=f"{now - stopped:.0f}")
        wall = self.clock.wall(now)
        if self.started and wall >= CEILING * self.limit:
            return Message("stall:starved", own=f"{own:.0f}", wall=f"{wall:.0f}")
        return None


WORKDIR_PREFIX = "autograder-work-"


def sweep_stale_workdirs() -> None:
    """Remove the work folders of supervisors that died without cleaning up (SIGKILL, a power cut): the name
    holds the supervisor's pid, and a folder whose supervisor is gone is nobody's."""
    base = Path(tempfile.gettempdir())
    try:
        folders = list(base.glob(f"{WORKDIR_PREFIX}*-*"))
    except OSError:
        return
    for folder in folders:
        owner = folder.name[len(WORKDIR_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _kill_group(pid: int) -> None:
    for target in (-pid, pid):
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass


def _spawn() -> _Running:
    """A fresh grading process, waiting for its configuration (it imports the engine meanwhile)."""
    sweep_stale_workdirs()
    workdir = Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))
    # Students' scratch folders live below it: a student uid must be able to pass through (not list) it
    # where no namespace binds them elsewhere (Landlock as root: a container without namespaces).
    os.chmod(workdir, 0o711)
    # A fresh interpreter (nothing inherited: no threads, locks or open files), in a session of its own,
    # started with -I so that nothing in the current folder (a submission named numpy.py) is imported.
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    bootstrap = (
        f"import sys; sys.path.insert(0, {str(paths.PACKAGE_DIR.parent)!r}); "
        "from autograder.grading.worker import main; main()"
    )
    log = CheckLog.create()
    fds = (theirs.fileno(), log.fd) if log is not None else (theirs.fileno(),)
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", bootstrap, *(str(fd) for fd in fds)],
            pass_fds=fds,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": str(workdir)},
            start_new_session=True,
            close_fds=True,
        )
    except OSError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        if log is not None:
            log.close()
        raise GradingFailed(f"cannot start the grading process: {exc}") from None
    finally:
        theirs.close()
    return _Running(process, Connection(ours.detach()), {}, workdir, log)


_early: list = []  # grading processes started ahead of their SupervisedGraders
_EARLY_EXIT_REGISTERED = False


def start_early(count: int = 1) -> None:
    """Start `count` grading processes now (fewer if some are waiting already), before the caller reads course.yml,
    finds its submissions and imports what it needs.

    A cold `autograder grade` spends about as long on its own start-up (the course validated, the report's
    imports) as the grading process spends starting Python and importing pytest and numpy: started first, the
    two overlap; a batch starts one per worker the same way. The next SupervisedGraders of this process adopt
    them; those none adopts (course.yml was broken, nothing needed grading) are stopped by `drop_early` or at
    exit, and each ends by itself when this process dies (its socket closes).
    """
    global _EARLY_EXIT_REGISTERED
    while len(_early) < count:
        try:
            _early.append(_spawn())
        except KitError:
            return  # the SupervisedGrader will try again and say why
    if not _EARLY_EXIT_REGISTERED:
        import atexit

        atexit.register(drop_early)
        _EARLY_EXIT_REGISTERED = True


def _take_early() -> _Running | None:
    try:
        running = _early.pop()  # atomic: a batch's threads adopt them at once
    except IndexError:
        return None
    if running.process.poll() is not None:
        SupervisedGrader._end(running)
        return None
    return running


def drop_early() -> None:
    """Stop the grading processes started early that no SupervisedGrader adopted."""
    while True:
        try:
            running = _early.pop()
        except IndexError:
            return
        SupervisedGrader._end(running)


def grade_submission(path, assignment_id: str, **options) -> ResultsView:
    """Grade one submission under the watchdog (the `autograder grade` and `check` doors)."""
    grade_options = {k: options.pop(k) for k in ("student", "seed", "submitted_at") if k in options}
    with SupervisedGrader(assignment_id, **options) as grader:
        return grader.grade(path, **grade_options)
