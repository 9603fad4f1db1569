"""The notebooks: valid nbformat 4, one exercise cell per function, every other code cell tagged skip-grading,
the lecture's terms, and solution versions that run top to bottom in a real kernel and draw the plots."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import paths
from autograder.authoring.generate import shipped_files
from autograder.authoring.layout import read_module
from autograder.authoring.notebooks import EXERCISE, SKIP, solution_notebook, student_notebook
from autograder.course import load_course

COURSE = load_course()
IDS = list(COURSE.assignments)
STUDENT = {aid: nbformat.read(paths.assignments_dir() / aid / f"{aid}.ipynb", as_version=4) for aid in IDS}

LECTURE_TERMS = {
    "a1_encoding": [
        "獨熱向量",
        "one-hot",
        "正規化",
        "normalize",
        "Logit",
        "激勵函數",
        "softmax",
        "y = b′ + W′ σ(b + W x)",
    ],
    "a2_losses": ["損失函數", "交叉熵", "均方誤差", "likelihood", "最後一層激勵函數", "binary_crossentropy"],
    "a3_gradients": [
        "交叉熵",
        "均方誤差",
        "左上角",
        "Changing the loss function can change the difficulty of optimization",
    ],
    "a4_derivations": [
        "數學證明",
        "one move you could name",
        "top and bottom",
        "exp(a + b) = exp(a) exp(b)",
        "the log of a product is the sum of the logs",
        "log(aᵇ) = b log a",
        "chain rule",
        "y1 + y2 + y3 = 1",
        "common factor",
        "[start, goal]",
        '"1/(1+exp(z2-z1))"',
        r'r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}"',
    ],
}


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("assignment_id", IDS)
def test_notebook_is_valid_nbformat_4_with_stable_ids(assignment_id):
    nb = STUDENT[assignment_id]
    nbformat.validate(nb)
    assert nb.nbformat == 4 and nb.nbformat_minor >= 5
    assert nb.metadata.kernelspec.name == "python3"
    assert [c.id for c in nb.cells] == [f"cell-{i:02d}" for i in range(len(nb.cells))]
    assert all(not c.outputs and c.execution_count is None for c in code_cells(nb)), "shipped without outputs"


@pytest.mark.parametrize("assignment_id", IDS)
def test_each_code_cell_is_a_definition_or_skipped_practice(assignment_id):
    nb = STUDENT[assignment_id]
    for cell in code_cells(nb):
        assert (EXERCISE in tags(cell)) != (SKIP in tags(cell)), f"{cell.id} is tagged {tags(cell)}"
        tree = ast.parse(cell.source)
        if EXERCISE in tags(cell):
            kinds = {type(n) for n in tree.body}
            assert kinds <= {ast.Import, ast.ImportFrom, ast.FunctionDef, ast.Assign, ast.Expr}, f"{cell.id}: {kinds}"
    practice = [c for c in code_cells(nb) if SKIP in tags(c)]
    assert practice, "the notebook has practice cells"
    defined = {
        n.name
        for c in code_cells(nb)
        if EXERCISE in tags(c)
        for n in ast.parse(c.source).body
        if isinstance(n, ast.FunctionDef)
    }
    for cell in practice:  # practice only uses the exercises; it never redefines one
        redefined = {n.name for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.FunctionDef)} & defined
        assert not redefined, f"{cell.id} redefines {redefined}"


@pytest.mark.parametrize("assignment_id", IDS)
def test_one_exercise_cell_per_function_holding_the_stub(assignment_id):
    stub = (paths.assignments_dir() / assignment_id / f"{assignment_id}.py").read_text(encoding="utf-8")
    module = read_module(stub)
    exercise = [c.source for c in code_cells(STUDENT[assignment_id]) if EXERCISE in tags(c)]
    assert exercise[0] == module.setup and "import" in exercise[0], "the first exercise cell holds the imports"
    assert exercise[1:] == [f.code for f in module.functions]
    for function in module.functions:
        assert "raise NotImplementedError" in function.code and "SOLUTION" not in function.code


@pytest.mark.parametrize("assignment_id", IDS)
def test_solution_notebook_differs_only_in_the_exercise_bodies(assignment_id):
    assignment = COURSE.assignment(assignment_id)
    solution, student = solution_notebook(assignment), student_notebook(assignment)
    assert [c.id for c in solution.cells] == [c.id for c in student.cells]
    for sol, stu in zip(solution.cells, student.cells):
        assert tags(sol) == tags(stu)
        if sol.cell_type != "code" or EXERCISE not in tags(sol):
            assert sol.source == stu.source
    assert student == STUDENT[assignment_id], "the shipped notebook is the student version"
    assert sorted(p.name for p in (paths.assignments_dir() / assignment_id).iterdir() if p.is_file()) == sorted(
        shipped_files(assignment_id)
    ), "no solution notebook under assignments/"


@pytest.mark.parametrize("assignment_id", IDS)
def test_notebook_tells_the_lecture_story(assignment_id):
    text = "\n".join(c.source for c in STUDENT[assignment_id].cells if c.cell_type == "markdown")
    missing = [term for term in LECTURE_TERMS[assignment_id] if term not in text]
    assert not missing, f"{assignment_id} notebook lacks {missing}"
    assert "skip-grading" in text and "exercise" in text, "the notebook says how its cells are graded"


def test_required_plots_are_in_the_practice_cells():
    practice = {aid: "\n".join(c.source for c in code_cells(STUDENT[aid]) if SKIP in tags(c)) for aid in IDS}
    assert "bar(names, logits" in practice["a1_encoding"] and "bar(names, probs" in practice["a1_encoding"]
    a3 = practice["a3_gradients"]
    assert 'loss_surface("mse", y1, y2)' in a3 and 'loss_surface("ce", y1, y2)' in a3
    assert "plt.subplots(1, 2" in a3 and "contourf" in a3
    assert "train_softmax_regression(X, labels, loss" in a3 and 'for loss in ("ce", "mse")' in a3


@pytest.fixture(scope="module")
def executed():
    """Every solution notebook run top to bottom in the venv's python3 kernel (once for the module)."""
    started = time.monotonic()
    done = {}
    for aid in IDS:
        nb = solution_notebook(COURSE.assignment(aid))
        NotebookClient(
            nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(paths.KIT_ROOT)}}
        ).execute()
        done[aid] = nb
    done["seconds"] = time.monotonic() - started
    return done


