"""A copy of this package carried to students: the archive a notebook's set-up cell or an assignment folder's
conftest.py unpacks, and how its data is put to use.

The archive (a zip, which Python imports from) holds this package's modules under autograder/checker/, a stub
autograder/__init__.py, and beside them

    carried.json    the assignment, its problems' points in course.yml's order, the course language, the
                    packages it forbids, the catalogue entries its checks speak, the derivations it grades
    visible.py      the visible checks (in a notebook's archive; an assignment folder has its own test file)

`adopt(archive)` provides that data (sources.py) and returns it; `checker(archive, namespace)` is the notebook's
`check`. Both read the archive with the standard library: nothing here needs the kit.
"""

from __future__ import annotations

import json
import types
import zipfile
from dataclasses import dataclass

from . import sources
from .catalogue import CATALOGUE, Language

DATA = "carried.json"
VISIBLE = "visible.py"


@dataclass(frozen=True)
class Carried:
    """The data an archive carries beside the package."""

    assignment: str
    points: list  # [[problem, points], ...] in course.yml's order
    language: str  # the course's language: what `check()` and plain pytest speak unless told otherwise
    forbidden: tuple  # course.yml's forbidden_imports: refused by the self-check as by the grade
    visible: str | None  # the visible checks' source (a notebook's archive)


def read(archive) -> tuple[dict, str | None]:
    """(carried.json's data, the visible checks' source or None) of an archive (a path or a file object)."""
    with zipfile.ZipFile(archive) as opened:
        data = json.loads(opened.read(DATA).decode("utf-8"))
        names = set(opened.namelist())
        visible = opened.read(VISIBLE).decode("utf-8") if VISIBLE in names else None
    return data, visible


def adopt(archive) -> Carried:
    """Provide what the archive carries (catalogue entries, derivations) and return its course facts."""
    data, visible = read(archive)
    CATALOGUE.adopt({code: Language(code, dict(entries)) for code, entries in data["catalogue"].items()})
    derivations = data.get("derivations") or {}
    sources.provide(derivations=lambda: derivations)
    return Carried(
        assignment=data["assignment"],
        points=[list(pair) for pair in data["points"]],
        language=data["language"],
        forbidden=tuple(data.get("forbidden") or ()),
        visible=visible,
    )


def visible_module(carried: Carried, where: str) -> types.ModuleType:
    """The visible checks as a module (named after the assignment's test file), compiled from the archive."""
    name = f"test_{carried.assignment}_visible"
    module = types.ModuleType(name)
    module.__file__ = f"{where}/{VISIBLE}"
    exec(compile(carried.visible or "", module.__file__, "exec"), module.__dict__)  # noqa: S102 - the kit's own checks
    return module


def checker(archive: str, namespace: dict):
    """The notebook's `check`: the visible checks of the archive on the functions of `namespace` (its globals)."""
    from .notebook import Checker

    carried = adopt(archive)
    check = Checker(
        namespace,
        visible_module(carried, archive),
        assignment=carried.assignment,
        points=carried.points,
        lang=carried.language,
        forbidden=carried.forbidden,
    )
    check.show_warnings()
    return check


__all__ = ["Carried", "DATA", "VISIBLE", "read", "adopt", "visible_module", "checker"]
