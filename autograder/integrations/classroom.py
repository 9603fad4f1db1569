"""GitHub Classroom autograding for a released assignment: the visible tests on every push, nothing hidden.

`autograder release <id> --out DIR --classroom` adds `.github/classroom/autograding.json` (the format of
Classroom's original autograding action) and `.github/workflows/classroom.yml` (the workflow Classroom
now generates: one `autograding-command-grader` step per problem, then the reporter). Each step runs that
problem's visible tests from `test_<id>_visible.py` on the student's `.py`, or else on their notebook,
worth course.yml's points, so students see at once which functions pass the sanity checks. The hidden
checks never go into the student's repository: the grade comes from the instructor's `autograder grade`.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import yaml

from ..catalogue import SOURCE_LANGUAGE, say
from ..course import Assignment, load_course
from ..errors import KitError

WORKFLOW_NAME = "Autograding Tests"  # Classroom takes scores only from this workflow name and job name
JOB_NAME = "run-autograding-tests"
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
PYTHON_VERSION = "3.12"
TIMEOUT_MINUTES = 10
STUDENT_PACKAGES = ("numpy", "pytest")  # what the visible tests and the student's file need (sympy and lark when sympy is imported)


def visible_test_names(test_file: Path) -> list[str]:
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]


def tests_by_problem(assignment: Assignment, test_file: Path) -> dict:
    """problem -> its visible tests, by the longest `test_<problem>` prefix (as the engine assigns checks)."""
    grouped: dict = {p: [] for p in assignment.problems}
    for name in visible_test_names(test_file):
        owners = [p for p in assignment.problems if name.startswith(f"test_{p}")]
        if owners:
            grouped[max(owners, key=len)].append(name)
    return grouped


def pinned_requirements(assignment_id: str) -> list[str]:
    """The kit's own pins (pyproject.toml) for what students' tests import: the versions the grader uses."""
    import tomllib

    from .. import paths

    pyproject = paths.KIT_ROOT / "pyproject.toml"
    try:
        dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise KitError(f"cannot read the kit's pinned dependencies from {pyproject}: {exc}") from None
    wanted = list(STUDENT_PACKAGES)
    solution = paths.solutions_dir() / f"{assignment_id}.py"
    if solution.is_file() and re.search(r"^\s*(import|from)\s+sympy", solution.read_text(encoding="utf-8"), re.M):
        wanted += ["sympy", "lark"]  # lark: sympy's LaTeX parser, for steps written in LaTeX
    pins = {re.split(r"[<>=!~ \[;]", d, maxsplit=1)[0].lower(): d for d in dependencies}
    missing = [name for name in wanted if name not in pins]
    if missing:
        raise KitError(f"pyproject.toml pins no version of {', '.join(missing)}")
    return [pins[name] for name in wanted]


def _points(value: float):
    return int(value) if float(value).is_integer() else float(value)


def problem_command(assignment_id: str, tests: list[str]) -> str:
    """pytest on the student's .py, or else on the notebook: whichever file they worked in.

    The command grader runs a command without a shell (arguments split at spaces, double quotes group),
    so the `||` lives inside `bash -c "..."`.
    """
    ids = " ".join(f"test_{assignment_id}_visible.py::{name}" for name in tests)
    pytest = "python -m pytest -q -p no:cacheprovider"
    return f'bash -c "{pytest} {ids} || {pytest} --submission={assignment_id}.ipynb {ids}"'


def classroom_tests(assignment: Assignment, test_file: Path, lang: str = SOURCE_LANGUAGE) -> list[dict]:
    """One Classroom test per problem that has visible tests, named in the course's language."""
    tests = []
    for problem, names in tests_by_problem(assignment, test_file).items():
        if names:
            tests.append({"problem": problem, "name": say("classroom:test_name", lang, problem=problem),
                          "command": problem_command(assignment.id, names),
                          "points": _points(assignment.problems[problem])})
    if not tests:
        raise KitError(f"{test_file.name} has no test_<problem> tests for {assignment.id}")
    return tests


def autograding_json(tests: list[dict], install: str) -> dict:
    return {"tests": [{
        "name": t["name"], "setup": install if index == 0 else "", "run": t["command"], "input": "", "output": "",
        "comparison": "included", "timeout": TIMEOUT_MINUTES, "points": t["points"],
    } for index, t in enumerate(tests)]}


def _step_id(problem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", problem.lower()).strip("-")


def workflow(tests: list[dict], install: str) -> dict:
    ids = [_step_id(t["problem"]) for t in tests]
    steps = [
        {"name": "Checkout code", "uses": "actions/checkout@v4"},
        {"name": "Set up Python", "uses": "actions/setup-python@v5", "with": {"python-version": PYTHON_VERSION}},
        {"name": "Install the test requirements", "run": install},
    ]
    for step_id, t in zip(ids, tests):
        steps.append({"name": t["name"], "id": step_id, "uses": COMMAND_GRADER, "with": {
            "test-name": t["name"], "setup-command": "", "command": t["command"],
            "timeout": TIMEOUT_MINUTES, "max-score": t["points"]}})
    steps.append({
        "name": "Autograding Reporter", "uses": REPORTER,
        "env": {f"{step_id.upper()}_RESULTS": f"${{{{steps.{step_id}.outputs.result}}}}" for step_id in ids},
        "with": {"runners": ",".join(ids)},
    })
    return {
        "name": WORKFLOW_NAME,
        "on": ["push", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {JOB_NAME: {"runs-on": "ubuntu-latest", "if": "github.actor != 'github-classroom[bot]'",
                            "steps": steps}},
    }


def add_classroom(assignment_id: str, out_dir: Path | str, course=None) -> list[Path]:
    """Write the two Classroom files into the released assignment folder (the students' repository root)."""
    out = Path(out_dir)
    course = course or load_course()
    assignment = course.assignment(assignment_id)
    test_file = out / f"test_{assignment_id}_visible.py"
    if not test_file.is_file():
        raise KitError(f"no visible tests to run in {out}: {test_file.name} is missing")
    tests = classroom_tests(assignment, test_file, course.language)
    install = "python -m pip install --quiet " + " ".join(pinned_requirements(assignment_id))
    json_path = out / ".github" / "classroom" / "autograding.json"
    yml_path = out / ".github" / "workflows" / "classroom.yml"
    json_path.parent.mkdir(parents=True, exist_ok=True)
    yml_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(autograding_json(tests, install), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    header = ("# Generated by `autograder release --classroom`: the visible tests on every push, for students' "
              "feedback.\n# The hidden checks are not here; the grade comes from the instructor's grading.\n")
    yml_path.write_text(header + yaml.safe_dump(workflow(tests, install), sort_keys=False, allow_unicode=True,
                                                width=1000), encoding="utf-8")
    return [json_path, yml_path]
