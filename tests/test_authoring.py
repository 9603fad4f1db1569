"""The student material generated from solutions/: stubs without solution code, no drift, visible tests that the
reference passes and the stub fails with NotImplementedError, and a release that refuses to leak."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pytest

from autograder import catalogue, paths
from autograder.authoring.generate import _grader_lines, check_drift, generate_all, leaks, render_all, shipped_files
from autograder.authoring.release import release
from autograder.authoring.stubs import make_stub
from autograder.authoring.visible import visible_tests_by_function
from autograder.course import load_course, solution_functions
from autograder.errors import KitError

ROOT = paths.KIT_ROOT
COURSE = load_course()
IDS = list(COURSE.assignments)


def region_lines(assignment_id: str) -> list[str]:
    """Solution-region lines worth looking for, computed here without the generator's own leak code."""
    text = (paths.solutions_dir() / f"{assignment_id}.py").read_text(encoding="utf-8")
    inside, lines, outside = False, [], set()
    for line in text.splitlines():
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside:
            lines.append(line.strip())
        else:
            outside.add(line.strip())
    return [line for line in lines if len(line) >= 12 and line not in outside]


def kit_copy(tmp_path: Path) -> Path:
    """A throwaway kit root: course.yml, solutions/, assignments/, docs/."""
    root = tmp_path / "kit"
    root.mkdir()
    shutil.copy(paths.course_file(), root / "course.yml")
    for folder in ("solutions", "assignments", "docs"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    return root


def run_visible(folder: Path, *options: str) -> tuple[subprocess.CompletedProcess, list]:
    """pytest on a copied assignment folder; returns the run and [(test name, failure message or None)]."""
    report = folder / "report.xml"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *options],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    cases = []
    for case in ET.parse(report).getroot().iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        cases.append((case.get("name"), None if problem is None else problem.get("message", "")))
    return run, cases


def assignment_copy(tmp_path: Path, assignment_id: str) -> Path:
    folder = tmp_path / assignment_id
    folder.mkdir()
    for name in shipped_files(assignment_id):
        shutil.copy(paths.assignments_dir() / assignment_id / name, folder / name)
    return folder


# ---- stubs ------------------------------------------------------------------------------------------
def test_stub_replaces_each_region_and_keeps_its_indentation():
    source = '''"""Module doc."""
import numpy as np


def _given(x):
    return x


def f(x: np.ndarray) -> np.ndarray:
    """Doc of f."""
    ### BEGIN SOLUTION
    secret = x * 2
    return secret
    ### END SOLUTION


class Box:
    def g(self):
        ### BEGIN SOLUTION
        return 42
        ### END SOLUTION
'''
    stub = make_stub(source)
    assert "secret" not in stub and "42" not in stub
    assert "BEGIN SOLUTION" not in stub and "END SOLUTION" not in stub
    assert "    # YOUR CODE HERE\n    raise NotImplementedError\n" in stub
    assert "        # YOUR CODE HERE\n        raise NotImplementedError\n" in stub
    assert '"""Module doc."""' in stub and '"""Doc of f."""' in stub and "def _given(x):\n    return x" in stub
    assert "def f(x: np.ndarray) -> np.ndarray:" in stub
    ast.parse(stub)


@pytest.mark.parametrize(
    "source, complaint",
    [
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "never closed"),
        ("def f():\n    return 1\n    ### END SOLUTION\n", "without a matching"),
        (
            "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
            "opened twice",
        ),
    ],
)
def test_stub_refuses_unbalanced_markers(source, complaint):
    with pytest.raises(KitError, match=complaint):
        make_stub(source, "broken.py")


def test_stub_that_does_not_parse_is_refused():
    source = "def f():\n    x = (\n    ### BEGIN SOLUTION\n    1)\n    ### END SOLUTION\n"
    with pytest.raises(KitError, match="does not parse"):
        make_stub(source, "odd.py")


