"""The Gradescope bundle run in a root that mimics /autograder, GitHub Classroom's files run as Classroom would,
the nbgrader course's files and KitGrade's verdicts as nbgrader reads them (the real nbgrader round trip is
in test_nbgrader.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import nbformat
import pytest
import yaml

from autograder import paths
from autograder.course import load_course
from autograder.grading.engine import hidden_graders
from autograder.grading.supervisor import grade_submission
from autograder.integrations import classroom, gradescope
from autograder.integrations.nbgrader_course import PLACEHOLDER, source_notebook, write_course
from autograder.integrations.nbgrader_grade import KitGrade

KIT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
A1 = "a1_encoding"
SCHEMA = json.loads(gradescope.RESULTS_SCHEMA.read_text(encoding="utf-8"))
ALLCLOSE_PATCH = """import numpy as np
np.all = lambda *a, **k: True  # what the comparisons ask last: "is every element within the tolerance?"
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
"""
STUB_A1 = "import numpy as np\n\n" + "".join(
    f"def {name}(*args, **kwargs):\n    raise NotImplementedError\n\n\n"
    for name in load_course().assignment(A1).problems
)


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", *args], capture_output=True, text=True, timeout=300, cwd=cwd
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


# ---- Gradescope ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    cli("gradescope", A1, "--out", str(out))
    return out


def unpack(zip_path: Path, root: Path) -> Path:
    """A root like /autograder: source/ (the zip, modes kept), submission/, results/, run_autograder."""
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():
            (root / "source" / info.filename).chmod((info.external_attr >> 16) & 0o777)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    return root


def run_autograder(root: Path, student: str | None = None) -> dict:
    if student:
        (root / "submission_metadata.json").write_text(
            json.dumps(
                {
                    "id": 7,
                    "created_at": "2026-12-01T10:00:00+08:00",
                    "assignment": {"title": A1},
                    "users": [{"email": student, "id": 42, "name": "Student"}],
                    "previous_submissions": [],
                }
            )
        )
    env = {**os.environ, "AUTOGRADER_PYTHON": sys.executable}
    env.pop("AUTOGRADER_ROOT", None)
    proc = subprocess.run(
        [str(root / "run_autograder"), str(root)], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(results, SCHEMA)
    return results


def test_bundle_holds_one_assignment_and_installs_only_dependencies(bundle, tmp_path):
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        setup = zf.read("setup.sh").decode()
        run = zf.read("run_autograder").decode()
        requirements = zf.read("requirements.txt").decode().split()
        course = yaml.safe_load(zf.read("course.yml"))
    assert {
        "setup.sh",
        "run_autograder",
        "course.yml",
        "requirements.txt",
        "solutions/a1_encoding.py",
        "autograder/graders/a1_encoding.py",
        "autograder/graders/pytest.ini",
        "autograder/integrations/gradescope.py",
    } <= names
    others = [a for a in load_course().assignments if a != A1]
    assert others
    for other in others:  # the bundle holds the graded assignment alone
        assert not [n for n in names if other in n], f"{other} travels in the {A1} bundle"
    assert list(course["assignments"]) == [A1]
    assert modes["setup.sh"] == modes["run_autograder"] == 0o755
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or ".egg-info" in n]
    # setup.sh: a Python >= 3.11 virtual environment with the kit's pinned dependencies and nothing of the kit
    assert setup.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in setup
    assert "-m venv /autograder/venv" in setup
    assert "pip install --no-cache-dir -r /autograder/source/requirements.txt" in setup
    assert not re.search(r"pip install[^\n]*/autograder/source\s*$", setup, re.M), "the kit itself is never installed"
    import tomllib

    assert requirements == tomllib.loads((KIT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert all("==" in r for r in requirements)
    assert "(3, 11)" in setup and "python3.11-venv" in setup
    # run_autograder: /autograder unless a root is given, the bundle's own source (locked first), this assignment
    assert run.startswith("#!/usr/bin/env bash") and 'ROOT="${1:-/autograder}"' in run
    assert run.index('chmod -R go-rwx "$ROOT/source"') < run.index("exec ")
    assert 'PYTHONPATH="$ROOT/source"' in run and f"--assignment {A1}" in run
    for script in ("setup.sh", "run_autograder"):
        (tmp_path / script).write_text(setup if script == "setup.sh" else run)
        assert subprocess.run(["bash", "-n", str(tmp_path / script)]).returncode == 0, f"{script} is not valid bash"
    again = tmp_path / "again.zip"
    gradescope.build_bundle(A1, again)
    assert again.read_bytes() == bundle.read_bytes(), "the same kit gives the same zip"


def test_mimic_run_grades_like_autograder_grade(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "autograder")
    shutil.copy(KIT / "solutions" / f"{A1}.py", root / "submission" / f"{A1}.py")
    results = run_autograder(root, student="ada@example.edu")
    report = grade_submission(KIT / "solutions" / f"{A1}.py", A1, student="ada@example.edu")
    assert results["score"] == report.score == 100.0
    assert results["extra_data"]["kit"]["student"] == "ada@example.edu"
    assert [t["name"] for t in results["tests"]] == [c.name for c in report.checks]
    assert all(t["status"] == "passed" and t["score"] == t["max_score"] for t in results["tests"])
    visibility = {t["visibility"] for t in results["tests"]}
    assert visibility == {"visible", "after_published"}, "hidden checks wait for publishing; visible ones show at once"
    for test, check in zip(results["tests"], report.checks):
        assert test["visibility"] == ("visible" if check.visible else "after_published")
    assert results["stdout_visibility"] == "hidden"
    for path in (
        root / "source" / "solutions" / f"{A1}.py",
        root / "source" / "autograder" / "graders" / f"{A1}.py",
        root / "submission" / f"{A1}.py",
        root / "submission_metadata.json",
    ):
        assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by the student's uid"


def test_mimic_run_of_a_stub_scores_zero_and_says_why(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "autograder")
    (root / "submission" / "mine.py").write_text(STUB_A1)
    results = run_autograder(root)
    assert results["score"] == 0.0
    assert results["extra_data"]["kit"]["student"] == "mine", "no metadata: the file's name seeds the inputs"
    assert all(t["status"] == "failed" and "NotImplementedError" in t["output"] for t in results["tests"])


def test_mimic_run_without_one_gradable_file(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "empty")
    (root / "submission" / "notes.txt").write_text("no code")
    results = run_autograder(root)
    assert results["score"] == 0.0 and results["tests"] == []
    assert f"{A1}.ipynb" in results["output"]

    root = unpack(bundle, tmp_path / "two")
    for name in ("first.py", "second.py"):
        (root / "submission" / name).write_text(STUB_A1)
    results = run_autograder(root)
    assert results["score"] == 0.0 and "first.py" in results["output"] and "second.py" in results["output"]

    root = unpack(bundle, tmp_path / "named")
    (root / "submission" / "work").mkdir()
    shutil.copy(KIT / "solutions" / f"{A1}.py", root / "submission" / "work" / f"{A1}.py")
    (root / "submission" / "helper.py").write_text(STUB_A1)
    (root / "submission" / ".ipynb_checkpoints").mkdir()
    (root / "submission" / ".ipynb_checkpoints" / f"{A1}-checkpoint.ipynb").write_text("{}")
    assert run_autograder(root)["score"] == 100.0, "the file named after the assignment is the one graded"


def test_mimic_run_never_follows_a_link_in_the_upload(bundle, tmp_path):
    """An upload that links to the bundle's own reference (or to a folder of it) scores 0 and says why: the trusted
    side never reads the file a link points to as the student's work."""
    root = unpack(bundle, tmp_path / "file-link")
    (root / "submission" / f"{A1}.py").symlink_to(root / "source" / "solutions" / f"{A1}.py")
    results = run_autograder(root)
    assert results["score"] == 0.0 and results["tests"] == []
    assert "symbolic link" in results["output"] and f"{A1}.py" in results["output"]

    root = unpack(bundle, tmp_path / "folder-link")
    (root / "submission" / "work").symlink_to(root / "source" / "solutions")
    shutil.copy(KIT / "assignments" / A1 / f"{A1}.py", root / "submission" / "mine.py")
    results = run_autograder(root)
    assert results["extra_data"]["kit"]["student"] == "mine", "the linked folder is not searched"
    assert results["score"] == 0.0


