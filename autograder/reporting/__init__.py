"""Pages made from graded results.json files: the instructor's class report and each student's feedback page."""

from .class_report import write_class_report
from .feedback_pages import write_feedback_pages

__all__ = ["write_class_report", "write_feedback_pages"]