@pytest.mark.parametrize("assignment_id", IDS)
def test_stub_keeps_everything_outside_the_regions(assignment_id):
    solution = (paths.solutions_dir() / f"{assignment_id}.py").read_text(encoding="utf-8")
    stub = (paths.assignments_dir() / assignment_id / f"{assignment_id}.py").read_text(encoding="utf-8")
    sol_tree, stub_tree = ast.parse(solution), ast.parse(stub)
    assert ast.get_docstring(stub_tree) == ast.get_docstring(sol_tree)
    sol_defs = {n.name: n for n in sol_tree.body if isinstance(n, ast.FunctionDef)}
    stub_defs = {n.name: n for n in stub_tree.body if isinstance(n, ast.FunctionDef)}
    assert list(stub_defs) == list(sol_defs), "same functions (given ones too), in the same order"
    for name, node in stub_defs.items():
        assert ast.unparse(node.args) == ast.unparse(sol_defs[name].args), name
        assert ast.get_docstring(node) == ast.get_docstring(sol_defs[name]), name
        if name.startswith("_"):
            assert ast.dump(node) == ast.dump(sol_defs[name]), f"the given function {name} is kept as is"
        else:
            last = node.body[-1]
            assert isinstance(last, ast.Raise) and ast.unparse(last.exc) == "NotImplementedError", name

    def imports(tree):
        return [ast.unparse(n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]

    assert imports(stub_tree) == imports(sol_tree)
    assert "### BEGIN SOLUTION" not in stub and "### END SOLUTION" not in stub


# ---- generation and drift ---------------------------------------------------------------------------
def test_generated_files_match_the_solutions():
    assert check_drift() == []


def test_generation_is_deterministic():
    first, second = render_all(), render_all()
    assert first == second
    expected = {Path("docs/contract.md")} | {Path("assignments") / a / n for a in IDS for n in shipped_files(a)}
    assert set(first) == expected


@pytest.mark.parametrize("assignment_id", IDS)
def test_no_solution_code_or_markers_under_assignments(assignment_id):
    folder = paths.assignments_dir() / assignment_id
    secrets = region_lines(assignment_id)
    assert secrets, "the reference solution has solution regions to look for"
    for file in sorted(folder.rglob("*")):
        if not file.is_file() or "__pycache__" in file.parts:
            continue
        text = file.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN"):
            assert marker not in text, f"{file.name} holds {marker!r}"
        for line in secrets:
            assert line not in text.replace('\\"', '"'), f"{file.name} holds the solution line {line!r}"
    assert leaks(folder) == []


def test_drift_and_leaks_are_reported(tmp_path):
    root = kit_copy(tmp_path)
    assert check_drift(root) == []
    readme = root / "assignments" / "a2_losses" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA stray edit.\n", encoding="utf-8")
    stub = root / "assignments" / "a1_encoding" / "a1_encoding.py"
    secret = region_lines("a1_encoding")[0]
    stub.write_text(stub.read_text(encoding="utf-8") + f"\n# {secret}\n", encoding="utf-8")
    (root / "docs" / "contract.md").unlink()
    drift = check_drift(root)
    assert "assignments/a2_losses/README.md: differs from what `autograder generate` writes" in drift
    assert "docs/contract.md: missing" in drift
    assert any(line.startswith("assignments/a1_encoding/a1_encoding.py:") and secret in line for line in drift), drift
    written = generate_all(root)
    assert len(written) == len(render_all(root)) and all(p.is_file() for p in written)
    assert check_drift(root) == []


def test_leaks_finds_markers_in_notebooks_and_hidden_check_lines(tmp_path):
    hidden = sorted(_grader_lines(None))
    assert hidden, "the hidden checks have test bodies to guard"
    (tmp_path / "notes.ipynb").write_text('{"cells": [{"cell_type": "code", "source": ["### BEGIN SOLUTION\\n"]}]}')
    (tmp_path / "copied.py").write_text(f"def check():\n    {hidden[0]}\n", encoding="utf-8")
    (tmp_path / "image.bin").write_bytes(b"\xff\xfe\x00BEGIN SOLUTION")  # binary files are not text to read
    found = leaks(tmp_path)
    assert any(f.startswith("notes.ipynb: holds the marker 'BEGIN SOLUTION'") for f in found), found
    assert any(f.startswith("copied.py:") and "hidden checks" in f for f in found), found
    assert not any(f.startswith("image.bin") for f in found)


# ---- visible tests ----------------------------------------------------------------------------------
ALLOWED_IMPORTS = {"numpy", "sympy", "pytest"} | set(sys.stdlib_module_names)  # and the student-safe package
PROXY = {
    "last_call",
    "last_warnings",
    "call_with_args_after",
}  # what the engine's `student` offers besides the functions


def _categories(source: str, functions) -> dict:
    """function -> the categories its checks declare (`@category(...)`), and the checks that declare none."""
    found: dict = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
            continue
        function = max((f for f in functions if node.name.startswith(f"test_{f}")), key=len)
        declared = [
            d.args[0].value
            for d in node.decorator_list
            if isinstance(d, ast.Call) and getattr(d.func, "id", None) == "category" and d.args
        ]
        found.setdefault(function, set()).update(declared or [None])
    return found


@pytest.mark.parametrize("assignment_id", [a for a in IDS if a != "a4_derivations"])
def test_visible_checks_try_every_category_of_the_hidden_checks(assignment_id):
    """A student who passes every visible check is not surprised by the grade: every kind of input a hidden check
    tries, a visible check tries too (with other values), and every check of either says which kind it tries."""
    functions = solution_functions(assignment_id)
    hidden = _categories(
        (ROOT / "autograder" / "graders" / f"{assignment_id}.py").read_text(encoding="utf-8"), functions
    )
    template = ROOT / "autograder" / "authoring" / "templates" / f"visible_{assignment_id}.py"
    shown = _categories(template.read_text(encoding="utf-8"), functions)
    for function in functions:
        assert None not in hidden.get(function, {None}), f"a hidden check of {function} declares no category"
        assert None not in shown.get(function, {None}), f"a visible check of {function} declares no category"
        missing = hidden[function] - shown[function]
        assert not missing, f"{function}: no visible check tries {sorted(missing)}"
        for name in hidden[function] | shown[function]:
            assert catalogue.has(f"category:{name}"), f"category {name} has no name in the catalogue"


@pytest.mark.parametrize("assignment_id", IDS)
def test_visible_tests_follow_the_engine_design(assignment_id):
    path = paths.assignments_dir() / assignment_id / f"test_{assignment_id}_visible.py"
    source = path.read_text(encoding="utf-8")
    functions = solution_functions(assignment_id)
    mapping = visible_tests_by_function(source, functions)
    assert None not in mapping, f"tests that name no function: {mapping.get(None)}"
    for function in functions:
        assert mapping[function], f"{function} has no visible check"
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            # the student fixture only: the same check runs under the engine, plain pytest and a notebook's check()
            assert [a.arg for a in node.args.args] == ["student"], f"{node.name} takes the student fixture"
            used = {
                n.attr
                for n in ast.walk(node)
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "student"
            }
            named = {
                n.args[0].value
                for n in ast.walk(node)
                if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr == "call_with_args_after"
                and isinstance(n.args[0], ast.Constant)
            }
            named |= {
                n.args[2].value
                for n in ast.walk(node)
                if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Name)
                and n.func.id == "expect_raises"
                and isinstance(n.args[2], ast.Constant)
            }  # (student, error, function)
            assert (used - PROXY) | named and ((used - PROXY) | named) <= set(functions), (
                f"{node.name} uses student.{used}"
            )
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            assert all(
                n.split(".")[0] in ALLOWED_IMPORTS or n == "autograder.checker" or n.startswith("autograder.checker.")
                for n in names
            ), f"{path.name} imports {names}"
            if assignment_id != "a4_derivations":
                assert all(n.split(".")[0] != "sympy" for n in names)


