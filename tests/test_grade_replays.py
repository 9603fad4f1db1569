"""A grade is a function of the work: the same submission, seed, identity and kit give the same results.json on an
idle machine and on one whose cores are all busy, timing fields aside.

No wall-clock limit decides a verdict a correct answer needs: a1-a3 bound their work by the inputs' size, and the
derivation checker (a4) by deterministic budgets, with time limits only as a backstop far above what accepted
work costs. Graded here: the bundled samples, the labelled corpus of wrong submissions and the a4 files (Python
and LaTeX chains), each as a class batch, once idle and once with every core kept busy by spinning processes.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import ROOT, grade_class

TIMING = ("execution_time", "duration")  # the only fields that may differ between two gradings of one file


def _sources(assignment: str) -> dict:
    """{student: source} of every sample and corpus entry of `assignment` (a corpus entry on top of the reference)."""
    sys.path.insert(0, str(ROOT / "tests" / "corpus"))
    import evaluate

    sources = {
        f"sample-{p.stem}": p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / assignment).glob("*.py"))
    }
    sources.pop("sample-infinite_loop", None)  # it waits out its time limit twice: tests/test_watchdog.py covers it
    for entry in evaluate.load_entries():
        if entry.assignment == assignment:
            sources[f"corpus-{entry.name}"] = evaluate.submission(entry)
    for path in sorted((ROOT / "tests" / "data" / "a4").glob("*.py")) if assignment == "a4_derivations" else []:
        sources[f"a4-{path.stem}"] = path.read_text(encoding="utf-8")
    return sources


def _without_timing(value):
    if isinstance(value, dict):
        return {k: _without_timing(v) for k, v in value.items() if k not in TIMING}
    if isinstance(value, list):
        return [_without_timing(v) for v in value]
    return value


class _BusyCores:
    """One spinning process per core (and one more) while a block runs: a machine saturated by others' work."""

    def __enter__(self):
        count = (os.cpu_count() or 2) + 1
        self.spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
        return self

    def __exit__(self, *exc) -> None:
        for spinner in self.spinners:
            spinner.kill()
            spinner.wait()


@pytest.mark.parametrize("assignment", ["a1_encoding", "a2_losses", "a3_gradients", "a4_derivations"])
def test_the_same_work_gets_the_same_results_idle_and_on_busy_cores(tmp_path, assignment):
    sources = _sources(assignment)
    assert len(sources) >= 3
    idle = grade_class(sources, assignment, tmp_path / "idle")
    with _BusyCores():
        busy = grade_class(sources, assignment, tmp_path / "busy")
    differ = [s for s in sources if _without_timing(idle[s]) != _without_timing(busy[s])]
    assert not differ, {s: (idle[s]["score"], busy[s]["score"]) for s in differ}
