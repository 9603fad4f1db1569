"""The `student` fixture for the visible tests of a2_losses: it loads your submission.

    pytest                                      # tests a2_losses.py in this folder
    pytest --submission=a2_losses.ipynb    # tests the notebook: its code cells not tagged skip-grading
    pytest --submission=path/to/mine.py         # tests another file

Write `--submission=PATH` with the `=`: pytest reads a separate PATH as a folder to collect tests from.
"""
import json
import sys
import types
from pathlib import Path

import pytest

ASSIGNMENT = "a2_losses"
HERE = Path(__file__).resolve().parent


def pytest_addoption(parser):
    parser.addoption("--submission", default=None, metavar="PATH",
                     help=f"the .py or .ipynb file to test, as --submission=PATH (default: {ASSIGNMENT}.py beside this file)")


def _submission_path(config):
    chosen = config.getoption("--submission")
    return Path(chosen).resolve() if chosen else HERE / f"{ASSIGNMENT}.py"


def pytest_configure(config):
    path = _submission_path(config)
    if not path.is_file():
        raise pytest.UsageError(f"--submission: no file at {path}")
    if path.suffix not in (".py", ".ipynb"):
        raise pytest.UsageError(f"--submission: expected a .py or .ipynb file, not {path.name}")


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
    return load_submission(_submission_path(request.config))
