"""Benchmark: what each isolation level costs per submission, on this machine.

For every level the machine can set up (the process runs as root and caps the level with
AUTOGRADER_MAX_ISOLATION, so all four are measured in one run), it times the life of one student process from
a warm template: fork and isolate, load a small submission, answer one call, and be killed with everything it
started. Prints the median and the 90th percentile per level; asserts nothing.
Run: .venv/bin/python bench/isolation.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

LEVELS = ("root", "userns", "landlock", "none")

MEASURE = r"""
import json, statistics, sys, time
from autograder.course import load_course
from autograder.sandbox.process import StudentProcess, Zygote

runs = int(sys.argv[1])
limits = load_course().assignment("a1_encoding").limits
zygote = Zygote().start()
level = zygote.report()["level"]
source = [{"index": 0, "source": "import numpy as np\ndef f(x):\n    return np.asarray(x) + 1\n"}]
for _ in range(3):  # warm the caches
    p = StudentProcess(zygote, source, "py", limits, ()); p.start(10); p.call("f", [1], {}, 5); p.kill()
times = []
for _ in range(runs):
    started = time.perf_counter()
    p = StudentProcess(zygote, source, "py", limits, ())
    assert p.start(10).get("ready")
    assert p.call("f", [1], {}, 5).ok
    p.kill()
    times.append((time.perf_counter() - started) * 1000)
zygote.cleanup()
times.sort()
print(json.dumps({"level": level, "median": statistics.median(times), "p90": times[int(0.9 * len(times)) - 1]}))
"""


def measure(level: str, runs: int) -> dict:
    import json

    env = {**os.environ, "AUTOGRADER_MAX_ISOLATION": level}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(runs)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("run as root to measure every level (an unprivileged user reaches userns or landlock only)")
    print(f"per submission: fork + isolate + load + one call + kill, {args.runs} runs per level (ms)")
    for level in LEVELS:
        result = measure(level, args.runs)
        note = "" if result["level"] == level else f" (reached {result['level']})"
        print(f"  {level:9s} median {result['median']:6.2f}   p90 {result['p90']:6.2f}{note}")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.1f} s)")
