"""The grading engine: hidden pytest graders in this (trusted) process, the submission in its own.

`Grader` keeps one pytest session alive and feeds it submissions: the graders are collected once and
the student-process template is started once, so a batch pays start-up once per worker. Every door
(grade, check, batch, nbgrader, Gradescope) goes through `Grader.grade`.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import queue
import sys
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from .. import catalogue, paths
from ..checker.feedback import CheckAborted, Feedback, passed_with
from ..course import Assignment, Course, load_course
from ..errors import KitError
from ..sandbox.process import SandboxError, Zygote
from ..submission import Submission, load_submission
from .graders_cache import graders_digest
from .proxy import StudentProxy, StudentSession
from .scoring import CheckOutcome, GradeReport, check_points, score_report, session_notes


def hidden_graders(assignment_id: str) -> Path:
    return paths.GRADERS_DIR / f"{assignment_id}.py"


def visible_tests(assignment_id: str) -> Path:
    return paths.assignments_dir() / assignment_id / f"test_{assignment_id}_visible.py"


@functools.lru_cache(maxsize=4096)
def stable_int(text: str) -> int:
    """A number from a text that is the same in every process and run (hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def load_reference(assignment_id: str):
    """The reference solution, imported here on the trusted side under a private module name."""
    path = paths.solutions_dir() / f"{assignment_id}.py"
    name = f"_autograder_reference_{assignment_id}"
    if name in sys.modules:
        return sys.modules[name]
    if not path.is_file():
        raise KitError(f"no reference solution for {assignment_id}: {path}")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Job:
    submission: Submission
    student: str
    seed: int
    submitted_at: object = None  # a trusted datetime, for the late policy


@dataclass
class _Current:
    job: Job
    session: StudentSession
    outcomes: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)  # nodeid -> exception raised by the check


@dataclass(frozen=True)
class CheckInfo:
    """What the engine needs of a collected check, computed once per grader (not once per submission)."""

    problem: str
    name: str
    weight: float
    visible: bool
    direct: bool  # called directly: it asks only for the kit's own fixtures and its parameters
    params: dict
    argnames: tuple
    category: str | None = None  # the kind of input it tries (graders/categories.yml), named when it fails


# The fixtures the engine provides; a check that asks for nothing else is called without pytest's per-test
# protocol (setup and teardown hooks, logging, capture and warnings plugins): the protocol cost about 0.6 ms a
# check, more than the call into the student's process it wraps.
KIT_FIXTURES = ("student", "rng", "reference", "assignment", "lang")


