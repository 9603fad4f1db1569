"""course.yml's due dates and late policy inside nbgrader, through nbgrader's own interfaces.

- `KitDueDate` (a `GenerateAssignment` preprocessor; KitGrade does the same at autograding) writes each
  assignment's due date from course.yml into the gradebook, so formgrader shows it and nbgrader computes
  `total_seconds_late` from nbgrader's timestamps as usual.
- `KitLatePenalty` is nbgrader's late-penalty plugin (`AssignLatePenalties.plugin_class`): the penalty is the
  score times what course.yml's policy takes away after that many seconds late (per started day, nothing
  past the last day), counted from the student's own due date when course.yml gives them an extension.
- `sync_timestamp` re-reads nbgrader's timestamp.txt with the kit's rules (course.yml's timezone for a time
  without an offset) and stores it in the gradebook before the penalty is computed, so nbgrader and
  `autograder batch --submitted-at-from nbgrader` count the same days.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

TIMESTAMP = "timestamp.txt"
_courses: dict = {}


def course_for(course_file: str | None):
    """course.yml, read once per process (autograde runs many notebooks)."""
    from ..course import load_course

    key = course_file or ""
    if key not in _courses:
        _courses[key] = load_course(course_file) if course_file else load_course()
    return _courses[key]


def store_due_date(db_url: str, assignment) -> None:
    """The gradebook's due date of `assignment` := course.yml's (none when course.yml has none)."""
    if assignment.due is None:
        return
    with Gradebook(db_url) as gb:
        current = gb.find_assignment(assignment.id)
        wanted = assignment.due.isoformat()
        from nbgrader.utils import parse_utc

        if current.duedate != parse_utc(wanted):
            gb.update_or_create_assignment(assignment.id, duedate=wanted)


def sync_timestamp(db_url: str, assignment_id: str, student: str, folder: str | None, zone: str | None, log=None):
    """The submission's time as the kit reads timestamp.txt in `folder`; stored in the gradebook. None if absent."""
    from ..errors import KitError
    from ..grading.late import read_time

    if not folder:
        return None
    stamp = Path(folder) / TIMESTAMP
    try:
        text = stamp.read_text(encoding="utf-8").strip()[:200]
    except (OSError, UnicodeDecodeError):
        return None
    if not text:
        return None
    try:
        moment = read_time(text, zone, f"{student}/{assignment_id}/{TIMESTAMP}")
    except KitError as exc:
        if log is not None:
            log.warning("%s", exc)
        return None
    from nbgrader.utils import parse_utc

    with Gradebook(db_url) as gb:
        gb.update_or_create_submission(assignment_id, student, timestamp=parse_utc(moment.isoformat()))
    return moment


class KitDueDate(NbGraderPreprocessor):
    """GenerateAssignment: course.yml's due date into the gradebook."""

    course_file = Unicode("", help="course.yml whose due dates go into the gradebook").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        course = course_for(self.course_file or None)
        if info.get("db_url") and info.get("assignment") in course.assignments:
            try:
                store_due_date(info["db_url"], course.assignment(info["assignment"]))
            except MissingEntry:
                pass
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        return cell, resources


class KitLatePenalty(LateSubmissionPlugin):
    """nbgrader's late-penalty plugin with course.yml's policy (see the module docstring)."""

    course_file = Unicode("", help="course.yml whose late policy applies").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float):
        from ..grading import points
        from ..grading.late import factor_for_seconds

        assignment_id = getattr(self.parent, "assignment_id", None)
        course = course_for(self.course_file or None)
        if assignment_id not in course.assignments or not total_seconds_late or not score:
            return None
        factor = factor_for_seconds(course.assignment(assignment_id), total_seconds_late, student_id)
        return float(points.exact(score) - points.exact(points.kept(score, factor)))  # as the kit rounds it