@pytest.mark.parametrize("assignment_id", IDS)
def test_solution_notebook_runs_top_to_bottom(executed, assignment_id):
    nb = executed[assignment_id]
    errors = [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    assert all(c.execution_count is not None for c in code_cells(nb)), "every code cell ran"
    assert executed["seconds"] < 90, f"the four notebooks took {executed['seconds']:.0f} s"


def _images(cell) -> int:
    return sum("image/png" in o.get("data", {}) for o in cell.outputs)


def test_solution_notebooks_draw_the_plots(executed):
    a1 = [c for c in code_cells(executed["a1_encoding"]) if "bar(names" in c.source]
    assert len(a1) == 1 and _images(a1[0]) == 1
    a3 = code_cells(executed["a3_gradients"])
    surface = [c for c in a3 if "contourf" in c.source]
    training = [
        c for c in a3 if "train_softmax_regression(" in c.source and SKIP in tags(c) and "_set_up(" not in c.source
    ]
    assert len(surface) == 1 and _images(surface[0]) == 1
    assert len(training) == 1 and _images(training[0]) == 1
    text = "".join(o.get("text", "") for c in a3 for o in c.outputs)
    assert "MSE            loss   2.000" in text, "the MSE corner of the lecture's surface: loss near 2"


def test_the_set_up_cell_shows_a_few_lines_and_is_hidden_everywhere():
    for assignment_id in IDS:
        (setup,) = [c for c in code_cells(STUDENT[assignment_id]) if "_set_up(" in c.source]
        assert len(setup.source.splitlines()) <= 15, assignment_id
        assert setup.metadata["jupyter"]["source_hidden"] and setup.metadata["cellView"] == "form"
        assert setup.metadata["transient"]["remove_source"], "nbconvert's templates leave the source out"
        assert SKIP in tags(setup), "the grader never runs it"
        assert setup.source.splitlines()[0].startswith("# @title "), "what Colab's form shows"


def _kit_lines() -> set:
    found = set()
    for path in (paths.PACKAGE_DIR / "checker").rglob("*.py"):
        found |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 40}
    return found


