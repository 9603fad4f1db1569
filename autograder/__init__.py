"""The classification-loss teaching kit: reference exercises, an isolated grading engine, and its doors (CLI,
batch, nbgrader, Gradescope)."""

__version__ = "0.1.0"