@pytest.mark.parametrize("assignment_id", IDS)
def test_reference_solution_passes_every_visible_test(tmp_path, assignment_id):
    folder = assignment_copy(tmp_path, assignment_id)
    solution = paths.solutions_dir() / f"{assignment_id}.py"
    run, cases = run_visible(folder, f"--submission={solution}")
    assert run.returncode == 0, run.stdout[-3000:]
    source = (folder / f"test_{assignment_id}_visible.py").read_text(encoding="utf-8")
    expected = {n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")}
    assert {name for name, _ in cases} == expected
    assert all(message is None for _, message in cases), cases


@pytest.mark.parametrize("assignment_id", IDS)
def test_stub_fails_every_visible_test_with_not_implemented(tmp_path, assignment_id):
    folder = assignment_copy(tmp_path, assignment_id)
    run, cases = run_visible(folder)  # the stub beside the conftest
    assert run.returncode == 1, run.stdout[-3000:]
    assert cases, "the visible tests were collected"
    for name, message in cases:  # the grader's own sentence, in the course's language
        assert message is not None and "is not implemented yet (it raised NotImplementedError)" in message, (
            f"{name}: {message}"
        )


def test_conftest_refuses_a_missing_submission(tmp_path):
    folder = assignment_copy(tmp_path, "a2_losses")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--submission=nothere.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 4 and "--submission: no file at" in run.stderr, run.stderr


# ---- release ----------------------------------------------------------------------------------------
def test_release_copies_the_bundle_without_solution_code(tmp_path):
    bundle = release("a3_gradients", tmp_path / "out", None)
    assert bundle == tmp_path / "out" / "a3_gradients"
    assert sorted(p.name for p in bundle.iterdir()) == sorted(shipped_files("a3_gradients"))
    assert leaks(bundle) == []
    texts = "\n".join(p.read_text(encoding="utf-8") for p in bundle.iterdir())
    assert "SOLUTION" not in texts
    assert not any(line in texts for line in region_lines("a3_gradients"))


def test_release_refuses_a_planted_solution_line(tmp_path):
    root = kit_copy(tmp_path)
    notebook = root / "assignments" / "a2_losses" / "a2_losses.ipynb"
    secret = region_lines("a2_losses")[-1]
    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if "exercise" in c.metadata.get("tags", []) and "NotImplementedError" in c.source)
    cell.source += f"\n    # {secret}"
    nbformat.write(nb, notebook)
    out = tmp_path / "out"
    with pytest.raises(KitError) as refused:
        release("a2_losses", out, root)
    message = str(refused.value)
    assert message.startswith("refusing to release a2_losses: a2_losses.ipynb: holds") and "\n" not in message
    assert not out.exists(), "nothing is copied when the release is refused"


