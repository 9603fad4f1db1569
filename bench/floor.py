"""The floor of grading on this machine: what grading a class would cost with nothing but the student's code.

A warm numpy parent (one per core, forked from this process after numpy is imported) forks one child per
submission; the child runs the submission's code in a fresh module and makes exactly the calls the hidden checks
make, with the same arguments, recorded from grading the reference solution through the real graders; then it
exits and its parent reaps it. No isolation, no limits, no pipes, no comparison, no result: whatever the kit
spends beyond this is its own cost (isolation and loading, round trips, checks, the parent). The sources are read
and their code cells taken out before the clock starts (the kit's parent reads and parses them in its time).

bench/batch.py runs it on the same files as the batch, in the same run, and prints the ratio batch / floor.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def recorded_calls(assignment: str) -> list:
    """(function, args, kwargs) of every call the hidden checks make into the reference solution, in order."""
    from autograder.grading.engine import Grader
    from autograder.sandbox import process

    calls: list = []
    original = process.StudentProcess.call

    def record(self, fn, args, kwargs, timeout, return_args=False):
        calls.append((fn, copy.deepcopy(list(args)), copy.deepcopy(dict(kwargs))))
        return original(self, fn, args, kwargs, timeout, return_args)

    process.StudentProcess.call = record
    try:
        grader = Grader(assignment)
        grader.start()
        try:
            grader.grade(ROOT / "solutions" / f"{assignment}.py")
        finally:
            grader.close()
    finally:
        process.StudentProcess.call = original
    return calls


def sources(files: list) -> list[str]:
    """Each file's code as the student process would run it: a .py whole, a notebook's code cells joined."""
    found = []
    for path in files:
        text = Path(path).read_text(encoding="utf-8")
        if str(path).endswith(".ipynb"):
            cells = json.loads(text).get("cells", [])
            text = "\n".join(
                "".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")
                for c in cells
                if c.get("cell_type") == "code"
            )
        found.append(text)
    return found


def _child(source: str, calls: list) -> None:
    import warnings

    devnull = os.open(os.devnull, os.O_WRONLY)  # what the submission prints goes nowhere, as in a batch
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    warnings.simplefilter("ignore")
    namespace: dict = {"__name__": "submission"}
    try:
        exec(compile(source, "<submission>", "exec"), namespace)  # noqa: S102 - the floor runs the student's code
    except BaseException:  # noqa: BLE001 - a crash at import: the calls then fail, as in the kit
        pass
    for fn, args, kwargs in calls:
        try:
            namespace[fn](*args, **kwargs)
        except BaseException:  # noqa: BLE001
            pass


def _serve(share: list, calls: list) -> None:
    """One core's warm parent: a child per submission, one after another."""
    for source in share:
        pid = os.fork()
        if pid == 0:
            try:
                _child(source, calls)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)


def measure(files: list, calls: list, cores: int) -> dict:
    """Grade `files` at the floor on `cores` warm parents; submissions per second, and the wall it took."""
    import numpy  # noqa: F401 - warm: every parent and child has numpy already

    texts = sources(files)
    shares = [texts[i::cores] for i in range(cores)]
    started = time.perf_counter()
    parents = []
    for share in shares:
        pid = os.fork()
        if pid == 0:
            try:
                _serve(share, calls)
            finally:
                os._exit(0)
        parents.append(pid)
    for pid in parents:
        os.waitpid(pid, 0)
    wall = time.perf_counter() - started
    return {"rate": len(texts) / wall, "wall": wall, "calls": len(calls)}


__all__ = ["measure", "recorded_calls", "sources"]
