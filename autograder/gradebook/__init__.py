"""The course gradebook: every assignment's batch merged into one table, exported for Canvas and Moodle."""

from .book import Gradebook, build_gradebook
from .lms import canvas_csv, moodle_csv

__all__ = ["Gradebook", "build_gradebook", "canvas_csv", "moodle_csv"]
