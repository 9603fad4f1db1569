"""`autograder batch SUBMISSIONS --assignment ID --out OUT`: the command-line door to `run_batch`.

Exit 0 when the batch ran (whatever the scores, even if some students' folders were unusable: they are
listed); a missing folder, an unknown assignment, an unreachable scheduler or a cluster without a worker that can grade
is a KitError (one line, exit 2).

Ctrl-C (or SIGTERM) ends the batch at the first press, whatever it is doing: what finished is kept, grades.csv is
rebuilt, and if letting go of the cluster or the grading processes takes longer than STOP_SECONDS (a scheduler
that does not answer, a thread of Dask's that does not end), the process ends anyway.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

from .runner import run_batch

STOP_SECONDS = 15.0


def run(args) -> int:
    if not getattr(args, "dask", None):  # one grading process per worker, starting while course.yml is read
        from ..grading.supervisor import start_early
        from .runner import default_jobs

        start_early(args.jobs if args.jobs and args.jobs > 0 else default_jobs())
    from ..course import load_course

    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    restore = _stop_at_first_press()
    try:
        summary = run_batch(
            args.submissions,
            args.assignment,
            args.out,
            jobs=args.jobs or 0,
            force=args.force,
            seed=args.seed,
            lang=args.lang,
            dask=getattr(args, "dask", None),
            course=course,
            submitted_at_from=getattr(args, "submitted_at_from", None),
            min_isolation=getattr(args, "min_isolation", None),
            dask_wait=getattr(args, "dask_wait", None),
            dask_insecure=bool(getattr(args, "dask_insecure", False)),
            roster=getattr(args, "roster", None),
        )
    finally:
        restore()
    from .. import catalogue

    lang = catalogue.resolve_language(args.lang or course.language) or catalogue.SOURCE_LANGUAGE
    for line in summary.lines(lang=lang):
        print(line)
    return 0


def _stop_at_first_press():
    """Ctrl-C and SIGTERM raise as before, and start the clock of `_end_within` at once (the batch's own clean-up may
    be what waits). Returns what puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    from ..errors import Terminated

    def interrupted(signum, frame):
        _end_within(STOP_SECONDS, 128 + signum)
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    previous = {sig: signal.signal(sig, interrupted) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore():
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


def _end_within(seconds: float, code: int) -> None:
    """After Ctrl-C: the caller says so and returns; if the process is still there `seconds` later (a thread that
    does not end, an exit handler waiting for a scheduler), it ends here, its output flushed."""

    def end():
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()
