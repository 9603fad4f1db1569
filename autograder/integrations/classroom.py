"""GitHub Classroom autograding for a released assignment: the visible checks on every push, scored honestly.

`autograder release <id> --out DIR --classroom` adds `.github/classroom/autograding.json` (the format of
Classroom's original autograding action), `.github/workflows/classroom.yml` (the workflow Classroom now
generates: one `autograding-command-grader` step per check, then the reporter) and `.github/classroom/kit/`,
the kit's engine without any hidden check or reference, which the workflow installs. One step runs the
visible tests through the kit's isolated `student` (classroom_run.py): the tests' comparisons run with the
trusted numpy, the student's functions in their own sandboxed process, so patching `np.allclose` in the
submission earns nothing. Then each visible check is a step worth its share of its problem's points, so
the score GitHub shows is each problem's points scaled by the share of its visible checks passed, and
every name and the run's summary say so: visible checks only, the grade comes from the hidden checks the
instructor runs (`autograder batch`). Problems without visible checks are not scored there.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import yaml

from ..catalogue import SOURCE_LANGUAGE, Message, say
from ..course import Assignment, load_course
from ..errors import KitError

WORKFLOW_NAME = "Autograding Tests"  # Classroom takes scores only from this workflow name and job name
JOB_NAME = "run-autograding-tests"
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
PYTHON_VERSION = "3.12"
TIMEOUT_MINUTES = 10


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


def _points(value: float):
    return int(value) if float(value).is_integer() else float(value)


RUN_COMMAND = "env AUTOGRADER_ROOT=.github/classroom python -m autograder.integrations.classroom_run run"
INSTALL_COMMAND = "python -m pip install --quiet ./.github/classroom/kit"


def verdict_command(test: str) -> str:
    """One step's command: the verdict of one visible check from the run's results (exit 0 if it passed)."""
    return f"python -m autograder.integrations.classroom_run verdict {test}"


def check_title(test: str, problem: str) -> str:
    """What the visible test checks, in words: its name without `test_<problem>_`."""
    return test.removeprefix(f"test_{problem}").strip("_").replace("_", " ") or problem


def classroom_tests(assignment: Assignment, test_file: Path, lang: str = SOURCE_LANGUAGE) -> list[dict]:
    """One Classroom test per visible check, worth its problem's points shared equally among its visible checks."""
    from ..grading.scoring import check_points

    tests = []
    for problem, names in tests_by_problem(assignment, test_file).items():
        shares = check_points(float(assignment.problems[problem]), [1.0] * len(names))
        for name, share in zip(names, shares):
            tests.append(
                {
                    "problem": problem,
                    "test": name,
                    "points": _points(share),
                    "name": say(
                        "classroom:test_name",
                        lang,
                        problem=problem,
                        check=check_title(name, problem),
                        points=_points(share),
                        of=_points(assignment.problems[problem]),
                    ),
                    "command": verdict_command(name),
                }
            )
    if not tests:
        raise KitError(f"{test_file.name} has no test_<problem> tests for {assignment.id}")
    return tests


def autograding_json(tests: list[dict], setup: str) -> dict:
    return {
        "tests": [
            {
                "name": t["name"],
                "setup": setup if index == 0 else "",
                "run": t["command"],
                "input": "",
                "output": "",
                "comparison": "included",
                "timeout": TIMEOUT_MINUTES,
                "points": t["points"],
            }
            for index, t in enumerate(tests)
        ]
    }


