"""The grading process: one warm `Grader` that grades what its supervisor sends and reports each check as it ends.

It runs in a process of its own, in a process group of its own (with its student-process template and its
sympy workers), so that its supervisor can end all of it at once when a submission overruns, and so that
nothing of it outlives the supervisor (it asks for SIGKILL when its parent dies and leaves when the pipe
closes). Everything it sends is data the kit itself produced: the plan of checks, one event per finished
check, and the results.json of each submission.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WorkerConfig:
    """What a grading process needs to build its Grader (picklable: it crosses to the new process)."""

    assignment_id: str
    course: object  # autograder.course.Course
    lang: str | None = None
    visible: bool = False
    hide: tuple = ()
    tests: str | None = None
    parent: int = 0  # the supervisor's pid: the grading process dies with it
    cpu: int | None = None  # pin to this CPU (a batch runs one grading process per core)
    # The supervisor's catalogue, already read: a grading process starts without parsing every sentence again.
    catalogue: dict | None = None


def _check_event(index: int, outcome, session, lang: str) -> dict:
    """A finished check as plain data: enough to score it if the rest of the submission never finishes."""
    return {
        "index": index,
        "passed": outcome.passed,
        "fraction": outcome.fraction,
        "status": outcome.status,
        "misconception": outcome.misconception,
        "output": outcome.message(lang),
        "duration": outcome.duration,
        "forbidden": {p: sorted(m) for p, m in session.forbidden_problems.items()},
    }


def _isolate_from_terminal(config: WorkerConfig, template: int | None = None) -> None:
    # Started in a session of its own (so its group holds its template and sympy workers, killed in one call).
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from ..sandbox import linux

    if not linux.die_with_parent(signal.SIGKILL, config.parent):
        os._exit(0)
    threading.Thread(target=_watch_parent, args=(config.parent,), name="watch-supervisor", daemon=True).start()
    if config.cpu is not None:
        for pid in (0, template) if template else (0,):  # the template's students inherit its CPU
            try:
                os.sched_setaffinity(pid, {config.cpu})
            except (AttributeError, OSError):
                pass


def main() -> None:
    """Entry point: `python -I -c ... FD`, the supervisor's end of a socket on FD; the config comes first."""
    from multiprocessing.connection import Connection

    conn = Connection(int(sys.argv[1]))
    log = None
    if len(sys.argv) > 2:  # the supervisor's shared check log (check_log.py)
        from .check_log import CheckLog

        os.set_inheritable(int(sys.argv[2]), False)  # for the grading process alone: no child inherits it
        log = CheckLog(int(sys.argv[2]))
    from ..sandbox.process import prestart_template

    template = prestart_template()  # its interpreter starts beside ours (see prestart_template)
    # The engine's imports (pytest, numpy) do not depend on the configuration: done while it is on its way, or,
    # for a process started early (`supervisor.start_early`), while the supervisor is still reading the course.
    from . import engine  # noqa: F401

    try:
        config = conn.recv()
    except (EOFError, OSError):
        return
    serve(conn, config, template, log)
    # Everything is sent, the template and its students are ended: skip the interpreter's teardown of numpy,
    # pytest and the graders (tens of milliseconds the supervisor would wait for at every close).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _watch_parent(parent: int) -> None:
    """Belt and braces for the parent-death signal: a grading process whose supervisor is gone ends itself (with
    its group: the template and the sympy workers), never lingering as an orphan."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            try:
                os.killpg(0, signal.SIGKILL)
            finally:
                os._exit(1)


def serve(conn, config: WorkerConfig, template: int | None = None, log=None) -> None:
    """The grading process's main loop (`template`: the pid of a template started before the configuration; `log`:
    the supervisor's shared check log, where each finished check goes instead of a message)."""
    _isolate_from_terminal(config, template)
    if config.catalogue:
        from ..catalogue import CATALOGUE

        CATALOGUE.adopt(config.catalogue)
    from ..errors import KitError
    from .engine import Grader

    try:
        grader = Grader(
            config.assignment_id,
            course=config.course,
            lang=config.lang,
            visible=config.visible,
            hide=config.hide,
            tests=Path(config.tests) if config.tests else None,
        )
        grader.start()
        ready = {
            "plan": grader.plan(),
            "graders_sha256": grader.graders_sha256,
            "lang": grader.lang,
            "visibility": grader.visibility,
            "sandbox": grader.zygote().report(),
        }
    except KitError as exc:
        conn.send(("fatal", str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the supervisor as one line
        conn.send(("fatal", f"cannot start grading: {type(exc).__name__}: {exc}"))
        return

    def on_check(index, outcome, session) -> None:
        event = _check_event(index, outcome, session, grader.lang)
        if log is None or not log.append(event):
            conn.send(("check", event))

    grader.on_check = on_check
    if log is not None:  # the time the machine takes from students, for the supervisor's watchdog (check_log.py)
        from ..sandbox import process

        process.report_stolen = log.add_stolen
    conn.send(("ready", ready))
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message[0] == "stop":
                return
            _, task = message
            started = time.perf_counter()
            conn.send(("started", {}))
            try:
                report = grader.grade(
                    task["submission"],
                    student=task["student"],
                    seed=task["seed"],
                    submitted_at=task.get("submitted_at"),
                )
            except KitError as exc:
                conn.send(("error", str(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - an engine failure: this process may be broken, so it ends
                conn.send(("error", f"internal error while grading: {type(exc).__name__}: {exc}"))
                return
            from .results import results_of

            results = results_of(report)  # the model: it crosses as is, and nothing reads the document back
            report.timings["results"] = (
                time.perf_counter() - started - report.timings.get("checks", 0.0) - report.timings.get("scoring", 0.0)
            )
            conn.send(
                (
                    "done",
                    {
                        "results": results,
                        "output": report.student_output,
                        "seconds": time.perf_counter() - started,
                        "timings": report.timings,
                    },
                )
            )
    finally:
        grader.close()
        sys.stdout.flush()
