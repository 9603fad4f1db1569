"""Where the kit's parts live on disk, found from the package so that every door agrees."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The kit root holds course.yml, solutions/, assignments/; AUTOGRADER_ROOT points elsewhere (e.g. a Gradescope bundle).
KIT_ROOT = Path(os.environ.get("AUTOGRADER_ROOT", PACKAGE_DIR.parent)).resolve()
GRADERS_DIR = PACKAGE_DIR / "graders"


def solutions_dir(root: Path | None = None) -> Path:
    return (root or KIT_ROOT) / "solutions"


def assignments_dir(root: Path | None = None) -> Path:
    return (root or KIT_ROOT) / "assignments"


def course_file(root: Path | None = None) -> Path:
    return (root or KIT_ROOT) / "course.yml"
