"""KitGrade: nbgrader's autograde step with the kit's engine in place of the student's Jupyter kernel.

nbgrader normally executes the submitted notebook, test cells included, in a kernel the student's code
controls, so `np.allclose = lambda *a, **k: True` or a patched checker passes every test. KitGrade takes
the place of nbgrader's `Execute` preprocessor: it grades the sanitized notebook with `SupervisedGrader.grade`
(the student's code in its own locked-down process, every comparison here) by the functions the notebook
defines, whatever its cells and metadata, and writes each autograded test cell's verdict as the cell's
output, in the form nbgrader's `determine_grade` reads: no output beyond the report for full marks, an
`execute_result` holding the points for partial credit, an `error` for none. `SaveAutoGrades` then stores
those scores, so the gradebook, formgrader, feedback and export work as usual. The kit's test cells hold a
comment (the checks stay in the kit); an instructor's own test cell is run by the kit too, its code on the
grading side and the student's functions in their sandbox (instructor_cells.py). Before grading, KitGrade
writes course.yml's due date and the kit's reading of timestamp.txt into the gradebook (nbgrader_late.py),
so nbgrader's late-penalty plugin counts the same days as every other door.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from ..catalogue import say
from ..grading.graders_cache import WarmGraders
from ..grading.points import number, rounded, show
from .nbgrader_cells import is_autograded_test

TEST_PREFIX = "test_"
PLACEHOLDER = "# graded by the kit's hidden checks"
_warm = WarmGraders()  # one grader per assignment (and per set of instructor cells) for the whole run
atexit.register(_warm.close_all)


def cached_grader(assignment_id: str, course_file: str | None, lang: str | None, hide: tuple):
    """One Grader per assignment for the whole `nbgrader autograde` run (start-up is paid once); a new one when
    the graders change under a long-lived process (formgrader)."""
    from .. import paths
    from ..course import load_course
    from ..grading.engine import hidden_graders
    from ..grading.supervisor import SupervisedGrader

    def start():
        course = load_course(course_file) if course_file else load_course()
        return SupervisedGrader(assignment_id, course=course, lang=lang or None, hide=hide)

    key = (assignment_id, course_file or str(paths.course_file()), lang, hide)
    return _warm.get(key, hidden_graders(assignment_id), start)


def grade_notebook(grader, nb, student: str):
    """The kit's report for `nb` (written to a private temporary file so it is read like any submission)."""
    from ..submission import load_submission

    with tempfile.TemporaryDirectory(prefix="autograder-nbgrader-") as tmp:
        path = Path(tmp) / "submission.ipynb"
        nbformat.write(nb, str(path))
        submission = load_submission(path)
    return grader.grade(submission, student=student)


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def problem_text(report, problem: str, points: float, score: float) -> str:
    lines = [f"{problem}: {show(score)} / {show(points)} {say('nbgrader:points', report.language)}"]
    for check in report.checks:
        if check.problem != problem:
            continue
        name = check.display_name(report.language).removeprefix(f"{problem}: ")
        lines.append(f"  {'✓' if check.passed else '✗'} {name}")
        if not check.passed:
            lines.append(_indent(check.message(report.language)))
    return "\n".join(lines) + "\n"


def verdict_outputs(text: str, score: float, points: float, reason: str, lang: str = "en") -> list:
    """Outputs that make nbgrader's determine_grade read `score` out of `points`."""
    outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    if score >= points:
        return outputs
    if score <= 0:
        first = reason.strip().splitlines()[0] if reason.strip() else say("nbgrader:no_points", lang)
        outputs.append(nbformat.v4.new_output("error", ename="NoPoints", evalue=first, traceback=[]))
    else:
        outputs.append(
            nbformat.v4.new_output("execute_result", data={"text/plain": repr(float(score))}, execution_count=None)
        )
    return outputs


def kit_problem(grade_id: str, problems) -> str:
    """The kit's problem a test cell stands for (`test_<problem>`), or "" for a cell of the instructor's own."""
    problem = grade_id[len(TEST_PREFIX) :] if grade_id.startswith(TEST_PREFIX) else ""
    return problem if problem in problems else ""


def instructor_sources(nb, info: dict, problems) -> dict:
    """grade_id -> (source, points) of the instructor's own test cells, their source read from the gradebook
    (what the instructor wrote; the student's copy of a cell is never run)."""
    from nbgrader.api import Gradebook, MissingEntry

    wanted = {
        cell.metadata.nbgrader.get("grade_id", ""): float(cell.metadata.nbgrader.get("points", 0))
        for cell in nb.cells
        if is_autograded_test(cell)
    }
    wanted = {gid: points for gid, points in wanted.items() if gid and not kit_problem(gid, problems)}
    if not wanted or not info.get("db_url"):
        return {}
    found = {}
    try:
        with Gradebook(info["db_url"]) as gb:
            for grade_id, points in wanted.items():
                try:
                    source = gb.find_source_cell(grade_id, info["notebook"], info["assignment"]).source
                except MissingEntry:
                    continue
                if source.strip() and source.strip() != PLACEHOLDER:
                    found[grade_id] = (source, points)
    except Exception:  # noqa: BLE001 - no gradebook (KitGrade run on its own): no instructor cells to run
        return {}
    return found


