"""`autograder check-course --dry-run`: the reference solution of each assignment through every door, side by side.

A course.yml can be valid and still cost points through one door only (points that differ from a notebook's
cells, a visibility Gradescope refuses, a release that no longer matches). So each door is driven the way its
users drive it, on a throw-away folder: `autograder grade`, `autograder batch`, nbgrader's autograding step
(the kit's KitGrade on the instructor's source notebook, scored as nbgrader's SaveAutoGrades reads it), the
Gradescope bundle run in a root that mimics /autograder, and the GitHub Classroom commands of the released
repository run as Classroom's command grader runs them. Every door must give the reference full marks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .course import Course
from .errors import KitError
from .grading import points
from .grading.results_model import Results

DOORS = ("grade", "batch", "nbgrader", "gradescope", "classroom")
DOOR_SECONDS = 600  # a door that takes longer than this is reported as failed, never waited on for ever


@dataclass
class DoorScore:
    score: float | None = None
    max_score: float | None = None
    note: str = ""  # why there is no score (a door not installed, an error)

    @property
    def full(self) -> bool:
        return self.score is not None and self.max_score is not None and abs(self.score - self.max_score) < 1e-9

    def cell(self) -> str:
        if self.score is None:
            return self.note or "–"
        return f"{points.show(self.score)}/{points.show(self.max_score)}"


def _reference(assignment_id: str) -> Path:
    path = paths.solutions_dir() / f"{assignment_id}.py"
    if not path.is_file():
        raise KitError(f"no reference solution for {assignment_id}: {path}")
    return path


# ---- the doors ----------------------------------------------------------------------------------------------
def door_grade(course: Course, aid: str, work: Path) -> DoorScore:
    from .grading.supervisor import grade_submission

    report = grade_submission(_reference(aid), aid, course=course, student="reference")
    return DoorScore(report.score, report.max_score)


def door_batch(course: Course, aid: str, work: Path) -> DoorScore:
    from .batch.runner import run_batch

    subs = work / "batch-submissions"
    subs.mkdir()
    shutil.copyfile(_reference(aid), subs / "reference.py")
    summary = run_batch(subs, aid, work / "batch-out", jobs=1, course=course, progress=False, report=False)
    if summary.errors:
        return DoorScore(note=f"error: {summary.problems[0][1]}")
    results = Results.read(work / "batch-out" / "reference" / "results.json")
    if results is None or results.score is None or results.max_score is None:
        return DoorScore(note="error: no readable results.json")
    return DoorScore(results.score, results.max_score)


def door_nbgrader(course: Course, aid: str, work: Path) -> DoorScore:
    try:
        from nbgrader.utils import determine_grade

        from .integrations.nbgrader_course import source_notebook
        from .integrations.nbgrader_grade import KitGrade
    except ImportError:
        return DoorScore(note="not installed")
    nb = source_notebook(course.assignment(aid), course.language, course.root)
    resources = {"nbgrader": {"assignment": aid, "student": "reference", "notebook": aid, "db_url": ""}}
    graded, _ = KitGrade(course_file=str(course.path or paths.course_file())).preprocess(nb, resources)
    grades = [determine_grade(c) for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade")]
    return DoorScore(float(sum(g for g, _ in grades)), float(sum(m for _, m in grades)))


def door_gradescope(course: Course, aid: str, work: Path) -> DoorScore:
    from .integrations.gradescope import build_bundle

    bundle = build_bundle(aid, work / "autograder.zip", course.path or paths.course_file())
    root = work / "gradescope"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():  # keep the modes Gradescope keeps (run_autograder is executable)
            (root / "source" / info.filename).chmod((info.external_attr >> 16) & 0o777)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    shutil.copyfile(_reference(aid), root / "submission" / f"{aid}.py")
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_ROOT"}
    env["AUTOGRADER_PYTHON"] = sys.executable
    done = subprocess.run(
        [str(root / "source" / "run_autograder"), str(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=DOOR_SECONDS,
    )
    results_path = root / "results" / "results.json"
    if done.returncode != 0 or not results_path.is_file():
        return DoorScore(note=f"error: run_autograder exited {done.returncode}")
    results = Results.read(results_path)
    if results is None or results.score is None:
        return DoorScore(note="error: no readable results.json")
    return DoorScore(results.score, points.number(points.total(t.max_score or 0.0 for t in results.tests)))


def door_classroom(course: Course, aid: str, work: Path) -> DoorScore:
    """The released repository with the reference in place of the stub; each autograding test run as Classroom does."""
    from .authoring.release import release
    from .integrations.classroom import add_classroom

    repo = release(aid, work / "classroom")
    add_classroom(aid, repo, course)
    shutil.copyfile(_reference(aid), repo / f"{aid}.py")
    from .integrations.classroom import run_like_classroom

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    outcome = run_like_classroom(repo, env, DOOR_SECONDS)
    return DoorScore(outcome["score"], outcome["max_score"])


RUNNERS = {
    "grade": door_grade,
    "batch": door_batch,
    "nbgrader": door_nbgrader,
    "gradescope": door_gradescope,
    "classroom": door_classroom,
}
IN_PROCESS = ("grade", "batch", "nbgrader")  # these start graders in this process: one at a time


def _run(door: str, course: Course, aid: str, scratch: Path) -> DoorScore:
    work = Path(tempfile.mkdtemp(prefix=f"{aid}-{door}-", dir=scratch))
    try:
        return RUNNERS[door](course, aid, work)
    except KitError as exc:
        return DoorScore(note=f"error: {exc}")
    except subprocess.TimeoutExpired:
        return DoorScore(note=f"error: took longer than {DOOR_SECONDS} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def dry_run(course: Course, assignment_ids: list[str] | None = None) -> dict:
    """{assignment: {door: DoorScore}}; the doors that run outside this process run beside the others."""
    ids = assignment_ids or list(course.assignments)
    for aid in ids:
        course.assignment(aid)
    scores: dict = {aid: {} for aid in ids}
    with tempfile.TemporaryDirectory(prefix="autograder-dry-run-") as scratch, ThreadPoolExecutor(2) as pool:
        outside = {
            (aid, door): pool.submit(_run, door, course, aid, Path(scratch))
            for aid in ids
            for door in DOORS
            if door not in IN_PROCESS
        }
        for aid in ids:
            for door in IN_PROCESS:
                scores[aid][door] = _run(door, course, aid, Path(scratch))
        for (aid, door), future in outside.items():
            scores[aid][door] = future.result()
    return {aid: {door: scores[aid][door] for door in DOORS} for aid in ids}


def table_lines(scores: dict) -> list[str]:
    """The scores side by side, one row per assignment, one column per door."""
    rows = [["assignment", *DOORS]] + [[aid, *(by_door[d].cell() for d in DOORS)] for aid, by_door in scores.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def failures(scores: dict) -> list[str]:
    """Doors that did not give the reference full marks (a door that is not installed is no failure)."""
    return [
        f"{aid} through {door}: {score.cell()}"
        for aid, by_door in scores.items()
        for door, score in by_door.items()
        if not score.full and score.note != "not installed"
    ]


__all__ = ["DOORS", "DoorScore", "dry_run", "table_lines", "failures"]
