"""The visible checks of a GitHub Classroom repository, run through the kit's isolated `student`.

`python -m autograder.integrations.classroom_run run ID` (once per push, in the workflow) grades the student's
work with the visible tests of the repository: the test code runs here with the trusted numpy, the student's
functions in their own sandboxed process (the kit's `StudentSession`), so patching `np.allclose` or pytest in
the submission changes nothing. It writes `.github/classroom/results.json`: each visible check, passed or not,
with the points Classroom gives it (its problem's points shared among the problem's visible checks).
`python -m autograder.integrations.classroom_run verdict TEST` is the command of one Classroom step: it prints
that check's verdict and exits 0 only if it passed. The file graded is the student's `<id>.py` when they
changed it from the released stub, else their `<id>.ipynb`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

CLASSROOM_DIR = Path(".github") / "classroom"
SPEC = "classroom.json"
RESULTS = "results.json"


def _spec(repo: Path) -> dict:
    return json.loads((repo / CLASSROOM_DIR / SPEC).read_text(encoding="utf-8"))


def chosen_submission(repo: Path, spec: dict) -> Path:
    """The student's .py when it is not the released stub any more, else their notebook (if there is one). Both are
    looked at without following a link: a link is chosen as it is, and refused with the reason when it is read."""
    from ..errors import KitError
    from ..student_files import read

    script, notebook = repo / f"{spec['assignment']}.py", repo / f"{spec['assignment']}.ipynb"
    try:
        changed = hashlib.sha256(read(script, repo)).hexdigest() != spec.get("stub_sha256")
    except KitError:
        changed = os.path.islink(script)
    if changed:
        return script
    return notebook if os.path.lexists(notebook) else script


class _Plugin:
    """pytest plugin: the `student` fixture backed by the kit's sandbox, and each visible check's outcome."""

    def __init__(self, session, owners: dict):
        self.session, self.owners, self.outcomes = session, owners, {}

    @pytest.fixture
    def student(self, request):
        from ..grading.proxy import StudentProxy

        name = getattr(request.node, "originalname", request.node.name)
        return StudentProxy(self.session, self.owners.get(name, ""))

    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config):
        from ..grading.engine import configure_quietly

        configure_quietly(config)

    def pytest_runtest_makereport(self, item, call):
        if call.when in ("setup", "call") and call.excinfo is not None:
            self.outcomes.setdefault(item.name, call.excinfo.value)
        elif call.when == "call":
            self.outcomes.setdefault(item.name, None)


def _message(error, lang: str) -> str:
    from ..catalogue import render_all

    if error is None:
        return ""
    if hasattr(error, "messages"):
        return render_all(error.messages(), lang)
    text = str(error).strip()
    if isinstance(error, AssertionError):  # the test's own sentence, without pytest's rewritten explanation
        text = text.partition("\nassert ")[0].strip()
        return text or type(error).__name__
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def run(repo: Path, lang: str | None = None) -> dict:
    """Grade the repository's work with its visible checks; write and return the results."""
    from ..atomic import write_json_atomic
    from ..course import load_course
    from ..errors import KitError
    from ..grading.proxy import StudentSession
    from ..sandbox.process import Zygote
    from ..submission import load_submission

    spec = _spec(repo)
    course = load_course(repo / CLASSROOM_DIR / "course.yml")
    assignment = course.assignment(spec["assignment"])
    lang = lang or course.language
    path = chosen_submission(repo, spec)
    owners = {check["test"]: check["problem"] for check in spec["checks"]}
    zygote = Zygote(forbidden=assignment.forbidden_imports, hide=(str(repo / CLASSROOM_DIR),)).start()
    results = {"assignment": assignment.id, "file": path.name, "checks": {}}
    try:
        submission = load_submission(path, within=repo)
    except KitError as exc:  # the file cannot be read at all: every check fails, saying why
        zygote.cleanup()
        unreadable = exc.render(lang)
        for check in spec["checks"]:
            results["checks"][check["test"]] = {
                "problem": check["problem"],
                "points": check["points"],
                "passed": False,
                "message": unreadable,
            }
        write_json_atomic(results, repo / CLASSROOM_DIR / RESULTS)
        return results
    try:
        session = StudentSession(zygote, submission, assignment)
        plugin = _Plugin(session, owners)
        tests = repo / f"test_{assignment.id}_visible.py"
        previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        try:
            pytest.main(
                [
                    str(tests),
                    "-p",
                    "no:cacheprovider",
                    "--noconftest",
                    "--rootdir",
                    str(repo),
                    "-W",
                    "ignore::DeprecationWarning",
                ],
                plugins=[plugin],
            )
        finally:
            if previous is None:
                os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        session.close()
    finally:
        zygote.cleanup()
    for check in spec["checks"]:
        ran = check["test"] in plugin.outcomes
        error = plugin.outcomes.get(check["test"])
        results["checks"][check["test"]] = {
            "problem": check["problem"],
            "points": check["points"],
            "passed": ran and error is None,
            "message": _message(error, lang) if ran else "not run",
        }
    write_json_atomic(results, repo / CLASSROOM_DIR / RESULTS)
    return results


def verdict(repo: Path, test: str) -> int:
    """Print one check's verdict; exit status 0 when it passed."""
    from ..catalogue import say

    spec = _spec(repo)
    course_lang = spec.get("language", "en")
    try:
        results = json.loads((repo / CLASSROOM_DIR / RESULTS).read_text(encoding="utf-8"))
        entry = results["checks"][test]
    except (OSError, ValueError, KeyError):
        print(say("classroom:no_results", course_lang))
        return 1
    if entry["passed"]:
        print(say("classroom:passed", course_lang, file=results["file"]))
        return 0
    print(say("classroom:failed", course_lang, file=results["file"], message=entry["message"]))
    return 1


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="classroom_run")
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("run").add_argument("--lang")
    sub.add_parser("verdict").add_argument("test")
    args = parser.parse_args(argv)
    repo = Path.cwd()
    if args.what == "run":
        from ..catalogue import say

        results = run(repo, args.lang)
        lang = _spec(repo).get("language", "en")
        passed = sum(c["points"] for c in results["checks"].values() if c["passed"])
        total = sum(c["points"] for c in results["checks"].values())
        print(say("classroom:summary", lang, file=results["file"], passed=round(passed, 2), total=round(total, 2)))
        print(say("classroom:note", lang))
        return 0
    return verdict(repo, args.test)


if __name__ == "__main__":
    sys.exit(main())
