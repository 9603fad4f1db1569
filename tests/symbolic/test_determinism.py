"""The same a4 file gets the same grade on an idle machine and on one whose every core is busy: what the chain
checker decides is bounded by size and counts of work, never by a clock (timing fields aside, results.json is
the same to the byte).

Two files, graded through `autograder grade` as an instructor would: one whose steps are LaTeX and text (the
LaTeX grammar is the slowest reader), one of sympy expressions; both with leaps, false steps and detours, so
that every kind of job runs (reading, equality, move search, route location, the moves of a leap, a false
step's attempted move, the goal's form and the MSE fact)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEADER = (REPO / "solutions" / "a4_derivations.py").read_text(encoding="utf-8").split("\n\ndef ")[0]

LATEX = HEADER + textwrap.dedent(r"""


    def sigmoid_softmax_equivalence():
        return [
            r"\frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}}}",
            r"\frac{1}{1 + e^{- z_{1}} e^{z_{2}}}",
            r"\frac{1}{e^{- z_{1} + z_{2}} + 1}",
        ]


    def softmax_shift_invariance():
        return [
            r"\frac{e^{c + z_{1}}}{e^{c + z_{1}} + e^{c + z_{2}} + e^{c + z_{3}}}",
            r"\frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}} + e^{z_{3}}}",
        ]


    def cross_entropy_is_nll():
        return [
            r"-\ln \left( \prod_{n=1}^{N} \prod_{i=1}^{K} p_{n,i}^{y_{n,i}} \right)",
            "-Sum(log(Product(p[n, i]**y[n, i], (i, 1, K))), (n, 1, N))",
            "-Sum(Sum(log(p[n, i]**y[n, i]), (i, 1, K)), (n, 1, N))",
            "-2*Sum(Sum(y[n, i]*log(p[n, i]), (i, 1, K)), (n, 1, N))",
            "Sum(-Sum(y[n, i]*log(p[n, i]), (i, 1, K)), (n, 1, N))",
        ]


    def softmax_ce_gradient():
        den = exp(z1) + exp(z2) + exp(z3)
        s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
        start = diff(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
        return [
            start,
            r"\frac{y_{2} e^{z_{1}}}{e^{z_{1}} + e^{z_{2}} + e^{z_{3}}}"
            r" + \frac{y_{3} e^{z_{1}}}{e^{z_{1}} + e^{z_{2}} + e^{z_{3}}}"
            r" - y_{1} \left(1 - \frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}} + e^{z_{3}}}\right)",
            r"\frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}} + e^{z_{3}}} - y_{1}",
        ]


    def mse_softmax_gradient():
        den = exp(z1) + exp(z2)
        s1, s2 = exp(z1) / den, exp(z2) / den
        start = diff((y1 - s1) ** 2 + (y2 - s2) ** 2, z1)
        return [
            start,
            r"\frac{4 e^{z_{1}}}{e^{z_{1}} + e^{z_{2}}} \left(1 - \frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}}}\right)"
            r" \left(\frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}}} - y_{1}\right)",
        ]
""")

SYMPY = (REPO / "solutions" / "a4_derivations.py").read_text(encoding="utf-8") + textwrap.dedent("""


    _reference = {name: globals()[name] for name in (
        "sigmoid_softmax_equivalence", "softmax_shift_invariance", "cross_entropy_is_nll", "softmax_ce_gradient",
        "mse_softmax_gradient")}


    def sigmoid_softmax_equivalence():
        chain = _reference["sigmoid_softmax_equivalence"]()
        return [chain[0], exp(z2) / (exp(z1) + exp(z2)), chain[1], chain[2]]


    def softmax_shift_invariance():
        chain = _reference["softmax_shift_invariance"]()
        return [chain[0], chain[2], chain[0], chain[1], chain[2]]


    def cross_entropy_is_nll():
        chain = _reference["cross_entropy_is_nll"]()
        return [chain[0], chain[2], chain[3], 3 * chain[4], chain[4]]


    def softmax_ce_gradient():
        chain = _reference["softmax_ce_gradient"]()
        return chain[:2] + [2 * chain[2], chain[3]]


    def mse_softmax_gradient():
        chain = _reference["mse_softmax_gradient"]()
        return [chain[0], chain[2], chain[3], chain[4]]
""")


def _grade(path: Path, out: Path) -> dict:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(path),
            "--assignment",
            "a4_derivations",
            "--results",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    results.pop("execution_time", None)
    results["extra_data"]["kit"].pop("duration", None)
    for test in results["tests"]:
        test.get("extra_data", {}).pop("duration", None)
    return results


@pytest.fixture
def busy_cores():
    """Every core kept busy by a process of ours that only spins, ended (by its pid) after the test."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(2, os.cpu_count() or 2))
    ]
    yield
    for spinner in spinners:
        spinner.kill()
        spinner.wait()


@pytest.fixture
def files(tmp_path) -> dict:
    paths = {}
    for name, source in (("latex", LATEX), ("sympy", SYMPY)):
        paths[name] = tmp_path / f"{name}.py"
        paths[name].write_text(source, encoding="utf-8")
    return paths


def test_latex_and_sympy_files_grade_the_same_idle_and_busy(files, tmp_path, request):
    idle = {name: _grade(path, tmp_path / f"{name}-idle.json") for name, path in files.items()}
    for name, results in idle.items():
        scores = {p: v["score"] for p, v in results["extra_data"]["kit"]["problems"].items()}
        assert 0 < results["score"] < 100, (name, scores)  # partial credit: leaps, false steps and detours judged
    request.getfixturevalue("busy_cores")
    busy = {name: _grade(path, tmp_path / f"{name}-busy.json") for name, path in files.items()}
    for name in files:
        assert json.dumps(busy[name], sort_keys=True) == json.dumps(idle[name], sort_keys=True), name
