"""The grading engine: full marks for the references, zero for the stubs, replayable seeds, isolation that
holds against the classic attacks, feedback that names the misconception, and no process left behind."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest

from autograder.errors import KitError
from autograder.grading.engine import Grader
from autograder.grading.supervisor import grade_submission

from helpers import ASSIGNMENTS, ROOT, student_processes

SOLUTION_A1 = (ROOT / "solutions" / "a1_encoding.py").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def a1(fast_course):
    with Grader("a1_encoding", course=fast_course) as grader:
        yield grader


def submit(tmp_path, source: str, name: str = "student.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def scores(report) -> dict:
    return {p: s.score for p, s in report.problems.items()}


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_reference_solution_scores_full_marks(assignment_id):
    report = grade_submission(ROOT / "solutions" / f"{assignment_id}.py", assignment_id)
    assert report.score == report.max_score == 100
    assert all(c.passed for c in report.checks), [c.name for c in report.checks if not c.passed]
    several = 1 if assignment_id == "a4_derivations" else 3  # a derivation: one check of its progress (and a fact)
    assert len(report.checks) >= several * len(report.problems), "every problem has several checks"


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_stub_scores_zero_as_not_implemented(assignment_id):
    report = grade_submission(ROOT / "assignments" / assignment_id / f"{assignment_id}.py", assignment_id)
    assert report.score == 0
    for problem, result in report.problems.items():
        assert result.status == "not implemented", (problem, result.message)
        assert "not implemented" in result.message


def test_same_seed_gives_the_same_results_twice(tmp_path):
    wrong = ROOT / "samples" / "a2_losses" / "sum_instead_of_mean.py"

    def results(seed):
        data = grade_submission(wrong, "a2_losses", seed=seed, student="alice").to_results()
        data.pop("execution_time")
        data["extra_data"]["kit"].pop("duration")
        for test in data["tests"]:
            test["extra_data"].pop("duration")
        return json.dumps(data, sort_keys=True)

    first, second, other = results(7), results(7), results(8)
    assert first == second
    assert first != other, "another seed draws other inputs (the feedback quotes them)"


def test_student_identity_changes_the_inputs():
    wrong = ROOT / "samples" / "a2_losses" / "sum_instead_of_mean.py"
    with Grader("a2_losses") as grader:
        a = grader.grade(wrong, student="alice", seed=1).problems["mse_loss"].message
        b = grader.grade(wrong, student="bob", seed=1).problems["mse_loss"].message
    assert a != b


def test_allclose_patch_earns_nothing(a1, tmp_path):
    source = SOLUTION_A1 + textwrap.dedent("""
        import numpy
        numpy.allclose = lambda *a, **k: True
        numpy.testing.assert_allclose = lambda *a, **k: None

        def softmax(logits, axis=-1):
            numpy.allclose = lambda *a, **k: True
            return numpy.zeros_like(numpy.asarray(logits, dtype=float))
        """)
    report = a1.grade(submit(tmp_path, source))
    got = scores(report)
    assert got["softmax"] == 0
    assert {p: s for p, s in got.items() if p != "softmax"} == {
        "encoding_distances": 10,
        "one_hot": 15,
        "log_softmax": 15,
        "sigmoid": 15,
        "mlp_logits": 15,
    }


def test_object_whose_eq_is_always_true_earns_nothing(a1, tmp_path):
    source = SOLUTION_A1 + textwrap.dedent("""
        import numpy as np

        class Liar(np.ndarray):
            def __eq__(self, other): return True
            def __array__(self, *a, **k): return np.ones(3)
            def __float__(self): return 1.0

        class Anything:
            def __eq__(self, other): return True
            __hash__ = object.__hash__

        def softmax(logits, axis=-1):
            return Anything()

        def sigmoid(z):
            return np.zeros(np.shape(z)).view(Liar)
        """)
    report = a1.grade(submit(tmp_path, source))
    got = scores(report)
    assert got["softmax"] == 0 and got["sigmoid"] == 0
    assert got["one_hot"] == 15 and got["log_softmax"] == 15  # mlp_logits uses the lying sigmoid: it fails too
    assert "Anything" in report.problems["softmax"].message


def test_exit_inside_a_function_costs_only_that_function(a1, tmp_path):
    source = SOLUTION_A1 + textwrap.dedent("""
        import os
        def softmax(logits, axis=-1):
            os._exit(0)
        """)
    report = a1.grade(submit(tmp_path, source))
    got = scores(report)
    assert got["softmax"] == 0
    assert got["log_softmax"] == 15 and got["one_hot"] == 15 and got["mlp_logits"] == 15
    assert "ended the process" in report.problems["softmax"].message


def test_endless_loop_is_stopped_at_the_limit(a1, tmp_path):
    source = SOLUTION_A1 + textwrap.dedent("""
        def one_hot(labels, num_classes):
            while True:
                pass
        """)
    started = time.perf_counter()
    report = a1.grade(submit(tmp_path, source))
    elapsed = time.perf_counter() - started
    assert scores(report)["one_hot"] == 0 and scores(report)["softmax"] == 30
    assert elapsed < a1.assignment.limits.call_seconds + 6


def test_top_level_code_that_raises_loops_or_exits_is_graded(a1, tmp_path):
    raises = SOLUTION_A1.replace("def sigmoid(", "raise RuntimeError('boom')\n\ndef sigmoid(")
    report = a1.grade(submit(tmp_path, raises, "raises.py"))
    got = scores(report)
    assert got["softmax"] == 30 and got["sigmoid"] == 0 and got["mlp_logits"] == 0
    assert any("RuntimeError: boom" in note for note in report.notes)

    exits = "import sys\nsys.exit(3)\n" + SOLUTION_A1
    report = a1.grade(submit(tmp_path, exits, "exits.py"))
    assert report.score == 0 and any("exit" in note for note in report.notes)

    loops = "while True:\n    pass\n" + SOLUTION_A1
    report = a1.grade(submit(tmp_path, loops, "loops.py"))
    assert report.score == 0 and any("did not finish loading" in note for note in report.notes)


def test_missing_package_import_is_graded(a1, tmp_path):
    report = a1.grade(submit(tmp_path, "import not_a_real_package\n" + SOLUTION_A1))
    assert report.score == 0
    assert any("ModuleNotFoundError" in note for note in report.notes)


def test_forbidden_import_scores_zero_for_that_problem(a1, tmp_path):
    source = SOLUTION_A1 + textwrap.dedent("""
        import importlib
        def softmax(logits, axis=-1):
            special = importlib.import_module("sci" + "py.special")
            return special.softmax(logits, axis=axis)
        """)
    report = a1.grade(submit(tmp_path, source))
    assert report.problems["softmax"].status == "forbidden" and report.problems["softmax"].score == 0
    assert "scipy" in report.problems["softmax"].message
    assert report.problems["one_hot"].score == 15


def test_feedback_names_the_misconception():
    cases = {
        ("a1_encoding", "unstable_softmax", "softmax"): "no-max-subtraction",
        ("a1_encoding", "unstable_softmax", "log_softmax"): "unstable-log-sum-exp",
        ("a2_losses", "no_clipping", "cross_entropy"): "log-of-zero",
        ("a2_losses", "sum_instead_of_mean", "mse_loss"): "sum-vs-mean",
        ("a3_gradients", "forgot_jacobian", "mse_grad_logits"): "missing-jacobian",
        ("a3_gradients", "not_divided_by_n", "ce_grad_logits"): "not-divided-by-n",
    }
    for (aid, sample, problem), misconception in cases.items():
        report = grade_submission(ROOT / "samples" / aid / f"{sample}.py", aid)
        found = {c.misconception for c in report.checks if c.problem == problem}
        assert misconception in found, (aid, sample, problem, found)
        tags = [t for test in report.to_results()["tests"] for t in test["tags"]]
        assert f"misconception:{misconception}" in tags


def test_wrong_axis_is_diagnosed(a1):
    report = a1.grade(ROOT / "samples" / "a1_encoding" / "wrong_axis.py")
    assert "wrong-axis" in {c.misconception for c in report.checks if c.problem == "softmax"}


def test_feedback_in_traditional_chinese():
    report = grade_submission(ROOT / "samples" / "a2_losses" / "no_clipping.py", "a2_losses", lang="zh-TW")
    message = report.problems["cross_entropy"].message
    assert "沒有裁切" in message and "np.clip" in message
    assert "分" in report.to_results()["output"]


def test_notebook_submission(a1, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# My work"),
        nbformat.v4.new_code_cell("%matplotlib inline\n!pip install nothing\n" + SOLUTION_A1),
        nbformat.v4.new_code_cell("raise NotImplementedError('a practice plot')", metadata={"tags": ["skip-grading"]}),
        nbformat.v4.new_code_cell("def broken(:\n    pass"),
        nbformat.v4.new_code_cell("def later():\n    return 1"),
    ]
    path = tmp_path / "work.ipynb"
    nbformat.write(nb, path)
    report = a1.grade(path)
    assert report.score == 100
    assert any("IPython line dropped" in note for note in report.notes)
    assert any("That cell could not be loaded; the other cells were" in note for note in report.notes)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ('{"cells": 3}', "not a valid Jupyter notebook"),
    ],
)
def test_broken_notebook_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.ipynb"
    path.write_text(content)
    with pytest.raises(KitError, match=message):
        grade_submission(path, "a1_encoding")


def run_cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], capture_output=True, text=True, timeout=120, cwd=ROOT, **kwargs
    )


def test_cli_grade_writes_gradescope_results(tmp_path):
    results = tmp_path / "out" / "results.json"
    proc = run_cli("grade", "samples/a2_losses/no_clipping.py", "--assignment", "a2_losses", "--results", str(results))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(results.read_text())
    assert data["score"] == pytest.approx(90.66)  # samples/expected.yml: cross_entropy 14, BCE 11.66
    assert {"score", "execution_time", "output", "tests"} <= set(data)
    for test in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility", "tags"} <= set(test)
        assert test["status"] in ("passed", "failed")
        assert test["tags"][0] in data["extra_data"]["kit"]["problems"]
    assert "cross_entropy" in proc.stdout and "90.66" in proc.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["grade", "missing.py", "-a", "a1_encoding"], "submission not found"),
        (["grade", "samples/a1_encoding/correct.py", "-a", "a9_nothing"], "unknown assignment"),
        (["grade", "course.yml", "-a", "a1_encoding"], "must be a .py file"),
        (["grade", "samples/a1_encoding/correct.py"], "--assignment"),
        (["check", "a7_unknown"], "unknown assignment"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(args, fragment):
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert fragment in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_cli_grades_hostile_submission_without_traceback(tmp_path):
    path = submit(tmp_path, "import os, signal\nos.killpg(0, signal.SIGKILL)\n" + SOLUTION_A1)
    proc = run_cli("grade", str(path), "-a", "a1_encoding")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_no_student_process_left_behind(a1, tmp_path):
    source = SOLUTION_A1 + textwrap.dedent("""
        import os, threading, time
        if os.fork() == 0:
            os.setsid()
            while True:
                time.sleep(1)
        threading.Thread(target=lambda: time.sleep(1000), daemon=False).start()
        """)
    a1.grade(submit(tmp_path, source))
    deadline = time.time() + 5
    while student_processes() and time.time() < deadline:
        time.sleep(0.1)
    assert student_processes() == []


def test_derivation_steps_as_strings_and_latex(tmp_path):
    """Students may write steps as text or LaTeX; the text crosses as a string and is parsed safely here."""
    source = (ROOT / "solutions" / "a4_derivations.py").read_text(encoding="utf-8") + textwrap.dedent(r"""
        def sigmoid_softmax_equivalence():
            return [
                r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}",
                "1/((exp(z1) + exp(z2))/exp(z1))",
                "1/(1 + exp(z2)/exp(z1))",
                r"\frac{1}{1+e^{z_2-z_1}}",
                "1/(1+exp(-(z1-z2)))",
            ]

        def softmax_shift_invariance():
            return ["__import__('os').system('touch /tmp/kit-canary')", "exp(z1)/(exp(z1)+exp(z2)+exp(z3))"]
        """)
    canary = __import__("pathlib").Path("/tmp/kit-canary")
    canary.unlink(missing_ok=True)
    report = grade_submission(submit(tmp_path, source, "strings.py"), "a4_derivations")
    assert report.problems["sigmoid_softmax_equivalence"].score == 20
    refused = report.problems["softmax_shift_invariance"]
    assert refused.score == 0, "the hostile start earns nothing, nor does the goal reached past it (no move shown)"
    assert "not allowed" in refused.message
    assert not canary.exists()
    assert report.problems["cross_entropy_is_nll"].score == 25


def _comparable(results: dict) -> dict:
    """results.json without the times, which differ from run to run."""
    results = json.loads(json.dumps(results))
    results.pop("execution_time", None)
    results["extra_data"]["kit"].pop("duration", None)
    for test in results["tests"]:
        test.get("extra_data", {}).pop("duration", None)
    return results


@pytest.mark.parametrize("assignment_id", ["a1_encoding", "a2_losses", "a3_gradients"])
def test_hidden_checks_run_directly_and_grade_as_through_pytest(assignment_id):
    """Hidden checks skip pytest's per-test protocol (a few ms a submission): every one of them must qualify,
    and the grade must be exactly what the protocol gives, for correct, wrong and crashing files alike."""
    import dataclasses

    files = sorted((ROOT / "samples" / assignment_id).glob("*.py"))
    files += sorted((ROOT / "tests" / "corpus" / assignment_id).glob("*.py"))[:12]
    graded = {}
    for direct in (True, False):
        with Grader(assignment_id) as grader:
            grader.start()
            plugin = grader._plugin
            if direct:
                assert all(info.direct for info in plugin.info.values()), "a hidden check goes through pytest"
            else:
                plugin.info = {k: dataclasses.replace(v, direct=False) for k, v in plugin.info.items()}
            graded[direct] = [_comparable(grader.grade(f, student="s1").to_results()) for f in files]
    for path, direct, protocol in zip(files, graded[True], graded[False]):
        assert direct == protocol, f"{path.name}: called directly, the grade differs from pytest's protocol"
