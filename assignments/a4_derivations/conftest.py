"""The `student` fixture for the visible tests of a4_derivations: it loads your submission and runs the checks with
the grader's own comparisons and messages, which the set-up cell of a4_derivations.ipynb beside this file carries
(nothing to install).

    pytest                                      # tests a4_derivations.py in this folder
    pytest --submission=a4_derivations.ipynb    # tests the notebook: its code cells not tagged skip-grading
    pytest --submission=path/to/mine.py         # tests another file
    pytest --lang=zh-TW                         # the messages in another language (or AUTOGRADER_LANG=zh-TW)

Write `--submission=PATH` with the `=`: pytest reads a separate PATH as a folder to collect tests from.
"""
import base64
import hashlib
import json
import lzma
import os
import re
import shutil
import sys
import tempfile
import types
from pathlib import Path

import pytest

ASSIGNMENT = "a4_derivations"
HERE = Path(__file__).resolve().parent
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
CHECKER = "67361c69e48df36e200623056f0e34b6e69a08776d2bcd55ba5468b6c1ee7272"  # the SHA-256 of the archive the notebook's set-up cell carries
LANGUAGE = "en"
SAID = {
    "help_submission": "the .py or .ipynb file to test, as --submission=PATH (default: a4_derivations.py beside this file)",
    "help_lang": "the language of the messages: en, zh-TW (default: AUTOGRADER_LANG, else en)",
    "no_checker": {
        "en": "The visible tests take the grader's checks from the set-up cell of a4_derivations.ipynb, which is missing or was changed: put back the a4_derivations.ipynb you received (your own work can be in another notebook: pytest --submission=mine.ipynb).",
        "zh-TW": "公開檢查要從 a4_derivations.ipynb 的設定儲存格取得評分程式的檢查，但那個儲存格不見了或被改過：請放回你收到的 a4_derivations.ipynb（你自己的作答可以放在另一本筆記本：pytest --submission=mine.ipynb）。"
    }
}  # what is said before the checker is unpacked, in every language
NOTES = []  # what loading the submission raised
CARRIED = {}  # "course": the course facts the archive carries (checker/carried.py's Carried)


def pytest_addoption(parser):
    parser.addoption("--submission", default=None, metavar="PATH", help=SAID["help_submission"])
    parser.addoption("--lang", default=None, metavar="LANG", help=SAID["help_lang"])


def _wanted_language(config):
    return config.getoption("--lang") or os.environ.get("AUTOGRADER_LANG") or LANGUAGE


def _unpack_checker(config):
    """The archive of the notebook's set-up cell, in a private temporary folder; its package imported from there."""
    try:
        cells = json.loads((HERE / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
        sources = ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"] for cell in cells]
        found = re.search(r'_set_up\("([^"]*)"\)', "\n".join(sources))
        archive = lzma.decompress(base64.b85decode(found.group(1)))
    except (OSError, AttributeError, KeyError, TypeError, ValueError, lzma.LZMAError):
        archive = b""
    if hashlib.sha256(archive).hexdigest() != CHECKER:
        said = SAID["no_checker"]
        raise pytest.UsageError(said.get(_wanted_language(config), said[LANGUAGE]))
    folder = tempfile.mkdtemp()
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    path = os.path.join(folder, "checker.zip")
    with open(path, "wb") as file:
        file.write(archive)
    for name in [name for name in sys.modules if name.split(".")[0] == "autograder"]:
        del sys.modules[name]  # the carried checker is the one used
    sys.path.insert(0, path)
    from autograder.checker.carried import adopt

    sys.path.remove(path)
    CARRIED["course"] = adopt(path)


def _say(config, key, **params):
    from autograder.checker.catalogue import resolve_language
    from autograder.checker.console import for_console
    from autograder.checker.message import say

    text = say(key, resolve_language(_wanted_language(config)) or LANGUAGE, **params)
    return for_console(text, getattr(sys.stdout, "encoding", None))


def pytest_configure(config):
    _unpack_checker(config)
    from autograder.checker.catalogue import languages, resolve_language

    path = _submission_path(config)
    if not path.is_file():
        raise pytest.UsageError(_say(config, "pytest:no_file", path=str(path)))
    if path.suffix not in (".py", ".ipynb"):
        raise pytest.UsageError(_say(config, "pytest:not_python", name=path.name))
    if resolve_language(_wanted_language(config)) is None:
        known = ", ".join(languages())
        raise pytest.UsageError(_say(config, "pytest:no_language", lang=_wanted_language(config), languages=known))


def _submission_path(config):
    chosen = config.getoption("--submission")
    return Path(chosen).resolve() if chosen else HERE / f"{ASSIGNMENT}.py"


def load_submission(path):
    """Run the submission in a fresh module, as the grader does: a notebook's graded cells one by one, each under
    the name Jupyter shows it by, a cell that raises noted and the rest still loaded."""
    from autograder.checker.cells import Cell, code_cells
    from autograder.checker.local import where_raised

    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    cells = code_cells(json.loads(text)) if path.suffix == ".ipynb" else [Cell(0, False, text)]
    module = types.ModuleType(f"submission_{ASSIGNMENT}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    for cell in cells:
        try:
            exec(compile(cell.source, str(path) if path.suffix == ".py" else cell.name, "exec"), module.__dict__)
        except Exception as error:  # the grader goes on with the next cell; so does this
            NOTES.append((type(error).__name__, str(error)[:300], where_raised(error)))
    return module


@pytest.fixture(scope="module")
def student(request):
    """Your functions, called as the grader calls them: the same outcomes, the same messages."""
    from autograder.checker.local import LocalStudent

    submission = load_submission(_submission_path(request.config))
    return LocalStudent(vars(submission), CARRIED["course"].forbidden)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed check reads as the grader's message (what was expected, what came back, on which input)."""
    from autograder.checker.catalogue import resolve_language
    from autograder.checker.console import for_console
    from autograder.checker.feedback import CheckAborted, Feedback
    from autograder.checker.message import render_all
    from autograder.checker.run import check_name, problem_of, said

    outcome = yield
    report = outcome.get_result()
    error = call.excinfo.value if call.excinfo is not None else None
    if report.failed and isinstance(error, (Feedback, CheckAborted, AssertionError)):
        problem = problem_of(item.name, [p for p, _ in CARRIED["course"].points]) or ""
        lang = resolve_language(_wanted_language(item.config)) or LANGUAGE
        text = render_all(said(error, check_name(ASSIGNMENT, problem, item.name), getattr(item, "function", None)),
                          lang)
        report.longrepr = for_console(text, getattr(sys.stdout, "encoding", None))


def pytest_terminal_summary(terminalreporter, config):
    for kind, message, where in NOTES:
        terminalreporter.write_line(_say(config, "pytest:load_failed", type=kind, message=message, where=where))