def test_release_refuses_a_marker_and_a_hidden_check_line(tmp_path):
    root = kit_copy(tmp_path)
    readme = root / "assignments" / "a1_encoding" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n### BEGIN HIDDEN TESTS\n", encoding="utf-8")
    with pytest.raises(KitError, match="marker 'BEGIN HIDDEN'"):
        release("a1_encoding", tmp_path / "out", root)
    generate_all(root)
    tests = root / "assignments" / "a1_encoding" / "test_a1_encoding_visible.py"
    hidden = next(line for line, where in _grader_lines(None).items() if where.endswith("a1_encoding.py"))
    tests.write_text(tests.read_text(encoding="utf-8") + f"\n# {hidden}\n", encoding="utf-8")
    with pytest.raises(KitError, match="hidden checks"):
        release("a1_encoding", tmp_path / "out", root)


def test_release_refuses_stale_files_and_unknown_assignments(tmp_path):
    root = kit_copy(tmp_path)
    stub = root / "assignments" / "a4_derivations" / "a4_derivations.py"
    stub.write_text(stub.read_text(encoding="utf-8") + "\n# an edit by hand\n", encoding="utf-8")
    with pytest.raises(KitError, match="differs from what `autograder generate` writes; run `autograder generate`"):
        release("a4_derivations", tmp_path / "out", root)
    (root / "assignments" / "a1_encoding" / "conftest.py").unlink()
    with pytest.raises(KitError, match="conftest.py is missing"):
        release("a1_encoding", tmp_path / "out", root)
    with pytest.raises(KitError, match="unknown assignment"):
        release("a9_nothing", tmp_path / "out", root)