class EnginePlugin:
    """pytest plugin: the fixtures graders use, and a test loop that runs every collected check per submission."""

    def __init__(self, grader: Grader):
        self.grader = grader
        self.jobs: queue.Queue = queue.Queue()
        self.done: queue.Queue = queue.Queue()
        self.current: _Current | None = None
        self.items: list = []
        self.index: dict = {}  # nodeid -> position in items
        self.info: dict = {}  # nodeid -> CheckInfo

    # ---- fixtures
    @pytest.fixture
    def student(self, request) -> StudentProxy:
        return StudentProxy(self.current.session, self.grader.problem_of(request.node))

    @pytest.fixture
    def rng(self, request) -> np.random.Generator:
        return self._rng(request.node.nodeid)

    def _rng(self, nodeid: str) -> np.random.Generator:
        """The check's random inputs: from the seed, the student's identity and the check, so a grade replays."""
        job = self.current.job
        return np.random.default_rng([job.seed, stable_int(job.student), stable_int(nodeid.split("::")[-1])])

    @pytest.fixture
    def reference(self):
        return self.grader.reference

    @pytest.fixture
    def assignment(self) -> Assignment:
        return self.grader.assignment

    @pytest.fixture
    def lang(self) -> str:
        return self.grader.lang

    # ---- hooks
    @pytest.hookimpl(trylast=True)
    def pytest_configure(self, config):
        configure_quietly(config)

    def pytest_collection_modifyitems(self, session, config, items):
        self.items = list(items)
        self.index = {item.nodeid: i for i, item in enumerate(self.items)}
        self.info = {item.nodeid: self._check_info(item) for item in self.items}

    def _check_info(self, item) -> CheckInfo:
        grader = self.grader
        callspec = getattr(item, "callspec", None)
        params = dict(callspec.params) if callspec is not None else {}
        argnames = tuple(getattr(getattr(item, "_fixtureinfo", None), "argnames", ()))
        own = set(KIT_FIXTURES) | set(params)
        # Visible checks keep pytest's protocol: its assertion plugin explains a bare assert's comparison.
        direct = (
            not grader.all_visible
            and bool(argnames)
            and set(argnames) <= own
            and set(item.fixturenames) <= own | {"request"}
            and not any(item.iter_markers("usefixtures"))
        )
        return CheckInfo(
            grader.problem_of(item),
            grader.check_name(item),
            grader.weight_of(item),
            grader.is_visible(item),
            direct,
            params,
            argnames,
            grader.category_of(item),
        )

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        yield
        if call.excinfo is not None and self.current is not None and call.when in ("setup", "call"):
            self.current.errors.setdefault(item.nodeid, call.excinfo.value)

    def pytest_runtest_logreport(self, report):
        if self.current is None or report.when not in ("setup", "call"):
            return
        if report.when == "setup" and report.passed:
            return
        if report.nodeid in self.index:
            self._record(report.nodeid, report.passed, self.current.errors.get(report.nodeid), report.duration)

    def _record(self, nodeid: str, passed: bool, error, duration: float) -> None:
        info = self.info[nodeid]
        outcome = CheckOutcome(
            nodeid=nodeid,
            problem=info.problem,
            name=info.name,
            weight=info.weight,
            passed=passed or passed_with(error),
            error=error,
            duration=duration,
            visible=info.visible,
            category=info.category,
        )
        self.current.outcomes.append(outcome)
        if self.grader.on_check is not None:  # the supervisor keeps what is done, in case the rest never ends
            self.grader.on_check(self.index[nodeid], outcome, self.current.session)

    def _call_directly(self, item, info: CheckInfo) -> None:
        """Run one check the way pytest would, without its protocol: the kit's fixtures, the parameters, the call."""
        kwargs = {}
        for name in info.argnames:
            if name in info.params:
                kwargs[name] = info.params[name]
            elif name == "student":
                kwargs[name] = StudentProxy(self.current.session, info.problem)
            elif name == "rng":
                kwargs[name] = self._rng(item.nodeid)
            elif name == "reference":
                kwargs[name] = self.grader.reference
            elif name == "assignment":
                kwargs[name] = self.grader.assignment
            elif name == "lang":
                kwargs[name] = self.grader.lang
        started = time.perf_counter()
        error = None
        try:
            with warnings.catch_warnings():  # the trusted side's own numerical warnings are nobody's business
                warnings.simplefilter("ignore")
                item.obj(**kwargs)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # pytest's outcomes (skip, fail) are BaseExceptions too: a check not passed
            error = exc
        self._record(item.nodeid, error is None, error, time.perf_counter() - started)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        if session.testsfailed or not self.items:
            self.done.put(KitError(f"the checks in {self.grader.tests} could not be collected"))
            return True
        self.done.put("ready")
        while True:
            job = self.jobs.get()
            if job is None:
                return True
            try:
                self.done.put(self._run(job))
            except BaseException as exc:  # an engine bug must not hang the caller
                self.done.put(exc)

    def _run(self, job: Job) -> GradeReport:
        started = time.perf_counter()
        student_session = StudentSession(self.grader.zygote(), job.submission, self.grader.assignment)
        self.current = _Current(job, student_session)
        try:
            for index, item in enumerate(self.items):
                info = self.info[item.nodeid]
                if info.direct:
                    self._call_directly(item, info)
                    continue
                nextitem = self.items[index + 1] if index + 1 < len(self.items) else None
                item.ihook.pytest_runtest_protocol(item=item, nextitem=nextitem)
        finally:
            student_session.close()
        current, self.current = self.current, None
        checked = time.perf_counter()
        report = score_report(
            assignment=self.grader.assignment,
            job=job,
            outcomes=current.outcomes,
            forbidden=student_session.forbidden_problems,
            notes=session_notes(student_session),
            student_output=student_session.process.captured_output(),
            lang=self.grader.lang,
            graders_sha256=self.grader.graders_sha256,
            duration=checked - started,
            visibility=self.grader.visibility,
        )
        report.timings = {
            **student_session.process.clock,
            "checks": checked - started,
            "scoring": time.perf_counter() - checked,
            "check_count": len(current.outcomes),
        }
        return report


