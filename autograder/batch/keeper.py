"""Keep a Dask worker running: `python -m autograder.batch.keeper ARGS` runs `dask worker ARGS`, and again whenever
it ends, until it is told to stop (SIGTERM, SIGINT).

Why: a Dask worker ends itself when its scheduler goes away (`worker-handle-scheduler-connection-broken`), so a
scheduler that restarts would find no worker and the batch would wait for nothing. Kept by this, each worker comes
back by itself, connects to the scheduler as soon as it answers, and is checked again by the batch (batch/cluster.py).
The recipes of docs/cluster.md start their workers through it (a container's entry point, a SLURM job, a line on a
machine); systemd's `Restart=always` or Kubernetes' restart policy keep the keeper itself.

A worker that ends at once again and again is started less and less often (BACKOFF, doubling up to BACKOFF_MAX), so
a broken installation does not spin; one that ran for STEADY_SECONDS starts the count again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from ..catalogue import say
from ..sandbox import linux

BACKOFF = 1.0
BACKOFF_MAX = 30.0
STEADY_SECONDS = 60.0


def _die_with_keeper() -> None:
    """In the worker, before it runs: it gets SIGTERM if the keeper dies (killed, or its container stopped), so no
    worker outlives its keeper. (The keeper runs no thread, so this runs safely between fork and exec.)"""
    linux.die_with_parent(signal.SIGTERM, None)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = [sys.executable, "-m", "distributed.cli.dask_worker", *args]
    stopping = False
    child: subprocess.Popen | None = None

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            try:
                child.send_signal(signum)  # the worker closes as it would have, then this ends
            except OSError:
                pass

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    pause = BACKOFF
    code = 0
    while not stopping:
        started = time.monotonic()
        child = subprocess.Popen(command, preexec_fn=_die_with_keeper)
        if stopping:  # told to stop while it was starting
            child.send_signal(signal.SIGTERM)
        while True:
            try:
                code = child.wait()
                break
            except InterruptedError:
                continue
        if stopping:
            break
        if time.monotonic() - started >= STEADY_SECONDS:
            pause = BACKOFF
        print(say("cluster:keeper_restart", code=code, seconds=f"{pause:.0f}"), file=sys.stderr)
        sys.stderr.flush()
        deadline = time.monotonic() + pause
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.1)
        pause = min(pause * 2, BACKOFF_MAX)
    return 0 if code in (0, -signal.SIGTERM, -signal.SIGINT) else code


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
