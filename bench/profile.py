"""Benchmark: where the time of one submission goes, step by step, so the next optimisation starts from data.

Grades a realistic sample of a1–a3 submissions (bench/batch.py's mix) one after another through one supervised
grader per assignment, and prints, per submission, the mean milliseconds spent in: forking and isolating the
student process, loading the submission, the calls into it (how many, and the mean round trip), pytest's
per-check protocol with the comparisons (what the checks took beyond the calls), scoring, building results.json,
killing the student's processes, and the supervisor's own share (the pipe, the view). Asserts nothing.
Run: .venv/bin/python bench/profile.py [-m 150]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from batch import ASSIGNMENTS, generate  # noqa: E402  (the same class as the batch benchmark)
from cpu import CpuMeter  # noqa: E402


def profile(m: int) -> dict:
    from autograder.grading.supervisor import SupervisedGrader

    rows, cpu = [], 0.0
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), m * len(ASSIGNMENTS), seed=7)
        meter = CpuMeter().__enter__()  # before any grading process starts: they all count
        exact = meter.exact
        for assignment in ASSIGNMENTS:
            with SupervisedGrader(assignment) as grader:
                level = grader.sandbox_status.get("level")
                grader.grade(next((Path(tmp) / assignment).iterdir()))  # warm
                before = meter.seconds()
                for path in sorted((Path(tmp) / assignment).iterdir()):
                    started = time.perf_counter()
                    view = grader.grade(path)
                    wall = time.perf_counter() - started
                    t = view.timings
                    if not t:
                        continue
                    rows.append(
                        {
                            "wall": wall,
                            "fork": t["fork"],
                            "load": t["load"],
                            "calls": t["calls"],
                            "call_count": t["call_count"],
                            "kill": t["kill"],
                            "scoring": t["scoring"],
                            "results": t.get("results", 0.0),
                            "checks": t["checks"],
                            "protocol": t["checks"] - t["fork"] - t["load"] - t["calls"] - t["kill"],
                            "supervisor": wall - t["checks"] - t["scoring"] - t.get("results", 0.0),
                        }
                    )
                cpu += meter.seconds() - before
        meter.__exit__()
    return {"rows": rows, "level": level, "cpu": cpu, "exact": exact}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-m", type=int, default=150, help="submissions per assignment")
    args = parser.parse_args()
    data = profile(args.m)
    rows = data["rows"]

    def mean(key):
        return statistics.mean(r[key] for r in rows) * 1000

    calls = statistics.mean(r["call_count"] for r in rows)
    print(f"{len(rows)} submissions of {', '.join(ASSIGNMENTS)}, one at a time, isolation level {data['level']}")
    per = data["cpu"] / len(rows) * 1000
    print(
        f"  CPU per submission, every process counted{'' if data['exact'] else ' (students not counted)'}: "
        f"{per:.1f} ms, i.e. at most {2000 / per:.0f} submissions/s on 2 cores"
    )
    print(f"  per submission (mean, ms): {mean('wall'):.1f} in all")
    for key, label in (
        ("fork", "fork and isolate the student process"),
        ("load", "load the submission"),
        ("calls", f"calls into it ({calls:.1f} of them, {mean('calls') / max(calls, 1):.2f} ms each)"),
        ("protocol", "pytest's per-check protocol and the comparisons"),
        ("kill", "kill its processes"),
        ("scoring", "scoring"),
        ("results", "build results.json"),
        ("supervisor", "the supervisor: pipe and view"),
    ):
        print(f"    {mean(key):7.2f}  {label}")


if __name__ == "__main__":
    main()