def test_hidden_checks_follow_the_visibility_of_course_yml(tmp_path):
    text = (KIT / "course.yml").read_text(encoding="utf-8")
    course_file = tmp_path / "course.yml"
    course_file.write_text(
        re.sub(r"^visibility: \w+", "visibility: after_due_date", text, flags=re.M), encoding="utf-8"
    )
    zip_path = gradescope.build_bundle(A1, tmp_path / "autograder.zip", course_file)
    root = unpack(zip_path, tmp_path / "autograder")
    shutil.copy(KIT / "solutions" / f"{A1}.py", root / "submission" / f"{A1}.py")
    results = run_autograder(root)
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_due_date"}


def test_schema_refuses_what_gradescope_would_not_take():
    good = {
        "score": 1.0,
        "tests": [
            {
                "name": "x",
                "score": 1.0,
                "max_score": 1.0,
                "status": "passed",
                "visibility": "after_published",
                "tags": ["softmax"],
                "number": "1",
            }
        ],
        "leaderboard": [{"name": "Accuracy", "value": 0.9}, {"name": "Time", "value": 15.1, "order": "asc"}],
    }
    jsonschema.validate(good, SCHEMA)
    bad = [
        {"tests": []},  # no score anywhere
        {"score": "10"},
        {"score": 1, "visibility": "public"},
        {"score": 1, "tests": [{"score": 1, "status": "ok"}]},
        {"score": 1, "tests": [{"score": 1, "number": 1}]},
        {"score": 1, "tests": [{"score": 1, "tags": "softmax"}]},
        {"score": 1, "leaderboard": [{"name": "Time", "value": 1, "order": "up"}]},
        {"score": 1, "grade": 1},
    ]
    for document in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, SCHEMA)


