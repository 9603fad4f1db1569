"""Grading a whole class: discovery of submissions, parallel resumable grading, grades.csv and the class report."""

from .grades import rebuild_grades_csv
from .layouts import Entry, discover, safe_student_id
from .runner import BatchSummary, run_batch

__all__ = ["run_batch", "BatchSummary", "discover", "Entry", "safe_student_id", "rebuild_grades_csv"]