def _step_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def workflow(tests: list[dict], lang: str = SOURCE_LANGUAGE) -> dict:
    ids = [_step_id(t["test"]) for t in tests]
    steps = [
        {"name": "Checkout code", "uses": "actions/checkout@v4"},
        {"name": "Set up Python", "uses": "actions/setup-python@v5", "with": {"python-version": PYTHON_VERSION}},
        {"name": "Install the kit (no hidden checks)", "run": INSTALL_COMMAND},
        {"name": say("classroom:run_step", lang), "run": RUN_COMMAND},
    ]
    for step_id, t in zip(ids, tests):
        steps.append(
            {
                "name": t["name"],
                "id": step_id,
                "uses": COMMAND_GRADER,
                "with": {
                    "test-name": t["name"],
                    "setup-command": "",
                    "command": t["command"],
                    "timeout": TIMEOUT_MINUTES,
                    "max-score": t["points"],
                },
            }
        )
    steps.append(
        {
            "name": say("classroom:reporter", lang),
            "uses": REPORTER,
            "env": {f"{step_id.upper()}_RESULTS": f"${{{{steps.{step_id}.outputs.result}}}}" for step_id in ids},
            "with": {"runners": ",".join(ids)},
        }
    )
    return {
        "name": WORKFLOW_NAME,
        "on": ["push", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {
            JOB_NAME: {"runs-on": "ubuntu-latest", "if": "github.actor != 'github-classroom[bot]'", "steps": steps}
        },
    }


# The kit's package as the workflow installs it: no hidden check, no reference, no door that needs them.
KIT_LEFT_OUT = (
    re.compile(r"^graders/a\d+_[a-z0-9_]+\.(py|yml)$"),
    re.compile(r"^authoring/"),
    re.compile(r"^integrations/(nbgrader_|gradescope)"),
)


def _without_hidden_names(text: str) -> str:
    """checks.yml without the names of the hidden checks (the visible ones stay)."""
    data = yaml.safe_load(text)
    data["check"] = {k: v for k, v in (data.get("check") or {}).items() if k.startswith("test_")}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def write_kit(target: Path) -> list[Path]:
    """`.github/classroom/kit/`: pyproject.toml and the package, hidden checks and their names left out."""
    from .. import paths

    written = []
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copyfile(paths.KIT_ROOT / "pyproject.toml", target / "pyproject.toml")
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        inside = path.relative_to(paths.PACKAGE_DIR).as_posix()
        if (
            not path.is_file()
            or "__pycache__" in inside
            or path.suffix == ".pyc"
            or any(p.match(inside) for p in KIT_LEFT_OUT)
        ):
            continue
        out = target / "autograder" / inside
        out.parent.mkdir(parents=True, exist_ok=True)
        if inside.startswith("catalogue/") and path.name == "checks.yml":
            out.write_text(_without_hidden_names(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(path, out)
        written.append(out)
    graders = [p for p in written if p.parent.name == "graders" and p.name.startswith("a")]
    if graders:  # a kit bug, said loudly: the hidden checks never travel to students
        shutil.rmtree(target, ignore_errors=True)
        raise KitError(Message("error:classroom_kit_hidden", name=graders[0].name))
    return written


def add_classroom(assignment_id: str, out_dir: Path | str, course=None) -> list[Path]:
    """Write the Classroom files and the kit into the released assignment folder (the students' repository root)."""
    import hashlib

    from .gradescope import one_assignment_course

    out = Path(out_dir)
    course = course or load_course()
    assignment = course.assignment(assignment_id)
    test_file = out / f"test_{assignment_id}_visible.py"
    if not test_file.is_file():
        raise KitError(f"no visible tests to run in {out}: {test_file.name} is missing")
    tests = classroom_tests(assignment, test_file, course.language)
    folder = out / ".github" / "classroom"
    json_path, yml_path = folder / "autograding.json", out / ".github" / "workflows" / "classroom.yml"
    folder.mkdir(parents=True, exist_ok=True)
    yml_path.parent.mkdir(parents=True, exist_ok=True)
    write_kit(folder / "kit")
    course_path = folder / "course.yml"
    course_path.write_bytes(one_assignment_course(course.path or paths_course_file(), assignment_id))
    stub = out / f"{assignment_id}.py"
    spec = {
        "assignment": assignment_id,
        "language": course.language,
        "stub_sha256": hashlib.sha256(stub.read_bytes()).hexdigest() if stub.is_file() else None,
        "checks": [{"test": t["test"], "problem": t["problem"], "points": t["points"]} for t in tests],
    }
    spec_path = folder / "classroom.json"
    spec_path.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    setup = f"{INSTALL_COMMAND} && {RUN_COMMAND}"
    json_path.write_text(
        json.dumps(autograding_json(tests, setup), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    header = "".join(f"# {line}\n" for line in say("classroom:workflow_header", course.language).splitlines())
    yml_path.write_text(
        header + yaml.safe_dump(workflow(tests, course.language), sort_keys=False, allow_unicode=True, width=1000),
        encoding="utf-8",
    )
    return [json_path, yml_path, spec_path, course_path]


def paths_course_file() -> Path:
    from .. import paths

    return paths.course_file()


def run_like_classroom(repo: Path, env: dict | None = None, timeout: float = 600) -> dict:
    """Run a released repository's autograding.json as Classroom does (the kit already installed): the run
    command of the setup once, then each test's command split like a command line, without a shell.
    Returns {"score", "max_score", "tests": {name: passed}}."""
    import shlex
    import subprocess

    spec = json.loads((repo / ".github" / "classroom" / "autograding.json").read_text(encoding="utf-8"))
    run = spec["tests"][0]["setup"].split(" && ")[-1]
    done = subprocess.run(shlex.split(run), cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise KitError(f"the Classroom run step failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
    outcome = {"score": 0.0, "max_score": 0.0, "tests": {}, "output": done.stdout}
    for test in spec["tests"]:
        passed = (
            subprocess.run(shlex.split(test["run"]), cwd=repo, env=env, capture_output=True, timeout=timeout).returncode
            == 0
        )
        outcome["tests"][test["name"]] = passed
        outcome["max_score"] += float(test["points"])
        outcome["score"] += float(test["points"]) if passed else 0.0
    outcome["score"], outcome["max_score"] = round(outcome["score"], 4), round(outcome["max_score"], 4)
    return outcome
