"""The nbgrader round trip with the real nbgrader, and the same notebooks on all three doors.

One course per module: `autograder nbgrader-course`, `nbgrader generate_assignment`, students' notebooks
made from the released notebook (the reference, typical mistakes, a stub, tampers, a syntax error)
copied into submitted/, `nbgrader autograde`, `nbgrader generate_feedback`. Then nbgrader's gradebook,
a Gradescope run of the bundle and `autograder grade` must give every notebook the same points, the
tampers no more than their honest part, and the feedback pages no line of the hidden checks.
"""
from __future__ import annotations

import ast
import html
import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from autograder.course import load_course
from autograder.grading.engine import Grader, hidden_graders
from autograder.grading.supervisor import grade_submission
from autograder.integrations.gradescope import build_bundle
from autograder.integrations.nbgrader_course import PLACEHOLDER

KIT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ASSIGNMENTS = ("a1_encoding", "a2_losses")

ALLCLOSE_TAMPER = """\
import numpy as np
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
"""

KIT_TAMPER = """\
# Make every check pass: patch the kit's comparisons and nbgrader's grade reader in this kernel.
try:
    import autograder.grading.compare as compare
    compare.expect_array = lambda got, expected, **k: expected
    compare.expect_numeric = lambda got, *a, **k: got
    compare.claim = lambda *a, **k: None
except Exception:
    pass
try:
    import nbgrader.utils
    nbgrader.utils.determine_grade = lambda cell, log=None: (cell.metadata["nbgrader"]["points"],) * 2
except Exception:
    pass
"""


# ---- making students' notebooks ---------------------------------------------------------------
def solution_functions(assignment_id: str) -> dict:
    """function name -> its reference source, solution marks removed (what a student who got it right writes)."""
    source = (KIT / "solutions" / f"{assignment_id}.py").read_text(encoding="utf-8")
    lines = source.splitlines()
    functions = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            end = node.end_lineno
            while end < len(lines) and lines[end].strip().startswith("###"):
                end += 1
            body = [line for line in lines[node.lineno - 1:end] if "SOLUTION" not in line]
            functions[node.name] = "\n".join(body)
    return functions


def mutate(code: str, old: str, new: str) -> str:
    assert code.count(old) == 1, f"the mistake no longer fits the reference: {old!r}"
    return code.replace(old, new)


def fill(release_nb, assignment_id: str, done=None, changes=None, extra_cell=None):
    """The released notebook with the functions in `done` (default all) written, `changes` applied to them."""
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    functions = solution_functions(assignment_id)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        name = meta.get("grade_id")
        if meta.get("solution") and name in functions and (done is None or name in done):
            code = functions[name]
            for old, new in (changes or {}).get(name, []):
                code = mutate(code, old, new)
            cell.source = code
    if extra_cell:
        at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code") + 1
        nb.cells.insert(at, nbformat.v4.new_code_cell(extra_cell))
    return nb