@pytest.mark.parametrize("assignment_id", IDS)
def test_visible_tests_run_under_the_grading_engine(assignment_id):
    """The same files through the engine's isolated `student`: exceptions arrive by name, f by name."""
    from autograder.grading.engine import Grader

    with Grader(assignment_id, visible=True) as grader:
        solved = grader.grade(paths.solutions_dir() / f"{assignment_id}.py")
        stub = grader.grade(paths.assignments_dir() / assignment_id / f"{assignment_id}.py")
    assert solved.checks and all(c.passed for c in solved.checks), [
        (c.name, c.message("en")) for c in solved.checks if not c.passed
    ]
    assert {c.problem for c in solved.checks} == set(COURSE.assignment(assignment_id).problems)
    assert solved.score == solved.max_score
    assert stub.score == 0 and all(c.status == "not implemented" for c in stub.checks), [
        (c.name, c.status) for c in stub.checks
    ]


# ---- the lecture's story: Markdown read by generic code ------------------------------------------------------------
@pytest.mark.parametrize("assignment_id", IDS)
def test_each_story_speaks_of_the_assignments_own_functions(assignment_id):
    from autograder.authoring.story import load_story

    story = load_story(assignment_id)
    functions = solution_functions(assignment_id)
    assert story is not None and story.intro and story.setup and story.outro
    assert list(story.before) == functions  # one section per exercise, in the solution's order
    assert set(story.after) <= {"setup", *functions}
    for name, cells in story.after.items():
        for cell in cells:
            ast.parse(cell)  # every practice cell is Python
            assert "```" not in cell
        if name != "setup":
            assert cells[0] == f'check("{name}")'


def test_a_story_is_read_section_by_section():
    from autograder.authoring.story import DEFAULT_CLOSING, parse_story

    text = (
        "a note to the editor\n<!-- story: intro -->\nHello *there*.\n\n<!-- story: setup -->\n## Setup\n"
        "<!-- story: before f -->\n## f\n```python\nnot a cell: markdown\n```\n"
        '<!-- story: after f -->\n```python\ncheck("f")\n```\n\nsome words\n\n```python\nx = 1\n\ny = 2\n```\n'
        "<!-- story: outro -->\nBye.\n"
    )
    story = parse_story(text)
    assert (story.intro, story.setup, story.outro) == ("Hello *there*.", "## Setup", "Bye.")
    assert story.before == {"f": "## f\n```python\nnot a cell: markdown\n```"}
    assert story.after == {"f": ['check("f")', "x = 1\n\ny = 2"]} and story.closing == DEFAULT_CLOSING


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("<!-- story: intro -->\na\n<!-- story: intro -->\nb\n", "<!-- story: intro --> is given twice"),
        ("<!-- story: after f -->\ncheck('f')\n", "holds no ```python block"),
        ("<!-- story: before -->\ntext\n", "name the function"),
        ("<!-- story: outro f -->\ntext\n", "takes no name"),
    ],
)
def test_a_broken_story_says_which_marker(text, fragment):
    from autograder.authoring.story import parse_story

    with pytest.raises(KitError, match=fragment.replace("(", r"\(")) as info:
        parse_story(text, "stories/x.md")
    assert str(info.value).startswith("stories/x.md: ")