def configure_quietly(config) -> None:
    """pytest set up to run checks whose outcomes the kit reads itself (the engine, Classroom's run)."""
    # Nothing reads pytest's failure text (each check's exception is kept), and its default "long" style
    # re-parses the grader's source for every failed check: ~10 ms each, 0.25 s a broken submission.
    config.option.tbstyle = "no"
    # Nothing may print either, yet pytest's assertion explanation ("assert (2, 4) == (4, 2)") asks the
    # terminal reporter for its writer: without one every failed plain assert became an empty AssertionError.
    # So the reporter stays, swapped (before it has printed anything) for one that writes nowhere.
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and not isinstance(reporter, _Silent):
        config.pluginmanager.unregister(reporter, "terminalreporter")
    if not isinstance(reporter, _Silent):
        config.pluginmanager.register(_Silent(config), "terminalreporter")


class _Silent(pytest.TerminalReporter):
    """The terminal reporter pytest's assertion rewriting reads its writer from, writing to os.devnull and keeping
    no statistics (a batch runs thousands of checks through one session)."""

    def __init__(self, config):
        self._devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - the reporter's, closed at unconfigure
        super().__init__(config, self._devnull)

    def pytest_runtest_logstart(self, nodeid, location):
        pass

    def pytest_runtest_logreport(self, report):
        pass

    def pytest_runtest_logfinish(self, nodeid):
        pass

    def pytest_internalerror(self, excrepr, excinfo):
        return None  # not claimed: pytest writes an internal error to stderr, as it did without a reporter

    def pytest_unconfigure(self):
        super().pytest_unconfigure()
        self._devnull.close()


