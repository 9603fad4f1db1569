"""Benchmark: one cold `autograder grade` of a correct a1 submission, and the proxy's per-call overhead.

Prints figures; asserts nothing (speed targets live here, not in unit tests). Run: .venv/bin/python bench/grade.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cold_grade(runs: int = 7) -> list[float]:
    # Byte-compiled first, as `pip install` leaves a package: with PYTHONDONTWRITEBYTECODE set (some CI and
    # container images set it) every run would otherwise compile the kit's modules again.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "autograder")], check=True, capture_output=True
    )
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "autograder", "grade", "samples/a1_encoding/correct.py", "-a", "a1_encoding"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    return times


def proxy_overhead(calls: int = 2000) -> tuple[float, float]:
    """Round trip of a call that does nothing, and of softmax on a (32, 10) batch."""
    import numpy as np

    from autograder.course import load_course
    from autograder.grading.proxy import StudentProxy, StudentSession
    from autograder.sandbox.process import Zygote
    from autograder.submission import load_submission

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.py"
        path.write_text((ROOT / "samples/a1_encoding/correct.py").read_text() + "\ndef nothing():\n    return None\n")
        zygote = Zygote().start()
        session = StudentSession(zygote, load_submission(path), load_course().assignment("a1_encoding"))
        student = StudentProxy(session, "softmax")
        student.nothing()
        started = time.perf_counter()
        for _ in range(calls):
            student.nothing()
        empty = (time.perf_counter() - started) / calls
        z = np.random.default_rng(0).normal(size=(32, 10))
        started = time.perf_counter()
        for _ in range(calls):
            student.softmax(z)
        softmax = (time.perf_counter() - started) / calls
        session.close()
        zygote.cleanup()
    return empty, softmax


def main() -> None:
    times = cold_grade()
    print(
        f"cold `autograder grade` of a correct a1 submission: median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s, worst {max(times):.3f} s over {len(times)} runs (target ≤ 0.5 s)"
    )
    empty, softmax = proxy_overhead()
    print(
        f"proxy round trip per call: {empty * 1e6:.0f} µs for a call doing nothing, "
        f"{softmax * 1e6:.0f} µs for softmax of a (32, 10) array"
    )


if __name__ == "__main__":
    main()
