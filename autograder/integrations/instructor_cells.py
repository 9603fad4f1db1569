"""An instructor's own nbgrader test cells, graded by the kit: their code on the grading side, the student's in
its sandbox.

A test cell an instructor writes in the source notebook (`assert softmax(x).sum() == 1`, worth 5 points) is
trusted code, but nbgrader would run it in the student's kernel, where `np.allclose` may be patched. Here it
becomes one check of a small generated test module: the cell runs in the grading process with the trusted
numpy, and every name it does not define itself (`softmax`) is the student's function, called in the
student's locked-down process through the engine's `student` proxy. A cell passes when it runs without an
exception, as in nbgrader. Values the student's notebook computes (not functions) are not fetched: a cell
that needs one should call a function instead.
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import json
import tempfile
from pathlib import Path

CELL_FILE = "<instructor test cell>"
MODULE = '''"""The instructor's test cells of {assignment}, run by the kit (generated; see instructor_cells.py)."""
import pytest

from autograder.integrations.instructor_cells import run_instructor_cell

SOURCES = {sources}


@pytest.mark.parametrize("problem", sorted(SOURCES))
def test_instructor_cell(student, problem):
    """the instructor's test cell"""
    run_instructor_cell(SOURCES[problem], student)
'''


class _StudentNames(dict):
    """Local names of the cell: what the cell defines, else the student's function of that name."""

    def __init__(self, student, shadow: dict):
        super().__init__()
        self._student, self._shadow = student, shadow

    def __missing__(self, name):
        if name.startswith("_") or name in self._shadow or hasattr(builtins, name):
            raise KeyError(name)  # Python then looks in the cell's globals and the builtins
        return getattr(self._student, name)


def run_instructor_cell(source: str, student) -> None:
    """Run one instructor test cell with the student's functions; an exception fails it, naming the line."""
    import numpy

    namespace = {"__builtins__": builtins, "__name__": "instructor_test_cell", "np": numpy, "numpy": numpy}
    code = compile(source, CELL_FILE, "exec")
    try:
        exec(code, namespace, _StudentNames(student, namespace))  # noqa: S102 - the instructor's own cell
    except AssertionError as exc:
        line = _failing_line(exc, source)
        text = str(exc).strip()
        raise AssertionError((text + "\n" if text else "") + (f"assert {line}" if line else "")) from None


def _failing_line(exc: BaseException, source: str) -> str:
    tb, number = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == CELL_FILE:
            number = tb.tb_lineno
        tb = tb.tb_next
    lines = source.splitlines()
    if number is None or not 0 < number <= len(lines):
        return ""
    return lines[number - 1].strip().removeprefix("assert ").strip()[:200]


@dataclasses.dataclass
class InstructorChecks:
    """The generated module and the course it is graded with: one problem per cell, worth the cell's points."""

    tests: Path
    course: object


_made: dict = {}


def instructor_checks(course, assignment_id: str, cells: dict) -> InstructorChecks:
    """cells: problem id -> (source, points). The module lives as long as this process (one autograde run)."""
    sources = {pid: source for pid, (source, _points) in cells.items()}
    key = (assignment_id, hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest())
    if key not in _made:
        folder = Path(tempfile.mkdtemp(prefix="autograder-instructor-cells-"))
        import atexit
        import shutil

        atexit.register(shutil.rmtree, folder, True)
        path = folder / f"instructor_cells_{assignment_id}.py"
        path.write_text(MODULE.format(assignment=assignment_id, sources=repr(sources)), encoding="utf-8")
        _made[key] = path
    assignment = dataclasses.replace(
        course.assignment(assignment_id), problems={pid: float(points) for pid, (_s, points) in cells.items()}
    )
    changed = dataclasses.replace(course, assignments={**course.assignments, assignment_id: assignment})
    return InstructorChecks(_made[key], changed)
