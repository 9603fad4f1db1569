"""Bundle one assignment for students: copy what assignments/<id>/ ships, refuse when solution text would leak.

In another language than the course's (`--lang`), the folder is generated in that language instead (its notebook
tells the story of stories/<language>/, its checks speak it by default), and held to the same leak check."""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import paths
from ..course import load_course
from ..errors import KitError
from .generate import assignment_drift, leaks, render_assignment, shipped_files


def _refuse(assignment_id: str, problems: list[str], advice: str = "") -> KitError:
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return KitError(f"refusing to release {assignment_id}: {problems[0]}{more}{advice}")


def release(assignment_id: str, out_dir: Path | str, root: Path | None = None, language: str | None = None) -> Path:
    """Copy stub, notebook, visible tests, conftest and README into out_dir/<id>/ and return that folder.

    Refuses (KitError) when a file is missing, holds a solution marker, a solution line or a hidden-check
    line, or differs from what `autograder generate` writes; nothing is copied then. With a `language` other than
    the course's, the files are generated in that language and written there, then checked for leaks.
    """
    course = load_course(paths.course_file(root))
    assignment = course.assignment(assignment_id)
    if language is not None and language != course.language:
        return _release_in(assignment, Path(out_dir), root, language)
    source = paths.assignments_dir(root) / assignment_id
    names = shipped_files(assignment_id)
    missing = [name for name in names if not (source / name).is_file()]
    if missing:
        raise _refuse(
            assignment_id,
            [f"assignments/{assignment_id}/{name} is missing" for name in missing],
            "; run `autograder generate`",
        )
    found = [problem for name in names for problem in leaks(source / name, root)]
    if found:
        raise _refuse(assignment_id, found)
    stale = assignment_drift(assignment, root)
    if stale:
        raise _refuse(assignment_id, stale, "; run `autograder generate`")

    target = Path(out_dir) / assignment_id
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(source / name, target / name)
    found = leaks(target, root)  # the folder may have held other files before
    if found:
        raise _refuse(assignment_id, [f"{target}/{problem}" for problem in found])
    return target


def _release_in(assignment, out_dir: Path, root: Path | None, language: str) -> Path:
    target = out_dir / assignment.id
    target.mkdir(parents=True, exist_ok=True)
    for relative, text in render_assignment(assignment, root, language).items():
        (target / relative.name).write_text(text, encoding="utf-8")
    found = leaks(target, root)
    if found:
        for name in shipped_files(assignment.id):
            (target / name).unlink(missing_ok=True)
        raise _refuse(assignment.id, [f"{target}/{problem}" for problem in found])
    return target