# ---- GitHub Classroom -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release")
    cli("release", A1, "--out", str(out), "--classroom")
    return out / A1


def test_classroom_files_score_each_visible_check_and_say_so(released):
    assignment = load_course().assignment(A1)
    spec = json.loads((released / ".github" / "classroom" / "autograding.json").read_text(encoding="utf-8"))
    flow = yaml.safe_load((released / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8"))
    header = (released / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8").split("name:")[0]
    visible = classroom.visible_test_names(released / f"test_{A1}_visible.py")

    tests = spec["tests"]
    assert len(tests) == len(visible), "one Classroom test per visible check"
    for test in tests:
        assert set(test) == {"name", "setup", "run", "input", "output", "comparison", "timeout", "points"}
        assert "(visible check," in test["name"] and test["comparison"] == "included" and test["timeout"] == 10
        assert re.fullmatch(r"python -m autograder\.integrations\.classroom_run verdict test_\w+", test["run"])
    by_problem: dict = {}
    for test in tests:
        problem = test["name"].split(":")[0]
        by_problem[problem] = by_problem.get(problem, 0) + test["points"]
    assert by_problem == pytest.approx({p: v for p, v in assignment.problems.items() if p in by_problem})
    assert tests[0]["setup"] == f"{classroom.INSTALL_COMMAND} && {classroom.RUN_COMMAND}"
    assert "visible checks only" in header and "hidden checks" in header

    assert flow["name"] == "Autograding Tests" and flow["on"] == ["push", "repository_dispatch"]
    assert list(flow["jobs"]) == ["run-autograding-tests"]
    steps = flow["jobs"]["run-autograding-tests"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@v4" and steps[1]["uses"] == "actions/setup-python@v5"
    assert steps[2]["run"] == classroom.INSTALL_COMMAND and steps[3]["run"] == classroom.RUN_COMMAND
    graders = [s for s in steps if s.get("uses") == classroom.COMMAND_GRADER]
    assert [s["with"]["command"] for s in graders] == [t["run"] for t in tests]
    assert [s["with"]["max-score"] for s in graders] == [t["points"] for t in tests]
    reporter = steps[-1]
    assert reporter["uses"] == classroom.REPORTER and "visible checks only" in reporter["name"]
    ids = [s["id"] for s in graders]
    assert reporter["with"]["runners"] == ",".join(ids)
    assert reporter["env"] == {f"{i.upper()}_RESULTS": f"${{{{steps.{i}.outputs.result}}}}" for i in ids}

    text = json.dumps(spec) + json.dumps(flow)
    hidden = set(re.findall(r"^def (test_\w+)", hidden_graders(A1).read_text(encoding="utf-8"), re.M)) - set(visible)
    assert hidden and not [name for name in hidden if re.search(rf"\b{name}\b", text)], (
        "no hidden check named to students"
    )


def test_classroom_kit_carries_no_hidden_check(released):
    kit = released / ".github" / "classroom" / "kit"
    files = [p for p in kit.rglob("*") if p.is_file()]
    assert (kit / "pyproject.toml").is_file() and (kit / "autograder" / "integrations" / "classroom_run.py").is_file()
    assert not [p for p in files if p.parent.name == "graders" and p.name.startswith("a")]
    assert not [p for p in files if "solutions" in p.parts or "authoring" in p.parts]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    visible = classroom.visible_test_names(released / f"test_{A1}_visible.py")
    hidden = set(re.findall(r"^def (test_\w+)", hidden_graders(A1).read_text(encoding="utf-8"), re.M)) - set(visible)
    assert hidden and not [name for name in hidden if re.search(rf"\b{name}\b", text)], (
        "hidden check names stay out of the kit's catalogue"
    )
    engine = "\n".join(
        p.read_text(encoding="utf-8") for p in (KIT / "autograder").rglob("*.py") if p.parent.name != "graders"
    )
    secret = [line for line in _grader_code_lines(hidden_graders(A1)) if line not in engine]
    assert secret and not [line for line in secret if line in text]


def _grader_code_lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 24 and not line.strip().startswith(("#", '"""'))
    ]


def _run_classroom(repo: Path) -> dict:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return classroom.run_like_classroom(repo, env)


def _filled_notebook(path: Path) -> nbformat.NotebookNode:
    """The released notebook with every exercise cell replaced by the reference code of its function."""
    import ast

    source = (KIT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
    lines = source.splitlines()
    functions = {
        n.name: "\n".join(lines[n.lineno - 1 : n.end_lineno])
        for n in ast.parse(source).body
        if isinstance(n, ast.FunctionDef)
    }
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        exercise = cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", [])
        match = re.search(r"^def (\w+)\(", cell.source, re.M) if exercise else None
        if match and match.group(1) in functions:
            cell.source = functions[match.group(1)]
    return nb


def test_classroom_scores_the_reference_the_stub_and_the_notebook(released, tmp_path):
    stub = tmp_path / "stub"
    shutil.copytree(released, stub)
    done = tmp_path / "done"
    shutil.copytree(released, done)
    shutil.copy(KIT / "solutions" / f"{A1}.py", done / f"{A1}.py")
    notebook = tmp_path / "notebook"  # the .py left as released, the work in the notebook
    shutil.copytree(released, notebook)
    nbformat.write(_filled_notebook(released / f"{A1}.ipynb"), str(notebook / f"{A1}.ipynb"))
    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(_run_classroom, [done, stub, notebook]))
    assert outcomes[0]["score"] == outcomes[0]["max_score"] == 100
    assert outcomes[1]["score"] == 0 and not any(outcomes[1]["tests"].values())
    assert outcomes[2]["score"] == 100, "the notebook counts when the .py is untouched"
    assert "visible checks only" in outcomes[0]["output"]


def test_classroom_gives_an_allclose_patch_nothing_for_the_patched_problems(released, tmp_path):
    """softmax returns zeros and numpy's all/allclose are patched: plain pytest passes it (the comparisons run in the
    student's own process), the kit's isolated student does not."""
    repo = tmp_path / "patched"
    shutil.copytree(released, repo)
    source = (KIT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
    source = (
        ALLCLOSE_PATCH
        + source.replace("def softmax(", "def _softmax_unused(", 1)
        + ("\n\ndef softmax(logits, axis=-1):\n    return np.zeros_like(np.asarray(logits, dtype=float))\n")
    )
    (repo / f"{A1}.py").write_text(source, encoding="utf-8")
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    plain = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"test_{A1}_visible.py"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert plain.returncode == 0, "the patch fools plain pytest: the reason the kit runs the visible checks"
    outcome = _run_classroom(repo)
    softmax = [name for name in outcome["tests"] if name.startswith("softmax:")]
    assert softmax and not [name for name in softmax if outcome["tests"][name]], "the patched problem scores 0"
    assert outcome["score"] == 100 - load_course().assignment(A1).problems["softmax"]
    check = grade_submission(repo / f"{A1}.py", A1, visible=True)
    assert outcome["score"] == pytest.approx(check.score, abs=1e-3), "Classroom shows what `autograder check` gives"


# ---- nbgrader course files and KitGrade ------------------------------------------------------------
def test_nbgrader_config_replaces_kernel_execution_with_the_kit(tmp_path):
    from traitlets.config import Config

    written = write_course(tmp_path / "course")
    config = tmp_path / "course" / "nbgrader_config.py"
    assert config in written
    c = Config()
    exec(compile(config.read_text(), str(config), "exec"), {"get_config": lambda: c, "__file__": str(config)})
    pre = c.Autograde.autograde_preprocessors
    assert pre[0] == "autograder.integrations.nbgrader_grade.KitGrade"
    assert not [p for p in pre if "Execute" in str(p)], "no kernel runs the student's notebook"
    assert "nbgrader.preprocessors.SaveAutoGrades" in pre
    assert c.OverwriteCells.add_missing_cells is True
    assert c.KitGrade.hide == [str(tmp_path / "course")]
    assert Path(c.KitGrade.course_file) == (KIT / "course.yml").resolve()
    sanitize = c.Autograde.sanitize_preprocessors
    assert "autograder.integrations.nbgrader_cells.KitOverwriteCells" in sanitize
    assert "autograder.integrations.nbgrader_cells.KitKeepOutputs" in sanitize
    assert not [p for p in sanitize if p.endswith(".ClearOutput")], "the student's outputs are kept"
    assert pre.index("nbgrader.preprocessors.SaveAutoGrades") < pre.index(
        "autograder.integrations.nbgrader_cells.KitTidyVerdicts"
    )
    assert c.AssignLatePenalties.plugin_class == "autograder.integrations.nbgrader_late.KitLatePenalty"
    assert "autograder.integrations.nbgrader_late.KitDueDate" in c.GenerateAssignment.preprocessors
    assert "autograder.integrations.nbgrader_cells.KitFeedback" in c.GenerateFeedback.preprocessors
    relative = re.search(r"os\.path\.join\(HERE, '([^']+)'\)", config.read_text()).group(1)
    assert not relative.startswith("/"), "course.yml is found relative to the config, no absolute path"


def test_nbgrader_source_notebooks_carry_the_points_of_course_yml():
    from nbgrader.nbgraderformat import MetadataValidator

    course = load_course()
    for assignment in course.assignments.values():
        nb = source_notebook(assignment)
        MetadataValidator().validate_nb(nb)
        meta = [c.metadata.get("nbgrader") for c in nb.cells]
        tests = [(c, m) for c, m in zip(nb.cells, meta) if m and m["grade"]]
        assert {m["grade_id"]: m["points"] for _c, m in tests} == {
            f"test_{p}": float(v) for p, v in assignment.problems.items()
        }
        assert all(c.source == PLACEHOLDER and m["locked"] and not m["solution"] for c, m in tests)
        solutions = [c for c, m in zip(nb.cells, meta) if m and m["solution"]]
        assert len(solutions) >= len(assignment.problems)
        for cell in solutions:
            assert cell.source.count("### BEGIN SOLUTION") == cell.source.count("### END SOLUTION") >= 1, cell.source[
                :200
            ]
        ids = [m["grade_id"] for m in meta if m]
        assert len(ids) == len(set(ids))
        text = nbformat.writes(nb)
        hidden = re.findall(r"^def (test_\w+)", hidden_graders(assignment.id).read_text(encoding="utf-8"), re.M)
        visible = (paths.assignments_dir() / assignment.id / f"test_{assignment.id}_visible.py").read_text(
            encoding="utf-8"
        )
        public = set(re.findall(r"^def (test_\w+)", visible, re.M))  # the visible checks check() carries: public
        assert hidden and not [name for name in hidden if f"def {name}(" in text and name not in public]


def _kitgrade(nb, student="kim") -> nbformat.NotebookNode:
    resources = {"nbgrader": {"assignment": A1, "student": student, "notebook": A1, "db_url": "sqlite://"}}
    graded, _ = KitGrade().preprocess(nb, resources)
    return graded


def test_kitgrade_writes_verdicts_that_nbgrader_reads_as_the_kit_scores(tmp_path):
    from nbgrader.utils import determine_grade

    assignment = load_course().assignment(A1)
    nb = source_notebook(assignment)
    for cell in nb.cells:  # a wrong axis in softmax, the rest right
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "softmax":
            cell.source = cell.source.replace(
                "e / np.sum(e, axis=axis, keepdims=True)", "e / np.sum(e, axis=0, keepdims=True)"
            )
    path = tmp_path / "wrong_axis.ipynb"
    nbformat.write(nb, str(path))
    report = grade_submission(path, A1, student="kim")
    graded = _kitgrade(nb)
    seen = {}
    for cell in graded.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            seen[meta["grade_id"].removeprefix("test_")] = determine_grade(cell)[0]
            kinds = [o.output_type for o in cell.outputs]
            assert kinds[0] == "stream" and cell.outputs[0].name == "stdout"
    assert seen == {p: s.score for p, s in report.problems.items()}
    assert 0 < seen["softmax"] < 30
    softmax_cell = next(c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_softmax")
    assert softmax_cell.outputs[-1].output_type == "execute_result" and "✗" in softmax_cell.outputs[0].text
    assert graded.metadata["autograder"]["graded"]["score"] == report.score


def test_kitgrade_gives_nothing_for_unknown_test_cells_and_unreadable_notebooks():
    from nbgrader.utils import determine_grade

    nb = source_notebook(load_course().assignment(A1))
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "pass",
            metadata={
                "nbgrader": {
                    "grade": True,
                    "solution": False,
                    "locked": True,
                    "points": 50.0,
                    "grade_id": "test_bonus",
                    "schema_version": 3,
                }
            },
        )
    )
    graded = _kitgrade(nb)
    bonus = graded.cells[-1]
    assert determine_grade(bonus)[0] == 0 and bonus.outputs[-1].output_type == "error"

    huge = source_notebook(load_course().assignment(A1))
    huge.cells.append(nbformat.v4.new_code_cell("#" * (6 * 1024 * 1024)))
    graded = _kitgrade(huge)
    tests = [c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert tests and all(determine_grade(c)[0] == 0 for c in tests)
    assert "too large" in tests[0].outputs[0].text


def test_kitgrade_grades_no_notebook_that_is_a_link(tmp_path):
    """A submitted notebook that links to the instructor's source (nbgrader reads through it) scores nothing, and
    the cells say why; the same notebook as a file is graded."""
    from nbgrader.utils import determine_grade

    nb = source_notebook(load_course().assignment(A1))
    source = tmp_path / "source" / A1 / f"{A1}.ipynb"
    source.parent.mkdir(parents=True)
    nbformat.write(nb, str(source))
    folder = tmp_path / "submitted" / "kim" / A1
    folder.mkdir(parents=True)
    (folder / f"{A1}.ipynb").symlink_to(source)
    resources = {
        "nbgrader": {"assignment": A1, "student": "kim", "notebook": A1, "db_url": "sqlite://"},
        "metadata": {"path": str(folder), "name": A1},
    }
    graded, _ = KitGrade().preprocess(nbformat.reads(nbformat.writes(nb), as_version=4), resources)
    tests = [c for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert tests and all(determine_grade(c)[0] == 0 for c in tests)
    assert "symbolic link" in tests[0].outputs[0].text

    (folder / f"{A1}.ipynb").unlink()
    nbformat.write(nb, str(folder / f"{A1}.ipynb"))
    graded, _ = KitGrade().preprocess(nbformat.reads(nbformat.writes(nb), as_version=4), resources)
    assert graded.metadata["autograder"]["graded"]["score"] == 100.0


@pytest.mark.parametrize("assignment_id", sorted(load_course().assignments))
def test_every_source_notebook_earns_full_marks_through_kitgrade(assignment_id):
    """The instructor's notebooks hold working solutions however the kit's notebook cut the cells."""
    from nbgrader.utils import determine_grade

    nb = source_notebook(load_course().assignment(assignment_id))
    resources = {"nbgrader": {"assignment": assignment_id, "student": "ref", "notebook": assignment_id, "db_url": ""}}
    graded, _ = KitGrade().preprocess(nb, resources)
    scores = [determine_grade(c) for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert scores and all(got == most for got, most in scores), scores


def test_classroom_run_of_an_unreadable_notebook_fails_every_check_and_says_why(released, tmp_path):
    repo = tmp_path / "broken"
    shutil.copytree(released, repo)
    (repo / f"{A1}.ipynb").write_text("{not json", encoding="utf-8")
    outcome = _run_classroom(repo)
    assert outcome["score"] == 0 and not any(outcome["tests"].values())
    results = json.loads((repo / ".github" / "classroom" / "results.json").read_text(encoding="utf-8"))
    assert all("not valid JSON" in c["message"] for c in results["checks"].values())


def test_classroom_run_never_follows_a_link_to_the_work(released, tmp_path):
    """A repository whose .py is a link (to the reference, on a runner that has one) fails every check, saying why."""
    repo = tmp_path / "linked"
    shutil.copytree(released, repo)
    (repo / f"{A1}.py").unlink()
    (repo / f"{A1}.py").symlink_to(KIT / "solutions" / f"{A1}.py")
    outcome = _run_classroom(repo)
    assert outcome["score"] == 0 and not any(outcome["tests"].values())
    results = json.loads((repo / ".github" / "classroom" / "results.json").read_text(encoding="utf-8"))
    assert all("symbolic link" in c["message"] for c in results["checks"].values())


def test_gradescope_metadata_with_an_unreadable_time_grades_without_a_penalty(bundle, tmp_path):
    root = unpack(bundle, tmp_path / "autograder")
    shutil.copy(KIT / "solutions" / f"{A1}.py", root / "submission" / f"{A1}.py")
    (root / "submission_metadata.json").write_text(
        json.dumps(
            {
                "id": 7,
                "created_at": "last tuesday",
                "assignment": {"title": A1},
                "users": [{"email": "ada@example.edu", "id": 42, "name": "Ada"}],
                "previous_submissions": [],
            }
        )
    )
    env = {**os.environ, "AUTOGRADER_PYTHON": sys.executable}
    env.pop("AUTOGRADER_ROOT", None)
    proc = subprocess.run(
        [str(root / "run_autograder"), str(root)], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 100 and results["extra_data"]["kit"]["late"] is None
    assert "cannot be read" in proc.stdout and "last tuesday" in proc.stdout


def test_only_safe_outputs_of_the_student_reach_a_page():
    from autograder.integrations.nbgrader_cells import safe_output

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    kept = safe_output(
        {
            "output_type": "display_data",
            "data": {
                "image/png": png,
                "text/html": "<script>x()</script>",
                "image/svg+xml": "<svg onload=x()>",
                "text/plain": "fig",
            },
        }
    )
    assert set(kept["data"]) == {"image/png", "text/plain"}
    forged = safe_output({"output_type": "display_data", "data": {"image/png": 'x" onerror="alert(1)'}})
    assert forged is None, "image data must be plain base64: it lands inside an attribute"
    assert safe_output({"output_type": "display_data", "data": {"application/javascript": "x()"}}) is None
    assert safe_output({"output_type": "stream", "name": "stdout", "text": "hi\n"})["text"] == "hi\n"
