"""The `student` fixture for the visible tests of __assignment__: it loads your submission, and runs the checks
with the grader's own comparisons and messages (carried below: no kit to install).

    pytest                                      # tests __assignment__.py in this folder
    pytest --submission=__assignment__.ipynb    # tests the notebook: its code cells not tagged skip-grading
    pytest --submission=path/to/mine.py         # tests another file
    pytest --lang=zh-TW                         # the messages in another language (or AUTOGRADER_LANG=zh-TW)

Write `--submission=PATH` with the `=`: pytest reads a separate PATH as a folder to collect tests from.
"""
import json
import os
import sys
import types
from pathlib import Path

import pytest

# <kit-embed checker>
from _kit.catalogue import languages, render_all, resolve_language
from _kit.grading.feedback import CheckAborted, Feedback, messages_of
from _kit.selfcheck.course import LANGUAGE, POINTS
from _kit.selfcheck.local import LocalStudent
from _kit.selfcheck.run import check_name, problem_of

ASSIGNMENT = "__assignment__"
HERE = Path(__file__).resolve().parent


def pytest_addoption(parser):
    parser.addoption("--submission", default=None, metavar="PATH",
                     help=f"the .py or .ipynb file to test, as --submission=PATH (default: {ASSIGNMENT}.py beside this file)")
    parser.addoption("--lang", default=None, metavar="LANG",
                     help=f"the language of the messages: {', '.join(languages())} (default: AUTOGRADER_LANG, else {LANGUAGE})")


def _submission_path(config):
    chosen = config.getoption("--submission")
    return Path(chosen).resolve() if chosen else HERE / f"{ASSIGNMENT}.py"


def _language(config):
    chosen = config.getoption("--lang") or os.environ.get("AUTOGRADER_LANG") or LANGUAGE
    return resolve_language(chosen)


def pytest_configure(config):
    path = _submission_path(config)
    if not path.is_file():
        raise pytest.UsageError(f"--submission: no file at {path}")
    if path.suffix not in (".py", ".ipynb"):
        raise pytest.UsageError(f"--submission: expected a .py or .ipynb file, not {path.name}")
    if _language(config) is None:
        raise pytest.UsageError(f"--lang: no language {config.getoption('--lang') or os.environ.get('AUTOGRADER_LANG')}"
                                f" (known: {', '.join(languages())})")


def notebook_code(path):
    """The code the grader sees in a notebook: code cells not tagged skip-grading, minus % and ! lines."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code" or "skip-grading" in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        # IPython lines (%magic, !shell) become blank lines, so line numbers in tracebacks stay right
        parts.append("\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()))
    return "\n\n".join(parts) + "\n"


def load_submission(path):
    """Run the submission in a fresh module, the way the grader does."""
    path = Path(path)
    code = notebook_code(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    module = types.ModuleType(f"submission_{ASSIGNMENT}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    exec(compile(code, str(path), "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def student(request):
    """Your functions, called as the grader calls them: the same outcomes, the same messages."""
    return LocalStudent(vars(load_submission(_submission_path(request.config))))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed check reads as the grader's message (what was expected, what came back, on which input)."""
    outcome = yield
    report = outcome.get_result()
    error = call.excinfo.value if call.excinfo is not None else None
    if report.failed and isinstance(error, (Feedback, CheckAborted, AssertionError)):
        problem = problem_of(item.name, POINTS) or ""
        report.longrepr = render_all(messages_of(error, check_name(ASSIGNMENT, problem, item.name)),
                                     _language(item.config))