def edit_test_cells(nb):
    """A student who rewrites one locked test cell (more points, their own code) and deletes another."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "test_softmax":
            cell.source = "print('all checks passed')"
            meta["points"] = 1000.0
            cell.metadata["tags"] = []
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_one_hot"]
    return nb


PARTIAL_A1 = {"encoding_distances", "one_hot", "sigmoid"}


def student_notebooks(release: Path) -> dict:
    """student -> (assignment, notebook, honest twin or None): at least 10 notebooks, mistakes and tampers."""
    a1 = nbformat.read(release / "a1_encoding" / "a1_encoding.ipynb", as_version=4)
    a2 = nbformat.read(release / "a2_losses" / "a2_losses.ipynb", as_version=4)
    no_max = {"softmax": [("shifted = z - np.max(z, axis=axis, keepdims=True)", "shifted = z")]}
    wrong_axis = {"softmax": [("e / np.sum(e, axis=axis, keepdims=True)", "e / np.sum(e, axis=0, keepdims=True)")]}
    syntax = {"softmax": [("def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:",
                           "def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray")]}
    sum_not_mean = {"cross_entropy": [("np.mean(-np.sum(t * np.log(p), axis=-1))", "np.sum(-np.sum(t * np.log(p), axis=-1))")]}
    no_clip = {"cross_entropy": [("np.clip(np.asarray(probs, dtype=float), eps, 1.0)", "np.asarray(probs, dtype=float)")],
               "binary_cross_entropy": [("np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)",
                                         "np.asarray(probs, dtype=float)")]}
    mse_axis = {"mse_loss": [("np.sum((t - p) ** 2, axis=-1)", "np.sum((t - p) ** 2, axis=0)")]}
    honest_a1 = fill(a1, "a1_encoding", done=PARTIAL_A1)
    return {
        "s01@example.edu": ("a1_encoding", fill(a1, "a1_encoding"), None),
        "s02@example.edu": ("a1_encoding", fill(a1, "a1_encoding", changes=no_max), None),
        "s03@example.edu": ("a1_encoding", fill(a1, "a1_encoding", changes=wrong_axis), None),
        "s04@example.edu": ("a1_encoding", fill(a1, "a1_encoding", done=set()), None),
        "s05@example.edu": ("a1_encoding", fill(a1, "a1_encoding", done=PARTIAL_A1, extra_cell=ALLCLOSE_TAMPER), honest_a1),
        "s06@example.edu": ("a1_encoding", fill(a1, "a1_encoding", done=PARTIAL_A1, extra_cell=KIT_TAMPER), honest_a1),
        "s07@example.edu": ("a1_encoding", fill(a1, "a1_encoding", changes=syntax), None),
        "s08@example.edu": ("a1_encoding", edit_test_cells(fill(a1, "a1_encoding", done=PARTIAL_A1)), honest_a1),
        "t01@example.edu": ("a2_losses", fill(a2, "a2_losses"), None),
        "t02@example.edu": ("a2_losses", fill(a2, "a2_losses", changes=sum_not_mean), None),
        "t03@example.edu": ("a2_losses", fill(a2, "a2_losses", changes=no_clip), None),
        "t04@example.edu": ("a2_losses", fill(a2, "a2_losses", changes=mse_axis), None),
    }


# ---- the course, once per module ----------------------------------------------------------------
def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run([str(VENV_BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    return proc


def run_gradescope(source: Path, work: Path, student: str, notebook: Path) -> dict:
    """One Gradescope run: a root like /autograder, the unpacked bundle as its source, run_autograder ROOT."""
    root = work / student
    (root / "submission").mkdir(parents=True)
    (root / "results").mkdir()
    (root / "source").symlink_to(source)
    shutil.copy(source / "run_autograder", root / "run_autograder")
    shutil.copy(notebook, root / "submission" / notebook.name)
    (root / "submission_metadata.json").write_text(json.dumps({
        "id": 1, "created_at": "2026-12-08T12:00:00.000000+08:00", "assignment": {"title": notebook.stem},
        "users": [{"email": student, "id": 1000, "name": "A Student"}], "previous_submissions": []}))
    env = {**os.environ, "AUTOGRADER_PYTHON": sys.executable}
    env.pop("AUTOGRADER_ROOT", None)
    proc = subprocess.run([str(root / "run_autograder"), str(root)], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"kit at {source.resolve() / 'autograder'}" in proc.stdout, proc.stdout  # the bundle's copy graded it
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def read_gradebook(course_dir: Path, notebooks: dict) -> dict:
    from nbgrader.api import Gradebook

    gradebook = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for student, (assignment_id, _nb, _twin) in notebooks.items():
            submission = gb.find_submission(assignment_id, student)
            grades = {g.name: g for nb_ in submission.notebooks for g in nb_.grades}
            gradebook[student] = {
                "score": submission.score,
                "problems": {name.removeprefix("test_"): g.score for name, g in grades.items()},
                "manual": [name for name, g in grades.items() if g.needs_manual_grade],
            }
    return gradebook


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Everything graded once: the nbgrader course, the Gradescope runs and `autograder grade`, side by side."""
    base = tmp_path_factory.mktemp("nbgrader")
    course_dir = base / "course"
    proc = subprocess.run([sys.executable, "-m", "autograder", "nbgrader-course", "--out", str(course_dir)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    both = "a[12]_*"  # nbgrader takes a glob of assignment names: one start-up for both assignments
    nbgrader(course_dir, "generate_assignment", both, "--force")
    notebooks = student_notebooks(course_dir / "release")
    files = {}
    for student, (assignment_id, nb, twin) in notebooks.items():
        path = course_dir / "submitted" / student / assignment_id / f"{assignment_id}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(nb, str(path))
        files[student] = path
        if twin is not None:
            nbformat.write(twin, str(base / f"{student}-honest.ipynb"))
    bundles = {}
    for assignment_id in ASSIGNMENTS:
        zip_path = build_bundle(assignment_id, base / f"{assignment_id}.zip")
        bundles[assignment_id] = base / f"bundle-{assignment_id}"
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(bundles[assignment_id])
        for name in ("run_autograder", "setup.sh"):
            (bundles[assignment_id] / name).chmod(0o755)  # ZipFile.extractall drops the mode; Gradescope keeps it

    def nbgrader_side():
        nbgrader(course_dir, "autograde", both)
        nbgrader(course_dir, "generate_feedback", both)
        return read_gradebook(course_dir, notebooks)

    # nbgrader and Gradescope run as processes of their own while this one grades the `autograder grade` way.
    with ThreadPoolExecutor(max_workers=3) as pool:
        book = pool.submit(nbgrader_side)
        runs = {student: pool.submit(run_gradescope, bundles[a], base / "gradescope", student, files[student])
                for student, (a, _nb, _t) in notebooks.items()}
        kit = {student: grade_submission(files[student], a, student=student) for student, (a, _nb, _t) in notebooks.items()}
        with Grader("a1_encoding") as grader:  # the honest twins of the tampers (all a1)
            honest = {student: grader.grade(base / f"{student}-honest.ipynb", student=student)
                      for student, (a, _nb, twin) in notebooks.items() if twin is not None}
        gradescope = {student: future.result() for student, future in runs.items()}
        gradebook = book.result()
    return {"dir": course_dir, "notebooks": notebooks, "gradebook": gradebook, "kit": kit, "honest": honest,
            "gradescope": gradescope}


# ---- the tests ------------------------------------------------------------------------------------
def gradescope_problems(results: dict) -> dict:
    by_problem: dict = {}
    for test in results["tests"]:
        by_problem[test["tags"][0]] = round(by_problem.get(test["tags"][0], 0.0) + test["score"], 4)
    return by_problem


def test_three_doors_give_the_same_points(course):
    assert len(course["notebooks"]) >= 10
    for student, (assignment_id, _nb, _twin) in course["notebooks"].items():
        report = course["kit"][student]
        kit_problems = {p: s.score for p, s in report.problems.items()}
        book = course["gradebook"][student]
        results = course["gradescope"][student]
        assert book["problems"] == pytest.approx(kit_problems, abs=1e-9), student
        assert round(book["score"], 4) == report.score, student
        assert book["manual"] == [], f"{student}: every test cell was scored automatically"
        assert results["score"] == report.score, student
        # each check's points are rounded to 4 decimals in results.json (30 / 9 = 3.3333), the total is not
        assert gradescope_problems(results) == pytest.approx(kit_problems, abs=1e-3), student
        assert results["extra_data"]["kit"]["student"] == student == report.student


def test_the_points_tell_the_notebooks_apart(course):
    kit = {student: report.score for student, report in course["kit"].items()}
    assert kit["s01@example.edu"] == kit["t01@example.edu"] == 100.0
    assert kit["s04@example.edu"] == 0.0
    for mistake in ("s02@example.edu", "s03@example.edu", "s07@example.edu",
                    "t02@example.edu", "t03@example.edu", "t04@example.edu"):
        assert 0 < kit[mistake] < 100, mistake
    problems = {student: report.problems for student, report in course["kit"].items()}
    assert problems["s02@example.edu"]["softmax"].score < 30, "no max subtraction overflows on logits of ±1e4"
    assert problems["s03@example.edu"]["softmax"].score < 30, "normalising the wrong axis"
    assert problems["s07@example.edu"]["softmax"].status != "passed", "a syntax error in the softmax cell"
    assert problems["t02@example.edu"]["cross_entropy"].score < 20, "sum instead of mean"
    assert problems["t03@example.edu"]["cross_entropy"].score < 20, "no clipping: ln 0"
    assert problems["t04@example.edu"]["mse_loss"].score < 15, "summing over the batch axis"


def test_tampered_notebooks_get_no_more_than_their_honest_part(course):
    for student, honest in course["honest"].items():
        assert honest.score < 100, "there is something to gain by tampering"
        assert course["gradebook"][student]["score"] <= honest.score + 1e-9, student
        assert course["gradescope"][student]["score"] <= honest.score + 1e-9, student
        assert course["kit"][student].score <= honest.score + 1e-9, student
    book = course["gradebook"]
    assert book["s08@example.edu"]["problems"]["one_hot"] == 15.0, "a deleted test cell still scores its problem"
    assert book["s08@example.edu"]["problems"]["softmax"] == 0.0, "an edited test cell does not pass softmax"


def _code_lines(path: Path) -> list[str]:
    """The graders' lines that are code (docstrings left out: they are the check names students may see)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstring_lines = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            docstring_lines.update(range(body[0].lineno, body[0].end_lineno + 1))
    public = _visible(path.stem)  # what the public visible checks (carried by the notebook's check()) also write
    return [line.strip() for number, line in enumerate(source.splitlines(), 1)
            if number not in docstring_lines and len(line.strip()) >= 20 and not line.strip().startswith("#")
            and line.strip() not in public]


def _visible(assignment_id: str) -> set:
    """The stripped lines of an assignment's visible checks: public, shipped beside every notebook."""
    path = KIT / "assignments" / assignment_id / f"test_{assignment_id}_visible.py"
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()} if path.is_file() else set()


def test_feedback_pages_show_verdicts_but_no_hidden_test_source(course):
    pages = 0
    for student, (assignment_id, _nb, _twin) in course["notebooks"].items():
        page = course["dir"] / "feedback" / student / assignment_id / f"{assignment_id}.html"
        text = page.read_text(encoding="utf-8")
        pages += 1
        lines = _code_lines(hidden_graders(assignment_id))
        assert len(lines) > 50
        for line in lines:
            assert line not in text and html.escape(line) not in text and html.escape(line, quote=False) not in text, \
                f"{page.name} of {student} shows hidden test source: {line}"
        hidden = {line[4:].split("(")[0] for line in lines if line.startswith("def test_")}
        public = {line[4:].split("(")[0] for line in _visible(assignment_id) if line.startswith("def test_")}
        assert hidden and not [name for name in hidden - public if f"def {name}(" in text]
        assert PLACEHOLDER.replace("'", "&#39;") in text or html.escape(PLACEHOLDER) in text or PLACEHOLDER in text
        report = course["kit"][student]
        for problem, score in report.problems.items():
            assert f"{problem}: {score.score:g} / {score.max_score:g}" in text, (student, problem)
        if report.score < 100:
            assert "✗" in text
    assert pages == len(course["notebooks"])


def test_autograded_notebooks_never_ran_in_a_kernel(course):
    """KitGrade replaced Execute: no student cell has an execution count or output, test cells hold the verdict."""
    nb = nbformat.read(course["dir"] / "autograded" / "s01@example.edu" / "a1_encoding" / "a1_encoding.ipynb", as_version=4)
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    others = [c for c in nb.cells if c.cell_type == "code" and c not in tests]
    assert len(tests) == len(load_course().assignment("a1_encoding").problems)
    assert all(c.source == PLACEHOLDER for c in tests)
    assert all(c.outputs and c.outputs[0].output_type == "stream" for c in tests)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in others)
    assert nb.metadata["autograder"]["graded"]["score"] == 100.0


def test_release_notebooks_hold_no_solution_and_no_check(course):
    for assignment_id in ASSIGNMENTS:
        text = (course["dir"] / "release" / assignment_id / f"{assignment_id}.ipynb").read_text(encoding="utf-8")
        solution = (KIT / "solutions" / f"{assignment_id}.py").read_text(encoding="utf-8")
        inside = False
        for line in solution.splitlines():
            if "BEGIN SOLUTION" in line:
                inside = True
            elif "END SOLUTION" in line:
                inside = False
            elif inside and len(line.strip()) >= 12:
                assert json.dumps(line.strip())[1:-1] not in text, f"{assignment_id} release shows: {line.strip()}"
        for line in _code_lines(hidden_graders(assignment_id)):
            assert json.dumps(line)[1:-1] not in text
        assert "SOLUTION" not in text