class Grader:
    """Grades submissions of one assignment; reuse it for many (start-up is paid once)."""

    def __init__(
        self,
        assignment_id: str,
        *,
        course: Course | None = None,
        lang: str | None = None,
        tests: Path | None = None,
        visible: bool = False,
        hide: tuple = (),
    ):
        self.course = course or load_course()
        self.assignment = self.course.assignment(assignment_id)
        self.lang = catalogue.resolve_language(lang or self.course.language)
        if self.lang is None:
            raise KitError(
                catalogue.Message(
                    "error:unknown_language",
                    language=lang or self.course.language,
                    known=", ".join(catalogue.languages()),
                )
            )
        self.tests = (
            Path(tests) if tests else (visible_tests(assignment_id) if visible else hidden_graders(assignment_id))
        )
        if not self.tests.is_file():
            raise KitError(f"no checks for {assignment_id}: {self.tests} is missing")
        self.all_visible = visible
        self.visibility = "visible" if visible else self.assignment.visibility
        self.graders_sha256 = graders_digest(self.tests)
        self.reference = load_reference(assignment_id)
        self.hide = tuple(hide)
        self._zygote: Zygote | None = None
        self._plugin = EnginePlugin(self)
        self._thread: threading.Thread | None = None
        self._problem_cache: dict = {}
        self.on_check = None  # called with (index in plan order, CheckOutcome, StudentSession) as each check ends

    # ---- items → problems, names, weights
    def problem_of(self, item) -> str:
        marker = item.get_closest_marker("problem")
        if marker:
            return marker.args[0]
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("problem") in self.assignment.problems:
            return callspec.params["problem"]  # a check parametrised over problems
        name = item.originalname if hasattr(item, "originalname") else item.name
        if name not in self._problem_cache:
            candidates = [p for p in self.assignment.problems if name.startswith(f"test_{p}")]
            self._problem_cache[name] = max(candidates, key=len) if candidates else ""
        return self._problem_cache[name]

    def check_name(self, item) -> str:
        doc = (getattr(item, "obj", None).__doc__ or "").strip().splitlines() if getattr(item, "obj", None) else []
        problem = self.problem_of(item)
        what = doc[0].rstrip(".") if doc else item.name.removeprefix(f"test_{problem}").strip("_").replace("_", " ")
        return f"{problem}: {what}" if problem else what

    @staticmethod
    def category_of(item) -> str | None:
        """The kind of input the check tries, as compare.category set it."""
        found = getattr(getattr(item, "obj", None), "category", None)
        return found if isinstance(found, str) else None

    @staticmethod
    def weight_of(item) -> float:
        marker = item.get_closest_marker("weight")
        return float(marker.args[0]) if marker else 1.0

    def is_visible(self, item) -> bool:
        return self.all_visible or item.get_closest_marker("visible") is not None

    def plan(self) -> list:
        """Every check in the order they run, with the points each can earn: what a supervisor needs to write a
        results.json when grading stops half way."""
        items = self._plugin.items
        entries = [
            {
                "nodeid": item.nodeid,
                "name": self.check_name(item),
                "problem": self.problem_of(item),
                "weight": self.weight_of(item),
                "visible": self.is_visible(item),
                "max_score": None,
            }
            for item in items
        ]  # a check of no problem in course.yml earns nothing (max_score None)
        for problem, points in self.assignment.problems.items():
            mine = [e for e in entries if e["problem"] == problem]
            for entry, share in zip(mine, check_points(points, [e["weight"] for e in mine])):
                entry["max_score"] = share
        return entries

    def zygote(self) -> Zygote:
        if self._zygote is None:
            preload = self.assignment.is_derivation  # sympy loaded once, before any student forks
            try:
                self._zygote = Zygote(
                    preload_sympy=preload, hide=self.hide, forbidden=self.assignment.forbidden_imports
                ).start()
            except (SandboxError, OSError) as exc:
                raise KitError(f"cannot start the student process: {exc}") from None
        return self._zygote

    # ---- life cycle
    def __enter__(self) -> Grader:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        if self._thread is not None:
            return
        self.zygote()  # start the template while pytest collects
        # Only the plugins grading needs: each one costs start-up time (and, for checks run through pytest's
        # protocol, time per check). The terminal reporter stays (writing nowhere): pytest's assertion
        # explanations of the visible checks need it.
        unneeded = (
            "cacheprovider",
            "faulthandler",
            "stepwise",
            "junitxml",
            "doctest",
            "pastebin",
            "legacypath",
            "setuponly",
            "setupplan",
            "unittest",
            "logging",
            "debugging",
            "tmpdir",
            "monkeypatch",
            "recwarn",
            "threadexception",
            "unraisableexception",
        )
        args = [
            str(self.tests),
            *(arg for name in unneeded for arg in ("-p", f"no:{name}")),
            "--noconftest",
            "-s",
            "--import-mode=importlib",
            "-c",
            str(paths.PACKAGE_DIR / "graders" / "pytest.ini"),
            "--rootdir",
            str(self.tests.parent),
            "-W",
            "ignore::DeprecationWarning",
        ]

        # Third-party pytest plugins have no business in grading, and loading them costs ~0.3 s. pytest reads
        # this while configuring; the caller's environment is restored once the session is ready.
        previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
        os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"

        def run():
            try:
                pytest.main(args, plugins=[self._plugin])
            except BaseException as exc:
                self._plugin.done.put(exc)
            finally:
                self._plugin.done.put(KitError("the grading loop stopped"))

        self._thread = threading.Thread(target=run, name="grading-loop", daemon=True)
        self._thread.start()
        first = self._plugin.done.get()
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
        if first != "ready":
            self._thread = None
            raise first if isinstance(first, BaseException) else KitError(str(first))

    def grade(
        self, submission: Path | Submission, *, student: str | None = None, seed: int | None = None, submitted_at=None
    ) -> GradeReport:
        if not isinstance(submission, Submission):
            submission = load_submission(submission)
        self.start()
        job = Job(
            submission,
            student or submission.student_default,
            self.assignment.seed if seed is None else int(seed),
            submitted_at,
        )
        self._plugin.jobs.put(job)
        result = self._plugin.done.get()
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        if self._thread is not None:
            self._plugin.jobs.put(None)
            self._thread.join(timeout=30)
            self._thread = None
        if self._zygote is not None:
            self._zygote.cleanup()
            self._zygote = None


__all__ = ["Grader", "GradeReport", "CheckAborted", "Feedback"]
