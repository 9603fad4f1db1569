"""course.yml: load, validate against the JSON Schema, and resolve defaults into one Assignment per id.

A broken file is a KitError with one line naming the key and what is wrong, never a traceback.
"""
from __future__ import annotations

import ast
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

# course.yml uses no IRI formats; without this, jsonschema compiles rfc3987_syntax's grammar at import
# (about 1 s when that optional package is installed), which every `autograder grade` would pay.
sys.modules.setdefault("rfc3987_syntax", None)
import jsonschema  # noqa: E402

from . import catalogue, paths
from .errors import KitError

SCHEMA = json.loads((paths.PACKAGE_DIR / "course.schema.json").read_text(encoding="utf-8"))

DEFAULT_LIMITS = {
    "call_seconds": 10.0,
    "submission_seconds": 120.0,
    "cpu_seconds": 60,
    "memory_mb": 1024,
    "processes": 32,
    "file_size_mb": 16,
    "open_files": 64,
    "output_kb": 64,
    "step_seconds": 3.0,
}


@dataclass(frozen=True)
class Limits:
    call_seconds: float
    submission_seconds: float
    cpu_seconds: int
    memory_mb: int
    processes: int
    file_size_mb: int
    open_files: int
    output_kb: int
    step_seconds: float


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    problems: dict  # function id -> points, in course.yml order
    limits: Limits
    seed: int
    forbidden_imports: tuple
    visibility: str
    due: datetime | None = None
    late_policy: dict = field(default_factory=dict)

    @property
    def total_points(self) -> float:
        return float(sum(self.problems.values()))


@dataclass(frozen=True)
class Course:
    title: str
    language: str
    assignments: dict  # id -> Assignment
    root: Path

    def assignment(self, assignment_id: str) -> Assignment:
        try:
            return self.assignments[assignment_id]
        except KeyError:
            known = ", ".join(self.assignments) or "none"
            raise KitError(catalogue.Message("error:unknown_assignment", assignment=assignment_id, known=known)) from None


def _where(error: jsonschema.ValidationError) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(top level)"


def _describe(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        return error.message.replace("Additional properties are not allowed", "unknown key").replace(
            "Unevaluated properties are not allowed", "unknown key")
    if error.validator == "enum":
        return f"must be one of {', '.join(map(str, error.validator_value))}, not {error.instance!r}"
    if error.validator == "type":
        return f"must be of type {error.validator_value}, not {error.instance!r}"
    return error.message


def solution_functions(assignment_id: str, root: Path | None = None) -> list[str]:
    """The public functions of the reference solution, read from its syntax tree (nothing is imported)."""
    source = paths.solutions_dir(root) / f"{assignment_id}.py"
    if not source.is_file():
        return []
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def load_course(path: Path | str | None = None) -> Course:
    """Read and check course.yml; every problem must be a function of the assignment's reference solution."""
    path = Path(path) if path else paths.course_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KitError(f"course file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"cannot read course file {path}: {exc.__class__.__name__}: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise KitError(f"{path.name}: not valid YAML{at}: {problem}") from None
    if not isinstance(data, dict):
        raise KitError(f"{path.name}: expected a mapping of settings, found {type(data).__name__}")
    SCHEMA["properties"]["language"]["enum"] = list(catalogue.languages())  # the languages are the catalogue's folders
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(list(e.absolute_path)), list(map(str, e.absolute_path))))
    if errors:
        error = max(errors, key=lambda e: len(list(e.absolute_path)))  # the most specific one
        raise KitError(f"{path.name}: {_where(error)}: {_describe(error)}")

    root = path.resolve().parent
    defaults = data.get("defaults") or {}
    assignments = {}
    for aid, spec in data["assignments"].items():
        known = solution_functions(aid, root)
        if known:
            for problem in spec["problems"]:
                if problem not in known:
                    raise KitError(f"{path.name}: assignments.{aid}.problems.{problem}: not a function of {aid} "
                                   f"(known: {', '.join(known)})")
        limits = {**DEFAULT_LIMITS, **(defaults.get("limits") or {}), **(spec.get("limits") or {})}
        due = spec.get("due")
        try:
            due = datetime.fromisoformat(due) if due else None
        except (TypeError, ValueError):  # jsonschema checks date-time only when its optional checker is installed
            raise KitError(f"{path.name}: assignments.{aid}.due: {due!r} is not a date-time like 2026-12-08T23:59:00+08:00") from None
        assignments[aid] = Assignment(
            id=aid,
            title=spec.get("title", aid),
            problems=dict(spec["problems"]),
            limits=Limits(**limits),
            seed=int(spec.get("seed", defaults.get("seed", 0))),
            forbidden_imports=tuple(spec.get("forbidden_imports", defaults.get("forbidden_imports", ()))),
            visibility=spec.get("visibility", data.get("visibility", "after_published")),
            due=due,
            late_policy={**(defaults.get("late_policy") or {}), **(spec.get("late_policy") or {})},
        )
    return Course(title=data["title"], language=data["language"], assignments=assignments, root=root)