def grade_instructor_cells(grader, nb, info: dict, student: str, hide: tuple):
    """The kit's report on the instructor's own test cells of this notebook (None when it has none)."""
    from ..grading.supervisor import SupervisedGrader
    from .instructor_cells import instructor_checks

    cells = instructor_sources(nb, info, grader.assignment.problems)
    if not cells:
        return None
    checks = instructor_checks(grader.course, info["assignment"], cells)
    key = ("instructor", info["assignment"], str(checks.tests), grader.config.lang, hide)
    instructor = _warm.get(
        key,
        checks.tests,
        lambda: SupervisedGrader(
            info["assignment"], course=checks.course, lang=grader.config.lang, hide=hide, tests=checks.tests
        ),
    )
    return grade_notebook(instructor, nb, student)


def _not_linked(resources) -> None:
    """nbgrader reads the submitted notebook through any link; the kit grades it only when it is no link, and lies in
    the student's own folder of submitted/ once every folder link is resolved (else a KitError says why)."""
    from ..errors import KitError
    from ..student_files import link_problem

    folder = (resources.get("metadata") or {}).get("path")
    notebook = (resources.get("nbgrader") or {}).get("notebook")
    if not folder or not notebook:
        return
    path = Path(folder) / f"{notebook}.ipynb"
    if not os.path.lexists(path):  # nbgrader converted a notebook from elsewhere (its own tests): nothing to check
        return
    problem = link_problem(path, within=Path(folder).parent)
    if problem is not None:
        raise KitError(problem)


class KitGrade(NbGraderPreprocessor):
    """Grades the submission with the kit and writes every autograded test cell's verdict (replaces Execute)."""

    course_file = Unicode("", help="course.yml to grade with (default: the kit's own)").tag(config=True)
    lang = Unicode("", help="language of the feedback, a folder of the kit's catalogue (default: course.yml's)").tag(
        config=True
    )
    hide = List(Unicode(), help="folders the student's code must not see (the course folder)").tag(config=True)

    def _record_times(self, grader, info: dict, resources) -> None:
        """course.yml's due date and the kit's reading of timestamp.txt into the gradebook (for the late plugin)."""
        from .nbgrader_late import store_due_date, sync_timestamp

        if not info.get("db_url"):
            return
        try:
            store_due_date(info["db_url"], grader.assignment)
            folder = (resources.get("metadata") or {}).get("path")
            sync_timestamp(
                info["db_url"], info["assignment"], info["student"], folder, grader.course.timezone, self.log
            )
        except Exception as exc:  # noqa: BLE001 - a gradebook without this assignment: grading goes on
            self.log.warning("late policy: %s", exc)

    def preprocess(self, nb, resources):
        from ..errors import KitError

        info = resources["nbgrader"]
        assignment_id, student = info["assignment"], info["student"]
        grader = cached_grader(assignment_id, self.course_file or None, self.lang or None, tuple(self.hide))
        self._record_times(grader, info, resources)
        extra = None
        try:
            _not_linked(resources)
            report = grade_notebook(grader, nb, student)
            extra = grade_instructor_cells(grader, nb, info, student, tuple(self.hide))
        except KitError as exc:  # the submission itself cannot be read: no points, and the reason
            self.log.warning("%s/%s: %s", student, assignment_id, exc)
            report, unreadable = None, exc.render(grader.lang)
        first = True
        for cell in nb.cells:
            if not is_autograded_test(cell):
                continue
            cell.execution_count = None
            cell.metadata["autograder_verdict"] = True
            points = float(cell.metadata.nbgrader.get("points", 0))
            grade_id = cell.metadata.nbgrader.get("grade_id", "")
            if report is None:
                cell.outputs = verdict_outputs(unreadable + "\n", 0.0, points, unreadable, grader.lang)
                continue
            lang = report.language
            problem, source = kit_problem(grade_id, report.problems), report
            if not problem and extra is not None and grade_id in extra.problems:
                problem, source = grade_id, extra
            if not problem:
                not_ours = say("nbgrader:not_ours", lang)
                cell.outputs = verdict_outputs(not_ours + "\n", 0.0, points, not_ours, lang)
                continue
            kit = source.problems[problem]
            score = (
                kit.score
                if kit.max_score == points
                # scaled to the gradebook's points, to the cent
                else (number(rounded(kit.score * points / kit.max_score)) if kit.max_score else 0.0)
            )
            if kit.max_score != points:
                self.log.warning(
                    "%s: %g points in the gradebook, %g in course.yml; scaled", grade_id, points, kit.max_score
                )
            text = problem_text(source, problem, points, score)
            if first and report.notes:
                text += f"\n{say('nbgrader:notes', lang)}:\n" + "\n".join(f"  - {note}" for note in report.notes) + "\n"
            first = False
            cell.outputs = verdict_outputs(text, score, points, kit.message or say(f"status:{kit.status}", lang), lang)
        if report is not None:
            nb.metadata["autograder"] = {
                **nb.metadata.get("autograder", {}),
                "assignment": assignment_id,
                "graded": {
                    "score": report.score,
                    "max_score": report.max_score,
                    "student": report.student,
                    "content_sha256": report.content_sha256,
                    "graders_sha256": report.graders_sha256,
                },
            }
        return nb, resources