@pytest.mark.parametrize("to", ["html", "latex"])
def test_an_executed_notebook_exported_shows_no_kit_source(executed, tmp_path, to):
    """`jupyter nbconvert --to html` (and to LaTeX, what nbconvert's PDF is made of; its markdown left out, which
    would need pandoc) of an executed notebook: the set-up cell's lines and archive are not in it, nor any line of
    the kit."""
    kit = _kit_lines()
    options = ["--TemplateExporter.exclude_markdown=True"] if to == "latex" else []
    for assignment_id in IDS:
        notebook = tmp_path / f"{assignment_id}.ipynb"
        nbformat.write(executed[assignment_id], notebook)
        done = subprocess.run(
            [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", to, *options, str(notebook)],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        text = (tmp_path / f"{assignment_id}.{'html' if to == 'html' else 'tex'}").read_text(encoding="utf-8")
        (setup,) = [c.source for c in code_cells(executed[assignment_id]) if "_set_up(" in c.source]
        assert "_set_up" not in text and setup.splitlines()[-1][20:80] not in text, assignment_id
        assert not [line for line in kit if line in text], assignment_id
        assert "check" in text and len(text) > 5000, "the rest of the notebook is there"


def test_check_cells_show_no_out_value(executed):
    """A check() cell prints its report and shows no Out: value (the kernel may split the print into several
    stream messages when the machine is busy, so only their kind is held)."""
    for assignment_id in IDS:
        for cell in code_cells(executed[assignment_id]):
            if cell.source.startswith("check("):
                kinds = {o.output_type for o in cell.outputs}
                assert kinds == {"stream"}, (assignment_id, cell.source, kinds)


def test_kernel_is_the_venvs_python():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.prefix)")])
    NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    assert nb.cells[0].outputs[0]["text"].strip() == sys.prefix


# ---- the conftest's notebook loading ------------------------------------------------------------
def _junit(folder, submission):
    report = folder / "report.xml"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            f"--submission={submission}",
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    cases = []
    for case in ET.parse(report).getroot().iter("testcase"):
        problem = case.find("failure") if case.find("failure") is not None else case.find("error")
        cases.append((case.get("name"), None if problem is None else problem.get("message", "")))
    return run, cases


@pytest.mark.parametrize("assignment_id", ["a1_encoding", "a4_derivations"])
def test_visible_tests_read_a_notebook_through_the_conftest(tmp_path, assignment_id):
    folder = tmp_path / assignment_id
    folder.mkdir()
    for name in shipped_files(assignment_id):
        shutil.copy(paths.assignments_dir() / assignment_id / name, folder / name)
    solution = solution_notebook(COURSE.assignment(assignment_id))
    solution.cells.insert(1, nbformat.v4.new_code_cell("%matplotlib inline\n!echo shell", id="magic"))
    solution.cells.append(
        nbformat.v4.new_code_cell("raise RuntimeError('practice is skipped')", id="practice", metadata={"tags": [SKIP]})
    )
    nbformat.write(solution, folder / "solved.ipynb")
    run, cases = _junit(folder, "solved.ipynb")
    assert run.returncode == 0 and cases and all(m is None for _, m in cases), run.stdout[-3000:]
    run, cases = _junit(folder, f"{assignment_id}.ipynb")
    assert run.returncode == 1 and cases
    assert all(m is not None and "is not implemented yet (it raised NotImplementedError)" in m for _, m in cases), cases
