"""Every door agrees with the engine: the real nbgrader, the Gradescope mimic, `grade`, `batch` and Classroom.

One course per module, built with course.yml's own due dates, late policy and one extension:
`autograder nbgrader-course`, `nbgrader generate_assignment`, thirteen students' notebooks (the reference,
typical mistakes, a stub, tampers, a syntax error, and the kit's own assignment notebook without nbgrader's
metadata, run by its student so it carries outputs and a plot) copied into submitted/ with nbgrader's
timestamp.txt (some late), `nbgrader autograde`, `nbgrader generate_feedback`. The same notebooks then go
through `autograder grade --submitted-at`, `autograder batch --submitted-at-from nbgrader`, a Gradescope run of
the bundle with `created_at`, and the Classroom commands of the released repository: one score per notebook
per door, late penalties included (Classroom, which has no trusted time and shows the visible checks only,
must show what `autograder check` gives). Tampers earn no more than their honest part, the feedback pages
show no line of the hidden checks, and formgrader's view keeps the student's outputs and plot.
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
from datetime import timezone
from pathlib import Path

import nbformat
import pytest

from autograder.batch import run_batch
from autograder.course import load_course
from autograder.grading.engine import Grader, hidden_graders
from autograder.grading.late import read_time
from autograder.grading.supervisor import grade_submission
from autograder.integrations import classroom
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
    import autograder.checker.compare as compare
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
            body = [line for line in lines[node.lineno - 1 : end] if "SOLUTION" not in line]
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


def student_notebooks(release: Path, work: Path) -> dict:
    """student -> (assignment, notebook, honest twin or None): a dozen notebooks and more, mistakes and tampers."""
    a1 = nbformat.read(release / "a1_encoding" / "a1_encoding.ipynb", as_version=4)
    a2 = nbformat.read(release / "a2_losses" / "a2_losses.ipynb", as_version=4)
    no_max = {"softmax": [("shifted = z - np.max(z, axis=axis, keepdims=True)", "shifted = z")]}
    wrong_axis = {"softmax": [("e / np.sum(e, axis=axis, keepdims=True)", "e / np.sum(e, axis=0, keepdims=True)")]}
    syntax = {
        "softmax": [
            (
                "def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:",
                "def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray",
            )
        ]
    }
    sum_not_mean = {
        "cross_entropy": [("np.mean(-np.sum(t * np.log(p), axis=-1))", "np.sum(-np.sum(t * np.log(p), axis=-1))")]
    }
    no_clip = {
        "cross_entropy": [("np.clip(np.asarray(probs, dtype=float), eps, 1.0)", "np.asarray(probs, dtype=float)")],
        "binary_cross_entropy": [
            ("np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)", "np.asarray(probs, dtype=float)")
        ],
    }
    mse_axis = {"mse_loss": [("np.sum((t - p) ** 2, axis=-1)", "np.sum((t - p) ** 2, axis=0)")]}
    honest_a1 = fill(a1, "a1_encoding", done=PARTIAL_A1)
    return {
        "s01@example.edu": ("a1_encoding", fill(a1, "a1_encoding"), None),
        "s02@example.edu": ("a1_encoding", fill(a1, "a1_encoding", changes=no_max), None),
        "s03@example.edu": ("a1_encoding", fill(a1, "a1_encoding", changes=wrong_axis), None),
        "s04@example.edu": ("a1_encoding", fill(a1, "a1_encoding", done=set()), None),
        "s05@example.edu": (
            "a1_encoding",
            fill(a1, "a1_encoding", done=PARTIAL_A1, extra_cell=ALLCLOSE_TAMPER),
            honest_a1,
        ),
        "s06@example.edu": ("a1_encoding", fill(a1, "a1_encoding", done=PARTIAL_A1, extra_cell=KIT_TAMPER), honest_a1),
        "s07@example.edu": ("a1_encoding", fill(a1, "a1_encoding", changes=syntax), None),
        "s08@example.edu": ("a1_encoding", edit_test_cells(fill(a1, "a1_encoding", done=PARTIAL_A1)), honest_a1),
        "s09@example.edu": ("a1_encoding", plain_notebook_run_by_its_student(work), None),
        "t01@example.edu": ("a2_losses", fill(a2, "a2_losses"), None),
        "t02@example.edu": ("a2_losses", fill(a2, "a2_losses", changes=sum_not_mean), None),
        "t03@example.edu": ("a2_losses", fill(a2, "a2_losses", changes=no_clip), None),
        "t04@example.edu": ("a2_losses", fill(a2, "a2_losses", changes=mse_axis), None),
    }


# Submission times as nbgrader's exchange writes them (timestamp.txt), in several of its forms. Due dates:
# a1 2026-12-08 23:59, a2 2026-12-15 23:59 (Asia/Taipei); 10 % per started day, nothing after 3 days.
TIMES = {
    "s01@example.edu": "2026-12-08 12:00:00.000000 UTC",  # 20:00 in Taipei: on time
    "s02@example.edu": "2026-12-09 10:00:00 +0800",  # 1 day late: 90 %
    "s03@example.edu": "2026-12-10 12:00:00 +0800",  # 2 days late, but a 2-day extension: on time
    "s04@example.edu": "2026-12-07 09:00:00.000000 UTC",
    "s05@example.edu": "2026-12-09T03:00",  # no offset: course.yml's timezone, 1 day late
    "s06@example.edu": "2026-12-08 08:00:00.000000 UTC",
    "s07@example.edu": "2026-12-13 10:00:00.000000 UTC",  # 5 days late: past the last day, 0
    "s08@example.edu": "2026-12-08 09:30:00.000000 UTC",
    "s09@example.edu": "2026-12-08 23:00:00 +0800",
    "t01@example.edu": "2026-12-15 10:00:00.000000 UTC",
    "t02@example.edu": "2026-12-17 08:00:00 +0800",  # 2 days late: 80 %
    "t03@example.edu": "2026-12-14 10:00:00.000000 UTC",
    "t04@example.edu": "2026-12-15 15:00:00.000000 UTC",  # 23:00 in Taipei: on time
}
EXTENSIONS = {"a1_encoding": {"s03@example.edu": {"days": 2}}}


def course_file_with_extensions(folder: Path) -> Path:
    import yaml

    data = yaml.safe_load((KIT / "course.yml").read_text(encoding="utf-8"))
    for assignment_id, grants in EXTENSIONS.items():
        data["assignments"][assignment_id]["extensions"] = grants
    path = folder / "course.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def plain_notebook_run_by_its_student(work: Path) -> nbformat.NotebookNode:
    """The kit's own a1 notebook (no nbgrader metadata) with the reference in its exercise cells, executed as the
    student would before handing it in: its practice cells print and plot."""
    from nbclient import NotebookClient

    functions = solution_functions("a1_encoding")
    nb = nbformat.read(KIT / "assignments" / "a1_encoding" / "a1_encoding.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", []):
            names = [n for n in functions if f"def {n}(" in cell.source]
            if names:
                cell.source = functions[names[0]]
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    return nb


# ---- the course, once per module ----------------------------------------------------------------
def without_venv_on_path() -> dict:
    """The environment an instructor has who runs .venv/bin/nbgrader without activating the environment."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and Path(p).resolve() != VENV_BIN.resolve()]
    assert not any((Path(p) / "alembic").exists() for p in path), "an alembic outside the kit's environment"
    return {**os.environ, "PATH": os.pathsep.join(path)}


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = without_venv_on_path()  # the generated config finds nbgrader's `alembic` command by itself
    proc = subprocess.run(
        [str(VENV_BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    return proc


def run_gradescope(source: Path, work: Path, student: str, notebook: Path, created_at: str) -> dict:
    """One Gradescope run: a root like /autograder, the unpacked bundle as its source, run_autograder ROOT."""
    root = work / student
    (root / "submission").mkdir(parents=True)
    (root / "results").mkdir()
    (root / "source").symlink_to(source)
    shutil.copy(source / "run_autograder", root / "run_autograder")
    shutil.copy(notebook, root / "submission" / notebook.name)
    (root / "submission_metadata.json").write_text(
        json.dumps(
            {
                "id": 1,
                "created_at": created_at,
                "assignment": {"title": notebook.stem},
                "users": [{"email": student, "id": 1000, "name": "A Student"}],
                "previous_submissions": [],
            }
        )
    )
    env = {**os.environ, "AUTOGRADER_PYTHON": sys.executable}
    env.pop("AUTOGRADER_ROOT", None)
    # through bash: exec'ing a file another thread has just copied can fail with "text file busy"
    proc = subprocess.run(
        ["bash", str(root / "run_autograder"), str(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"kit at {source.resolve() / 'autograder'}" in proc.stdout, proc.stdout  # the bundle's copy graded it
    assert "isolation: " in proc.stdout, "the instructor reads the isolation in force"
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def run_classroom(released: Path, work: Path, student: str, notebook: Path) -> float:
    """The student's repository: the released folder, their notebook, the .py stub untouched; Classroom's commands."""
    repo = work / student
    shutil.copytree(released, repo)
    shutil.copy(notebook, repo / notebook.name)
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return classroom.run_like_classroom(repo, env)["score"]


def read_gradebook(course_dir: Path, notebooks: dict) -> dict:
    from nbgrader.api import Gradebook

    gradebook = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for student, (assignment_id, _nb, _twin) in notebooks.items():
            submission = gb.find_submission(assignment_id, student)
            grades = {g.name: g for nb_ in submission.notebooks for g in nb_.grades}
            gradebook[student] = {
                "score": submission.score,
                "penalty": submission.late_submission_penalty,
                "final": submission.score - submission.late_submission_penalty,
                "seconds_late": submission.total_seconds_late,
                "problems": {name.removeprefix("test_"): g.score for name, g in grades.items()},
                "manual": [name for name, g in grades.items() if g.needs_manual_grade],
            }
        gradebook["_due"] = {a: gb.find_assignment(a).duedate for a in ASSIGNMENTS}
    return gradebook


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Everything graded once, door by door, side by side."""
    base = tmp_path_factory.mktemp("nbgrader")
    course_file = course_file_with_extensions(base)
    kit_course = load_course(course_file)
    course_dir = base / "course"
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course_file), "nbgrader-course", "--out", str(course_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    both = "a[12]_*"  # nbgrader takes a glob of assignment names: one start-up for both assignments
    nbgrader(course_dir, "generate_assignment", both, "--force")
    (base / "student-work").mkdir()
    notebooks = student_notebooks(course_dir / "release", base / "student-work")
    files, times = {}, {}
    for student, (assignment_id, nb, twin) in notebooks.items():
        folder = course_dir / "submitted" / student / assignment_id
        folder.mkdir(parents=True)
        path = folder / f"{assignment_id}.ipynb"
        nbformat.write(nb, str(path))
        (folder / "timestamp.txt").write_text(TIMES[student] + "\n")
        files[student] = path
        times[student] = read_time(TIMES[student], kit_course.timezone, "test")
        if twin is not None:
            nbformat.write(twin, str(base / f"{student}-honest.ipynb"))
    bundles, released = {}, {}
    for assignment_id in ASSIGNMENTS:
        zip_path = build_bundle(assignment_id, base / f"{assignment_id}.zip", course_file)
        bundles[assignment_id] = base / f"bundle-{assignment_id}"
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(bundles[assignment_id])
        for name in ("run_autograder", "setup.sh"):
            (bundles[assignment_id] / name).chmod(0o755)  # ZipFile.extractall drops the mode; Gradescope keeps it
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "autograder",
                "--course",
                str(course_file),
                "release",
                assignment_id,
                "--out",
                str(base / "classroom-release"),
                "--classroom",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        released[assignment_id] = base / "classroom-release" / assignment_id

    def nbgrader_side():
        nbgrader(course_dir, "autograde", both)
        nbgrader(course_dir, "generate_feedback", both)
        return read_gradebook(course_dir, notebooks)

    def batch_side():
        outs = {}
        for assignment_id in ASSIGNMENTS:
            out = base / f"batch-{assignment_id}"
            run_batch(
                course_dir / "submitted",
                assignment_id,
                out,
                jobs=1,
                progress=False,
                report=False,
                course=kit_course,
                submitted_at_from="nbgrader",
            )
            outs[assignment_id] = out
        return {
            student: json.loads((outs[a] / student / "results.json").read_text(encoding="utf-8"))
            for student, (a, _nb, _t) in notebooks.items()
        }

    # nbgrader, Gradescope, Classroom and the batch run as processes of their own while this one grades the
    # `autograder grade` way.
    with ThreadPoolExecutor(max_workers=3) as pool:
        book = pool.submit(nbgrader_side)
        batch = pool.submit(batch_side)
        runs = {
            student: pool.submit(
                run_gradescope, bundles[a], base / "gradescope", student, files[student], times[student].isoformat()
            )
            for student, (a, _nb, _t) in notebooks.items()
        }
        rooms = {
            student: pool.submit(run_classroom, released[a], base / "classroom", student, files[student])
            for student, (a, _nb, _t) in notebooks.items()
        }
        kit = {
            student: grade_submission(
                files[student], a, student=student, course=kit_course, submitted_at=times[student]
            )
            for student, (a, _nb, _t) in notebooks.items()
        }
        visible = {
            student: grade_submission(files[student], a, course=kit_course, visible=True)
            for student, (a, _nb, _t) in notebooks.items()
        }
        with Grader("a1_encoding", course=kit_course) as grader:  # the honest twins of the tampers (all a1)
            honest = {
                student: grader.grade(base / f"{student}-honest.ipynb", student=student)
                for student, (a, _nb, twin) in notebooks.items()
                if twin is not None
            }
        gradescope = {student: future.result() for student, future in runs.items()}
        classroom_scores = {student: future.result() for student, future in rooms.items()}
        gradebook = book.result()
        batch_results = batch.result()
    return {
        "dir": course_dir,
        "notebooks": notebooks,
        "gradebook": gradebook,
        "kit": kit,
        "honest": honest,
        "gradescope": gradescope,
        "batch": batch_results,
        "classroom": classroom_scores,
        "visible": visible,
        "course": kit_course,
        "times": times,
    }


# ---- the tests ------------------------------------------------------------------------------------
def gradescope_problems(results: dict) -> dict:
    by_problem: dict = {}
    for test in results["tests"]:
        if test.get("extra_data", {}).get("kind") == "late_penalty":  # the points the late policy took, not a check
            continue
        by_problem[test["tags"][0]] = round(by_problem.get(test["tags"][0], 0.0) + test["score"], 4)
    return by_problem


def test_every_door_gives_one_score_per_notebook_late_penalties_included(course):
    assert len(course["notebooks"]) >= 12
    scores = {}
    for student, (_assignment_id, _nb, _twin) in course["notebooks"].items():
        report = course["kit"][student]
        book = course["gradebook"][student]
        results = course["gradescope"][student]
        batch = course["batch"][student]
        doors = {
            "grade": report.score,
            "batch": batch["score"],
            "nbgrader": round(book["final"], 4),
            "gradescope": results["score"],
        }
        # nbgrader stores points per cell and the penalty apart, so its total may differ in the 4th decimal
        assert max(doors.values()) - min(doors.values()) <= 5e-4, f"{student}: {doors}"
        scores[student] = report.score
        kit_problems = {p: s.score for p, s in report.problems.items()}
        assert book["problems"] == pytest.approx(kit_problems, abs=1e-9), student
        assert book["manual"] == [], f"{student}: every test cell was scored automatically"
        # each check's points are written to the cent, and a problem's score is their sum
        assert gradescope_problems(results) == pytest.approx(kit_problems, abs=1e-3), student
        assert (
            results["extra_data"]["kit"]["student"]
            == student
            == report.student
            == batch["extra_data"]["kit"]["student"]
        )
        late = report.late
        for other in (results["extra_data"]["kit"]["late"], batch["extra_data"]["kit"]["late"]):
            assert (other["days_late"], other["factor"], other["score_on_time"]) == (
                late["days_late"],
                late["factor"],
                late["score_on_time"],
            ), student
        # Classroom: no trusted time, the visible checks only, scored as `autograder check` scores them
        assert course["classroom"][student] == pytest.approx(course["visible"][student].score, abs=1e-3), student
    # the score kept is rounded once, to the cent
    assert scores["s02@example.edu"] == pytest.approx(
        0.9 * course["kit"]["s02@example.edu"].late["score_on_time"], abs=0.005
    )
    assert course["kit"]["s03@example.edu"].late["days_late"] == 0, "the extension of course.yml counts"
    assert scores["s05@example.edu"] == pytest.approx(
        0.9 * course["kit"]["s05@example.edu"].late["score_on_time"], abs=0.005
    )
    assert course["kit"]["s07@example.edu"].late["score_on_time"] > 0 and scores["s07@example.edu"] == 0
    assert scores["t02@example.edu"] == pytest.approx(
        0.8 * course["kit"]["t02@example.edu"].late["score_on_time"], abs=0.005
    )


def test_a_late_nbgrader_submission_loses_what_course_yml_says(course):
    book = course["gradebook"]
    on_time = book["s02@example.edu"]["score"]
    # the score kept is rounded once, to the cent (as the kit's own doors round it)
    assert on_time > 0 and book["s02@example.edu"]["penalty"] == pytest.approx(0.1 * on_time, abs=0.005)
    assert book["t02@example.edu"]["penalty"] == pytest.approx(0.2 * book["t02@example.edu"]["score"], abs=0.005)
    assert book["s07@example.edu"]["penalty"] == pytest.approx(book["s07@example.edu"]["score"]), "past the last day"
    assert book["s03@example.edu"]["penalty"] == 0, "an extension in course.yml"
    assert book["s01@example.edu"]["penalty"] == 0 and book["s01@example.edu"]["seconds_late"] == 0
    for assignment_id in ASSIGNMENTS:  # formgrader's "Due Date" is course.yml's
        due = course["course"].assignment(assignment_id).due
        assert book["_due"][assignment_id] == due.astimezone(timezone.utc).replace(tzinfo=None)


def test_the_assignment_notebook_without_nbgrader_metadata_autogrades_like_grade(course):
    student = "s09@example.edu"
    nb = course["notebooks"][student][1]
    assert not any(c.metadata.get("nbgrader") for c in nb.cells), "the kit's own notebook, as students get it"
    assert course["kit"][student].score == 100.0
    assert course["gradebook"][student]["final"] == 100.0 and course["gradebook"][student]["manual"] == []


def test_outputs_and_a_plot_survive_into_formgraders_view(course, tmp_path):
    """formgrader renders the autograded notebook with its `formgrade` template: the student's printout and plot are
    there, and a real browser draws the plot."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    path = course["dir"] / "autograded" / "s09@example.edu" / "a1_encoding" / "a1_encoding.ipynb"
    nb = nbformat.read(path, as_version=4)
    images = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    printed = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream" and not c.metadata.get("nbgrader", {}).get("grade")
    ]
    assert images and printed, "the student's plot and printout are kept"
    assert not [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if set(o.get("data", {})) - {"text/plain", "image/png", "image/jpeg"}
    ]
    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {
        "assignment_id": "a1_encoding",
        "notebook_id": "a1_encoding",
        "submission_id": "x",
        "index": 0,
        "total": 1,
        "base_url": "",
        "student": "s09@example.edu",
        "last_name": "",
        "first_name": "",
        "notebook_path": "a1_encoding.ipynb",
    }
    html_text, _ = HTMLExporter(config=config).from_filename(str(path), resources=resources)
    page = tmp_path / "formgrade.html"
    page.write_text(html_text, encoding="utf-8")
    assert "data:image/png;base64," in html_text
    drawn = _in_browser(
        page,
        "() => Array.from(document.images).filter(i => i.src.startsWith('data:image/png')"
        " && i.naturalWidth > 50).length",
    )
    assert drawn >= 1, "the plot is drawn in formgrader's view"


def _in_browser(page: Path, script: str, width: int = 1000):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the page tests need Playwright: `pip install -e '.[dev]'` (it drives /usr/bin/chromium)")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            view = browser.new_page(viewport={"width": width, "height": 900})
            view.goto(page.as_uri())
            view.wait_for_load_state("load")
            return view.evaluate(script)
        finally:
            browser.close()


def test_feedback_wraps_long_lines_and_shows_no_stray_prompt(course):
    page = course["dir"] / "feedback" / "s03@example.edu" / "a1_encoding" / "a1_encoding.html"
    text = page.read_text(encoding="utf-8")
    assert "pre-wrap" in text
    nb = nbformat.read(
        course["dir"] / "autograded" / "s03@example.edu" / "a1_encoding" / "a1_encoding.ipynb", as_version=4
    )
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert all([o.output_type for o in c.outputs] == ["stream"] for c in tests), "only the verdict, no Out[ ]: or error"
    overflow = _in_browser(
        page,
        "() => Array.from(document.querySelectorAll('pre')).filter(p => p.scrollWidth > p.clientWidth + 1).length",
        width=700,
    )
    assert overflow == 0, "every line of the feedback wraps inside the page"
    assert _in_browser(page, "() => document.documentElement.scrollWidth <= window.innerWidth", width=700)


def test_the_config_finds_course_yml_relative_to_itself(course, tmp_path):
    text = (course["dir"] / "nbgrader_config.py").read_text(encoding="utf-8")
    assert str(course["dir"].parent) not in text and "/work" not in text and "/tmp" not in text
    moved = tmp_path / "moved"
    shutil.copytree(
        course["dir"].parent,
        moved,
        symlinks=True,
        ignore=shutil.ignore_patterns("gradescope", "classroom*", "batch-*", "bundle-*"),
    )
    from traitlets.config import Config

    c = Config()
    config = moved / "course" / "nbgrader_config.py"
    exec(compile(config.read_text(), str(config), "exec"), {"get_config": lambda: c, "__file__": str(config)})
    assert Path(c.KitGrade.course_file) == moved / "course.yml" and c.KitGrade.hide == [str(moved / "course")]


def test_the_points_tell_the_notebooks_apart(course):
    kit = {student: report.late["score_on_time"] for student, report in course["kit"].items()}  # before lateness
    assert kit["s01@example.edu"] == kit["t01@example.edu"] == 100.0
    assert kit["s04@example.edu"] == 0.0
    for mistake in (
        "s02@example.edu",
        "s03@example.edu",
        "s07@example.edu",
        "t02@example.edu",
        "t03@example.edu",
        "t04@example.edu",
    ):
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
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            docstring_lines.update(range(body[0].lineno, body[0].end_lineno + 1))
    public = _visible(path.stem)  # what the public visible checks (carried by the notebook's check()) also write
    return [
        line.strip()
        for number, line in enumerate(source.splitlines(), 1)
        if number not in docstring_lines
        and len(line.strip()) >= 20
        and not line.strip().startswith("#")
        and line.strip() not in public
    ]


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
            assert line not in text and html.escape(line) not in text and html.escape(line, quote=False) not in text, (
                f"{page.name} of {student} shows hidden test source: {line}"
            )
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


def _kit_source_lines() -> set:
    """Lines of the student-safe package long enough to mean something: none may reach a page."""
    found = set()
    for path in (KIT / "autograder" / "checker").rglob("*.py"):
        found |= {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) >= 40}
    return found


def test_feedback_pages_show_no_kit_source(course):
    """The set-up cell carries the checker: nbgrader's feedback shows neither its archive nor a line of the kit,
    though autograding cleared the cell's metadata (the kit's KitFeedback leaves the source out)."""
    kit = _kit_source_lines()
    assert len(kit) > 200
    for student, (assignment_id, notebook, _twin) in course["notebooks"].items():
        page = course["dir"] / "feedback" / student / assignment_id / f"{assignment_id}.html"
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert "_set_up(" not in text and "def _set_up" not in text, f"{student}: the set-up cell shows"
        for setup in [c.source for c in notebook.cells if "_set_up(" in c.source]:
            assert setup.splitlines()[-1][20:80] not in text, f"{student}: the archive shows"
        shown = [line for line in kit if line in text]
        assert not shown, f"{student}: {shown[:3]}"


def test_autograded_notebooks_never_ran_in_a_kernel(course):
    """KitGrade replaced Execute: no student cell has an execution count or output, test cells hold the verdict."""
    nb = nbformat.read(
        course["dir"] / "autograded" / "s01@example.edu" / "a1_encoding" / "a1_encoding.ipynb", as_version=4
    )
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


# ---- an instructor's own test cells ----------------------------------------------------------------
INSTRUCTOR_CELL = """\
# The instructor's own check: rows of softmax sum to one.
x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
assert np.allclose(softmax(x).sum(axis=-1), 1.0), "each row of softmax sums to 1"
### BEGIN HIDDEN TESTS
assert softmax(np.array([[0.0, 0.0]]))[0, 0] == 0.5
### END HIDDEN TESTS
"""


@pytest.fixture(scope="module")
def instructor_course(tmp_path_factory):
    """An nbgrader course whose a1 source notebook has a test cell of the instructor's own (5 points)."""
    from nbgrader.api import Gradebook

    base = tmp_path_factory.mktemp("instructor")
    course_dir = base / "course"
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", "nbgrader-course", "--out", str(course_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    source = course_dir / "source" / "a1_encoding" / "a1_encoding.ipynb"
    nb = nbformat.read(source, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "test_softmax") + 1
    nb.cells.insert(
        at,
        nbformat.v4.new_code_cell(
            INSTRUCTOR_CELL,
            metadata={
                "nbgrader": {
                    "grade": True,
                    "solution": False,
                    "locked": True,
                    "points": 5.0,
                    "grade_id": "rows_sum_to_one",
                    "schema_version": 3,
                }
            },
        ),
    )
    nb.cells[at]["id"] = "instructor-cell"
    nbformat.write(nb, str(source))
    nbgrader(course_dir, "generate_assignment", "a1_encoding", "--force")
    release = nbformat.read(course_dir / "release" / "a1_encoding" / "a1_encoding.ipynb", as_version=4)
    released_cell = next(
        c for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "rows_sum_to_one"
    )
    assert "HIDDEN" not in released_cell.source and "== 0.5" not in released_cell.source
    zeros = {"softmax": [("return e / np.sum(e, axis=axis, keepdims=True)", "return np.zeros_like(e)")]}
    patched = fill(release, "a1_encoding", changes=zeros, extra_cell=ALLCLOSE_TAMPER)
    for cell in patched.cells:  # and the instructor's cell emptied in the student's copy
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "rows_sum_to_one":
            cell.source = "pass"
    students = {
        "ref@example.edu": fill(release, "a1_encoding"),
        "patch@example.edu": patched,
        "stub@example.edu": fill(release, "a1_encoding", done=set()),
    }
    for student, notebook in students.items():
        folder = course_dir / "submitted" / student / "a1_encoding"
        folder.mkdir(parents=True)
        nbformat.write(notebook, str(folder / "a1_encoding.ipynb"))
    nbgrader(course_dir, "autograde", "a1_encoding")
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        grades = {
            student: {g.name: g.score for n in gb.find_submission("a1_encoding", student).notebooks for g in n.grades}
            for student in students
        }
    return {"dir": course_dir, "grades": grades}


def test_instructor_test_cells_run_in_the_sandbox_and_count(instructor_course):
    grades = instructor_course["grades"]
    assert grades["ref@example.edu"]["rows_sum_to_one"] == 5.0, "the reference passes the instructor's cell"
    assert grades["stub@example.edu"]["rows_sum_to_one"] == 0.0
    assert grades["patch@example.edu"]["rows_sum_to_one"] == 0.0, (
        "np.allclose patched in the notebook changes nothing: the cell's numpy is the grader's"
    )
    assert grades["patch@example.edu"]["test_softmax"] == 0.0
    nb = nbformat.read(
        instructor_course["dir"] / "autograded" / "patch@example.edu" / "a1_encoding" / "a1_encoding.ipynb",
        as_version=4,
    )
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "rows_sum_to_one")
    verdict = "".join(o.get("text", "") for o in cell.outputs)
    assert "rows_sum_to_one: 0 / 5" in verdict and "each row of softmax sums to 1" in verdict
