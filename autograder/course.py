"""course.yml: load, validate against the JSON Schema and the kit's graders, resolve defaults into one Assignment
per id.

A broken file is a KitError with one line naming the key and what is wrong, never a traceback. Whatever could
silently cost students points is an error: a problem name the graders do not know (it would score nothing), a
problem of the graders left out (its checks would never run), a duplicate key (YAML would keep the last one), a
missing seed (grades would not replay), a due date without a time zone. Totals other than 100 are allowed, but
said as a warning.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from . import catalogue, paths
from .errors import KitError


def schema_validator(schema: dict):
    """A JSON Schema validator, imported only where something is validated: jsonschema costs about 0.1 s to
    import, which a grading process (it receives the course already checked) need not pay."""
    from .heavy_imports import jsonschema

    return jsonschema().Draft202012Validator(schema)


SCHEMA = json.loads((paths.PACKAGE_DIR / "course.schema.json").read_text(encoding="utf-8"))
DUE_EXAMPLE = "2026-12-08T23:59+08:00"


def schema_default(*where: str):
    """The `default` the schema gives the setting at `where` (a path under $defs or properties): the one place a
    default is written, so the schema an instructor reads and the values the kit uses cannot drift apart."""
    node = SCHEMA
    for key in where:
        node = node[key]
    return node["default"]


def _limit(name: str):
    return schema_default("$defs", "limits", "properties", name)


@dataclass(frozen=True)
class Limits:
    """What a submission may use; an unset limit takes course.schema.json's default."""

    call_seconds: float = _limit("call_seconds")
    submission_seconds: float = _limit("submission_seconds")
    cpu_seconds: int = _limit("cpu_seconds")
    memory_mb: int = _limit("memory_mb")
    processes: int = _limit("processes")
    file_size_mb: int = _limit("file_size_mb")
    open_files: int = _limit("open_files")
    output_kb: int = _limit("output_kb")
    step_seconds: float = _limit("step_seconds")


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    problems: dict  # function id -> points, in course.yml order
    limits: Limits
    seed: int
    forbidden_imports: tuple
    visibility: str
    due: datetime | None = None  # always with a UTC offset
    late_policy: dict = field(default_factory=dict)
    canvas_id: int | None = None  # Canvas's id of the assignment, for the gradebook's Canvas CSV
    extensions: dict = field(default_factory=dict)  # student id -> their own due date (with a UTC offset)
    # the extensions as course.yml writes them (before a roster adds every other id of each student)
    written_extensions: dict = field(default_factory=dict)
    kind: str = schema_default("properties", "assignments", "additionalProperties", "properties", "kind")
    # who applies the late policy on Gradescope: "kit" (from created_at) or "gradescope"
    late_work: str = schema_default("$defs", "late_policy", "properties", "applied_by")

    @property
    def total_points(self) -> float:
        return float(sum(self.problems.values()))

    @property
    def is_derivation(self) -> bool:
        """Answers are chains of sympy expressions: the student process preloads sympy, the self-check carries
        the chain checker."""
        return self.kind == "derivation"


@dataclass(frozen=True)
class Course:
    title: str
    language: str
    assignments: dict  # id -> Assignment
    root: Path  # the folder whose solutions/ hold the reference (the kit's own unless course.yml's has one)
    path: Path | None = None
    timezone: str | None = None
    # auto: the strongest level an unprivileged user gets on the grading machine
    min_isolation: str = schema_default("properties", "min_isolation")
    warnings: tuple = ()  # things that cost no points but deserve a look (e.g. a total other than 100)
    roster: object = None  # roster.Roster: who the students are, by every id (course.yml's `roster`), or None
    # Messages: ids in course.yml that name no student of the roster (an error for check-course, batch, gradebook)
    identity_problems: tuple = ()

    def assignment(self, assignment_id: str) -> Assignment:
        try:
            return self.assignments[assignment_id]
        except KeyError:
            known = ", ".join(self.assignments) or "none"
            raise KitError(
                catalogue.Message("error:unknown_assignment", assignment=assignment_id, known=known)
            ) from None


# ---- reading YAML -------------------------------------------------------------------------------------------
class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key given twice in one mapping is an error instead of "last one wins"."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: let PyYAML say so
            break
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first given at line {first.line + 1})", key_node.start_mark
            )
        seen[key] = key_node.start_mark
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def _key_path(text: str, line: int) -> str:
    """The dotted path of the key at `line` (0-based) from the indentation of the lines above it."""
    lines = text.splitlines()
    if line >= len(lines):
        return ""
    path: list[tuple[int, str]] = []
    for raw in lines[: line + 1]:
        match = re.match(r"^(\s*)([^\s#:][^:#]*?)\s*:(\s|$)", raw)
        if not match:
            continue
        indent, key = len(match.group(1)), match.group(2).strip("'\"")
        while path and path[-1][0] >= indent:
            path.pop()
        path.append((indent, key))
    return ".".join(key for _, key in path)


def read_yaml(path: Path, text: str):
    """The document in `text`, duplicate keys refused; a KitError names the line (and the key) that is wrong."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if mark is not None and str(problem).startswith("duplicate key"):
            where = _key_path(text, mark.line)
            raise KitError(f"{path.name}: {where}: {problem}; YAML would silently keep only the last one") from None
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise KitError(f"{path.name}: not valid YAML{at}: {problem}") from None


# ---- validation ---------------------------------------------------------------------------------------------
def _where(error) -> str:
    parts = [str(p) for p in error.absolute_path]
    return ".".join(parts) if parts else "(top level)"


def _describe(error) -> str:
    if error.validator == "required":
        return error.message.replace("is a required property", "is missing")
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        return error.message.replace("Additional properties are not allowed", "unknown key").replace(
            "Unevaluated properties are not allowed", "unknown key"
        )
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


def graded_assignments() -> list[str]:
    """The assignments the kit has hidden graders for (whatever course.yml says)."""
    return sorted(p.stem for p in paths.GRADERS_DIR.glob("a*_*.py"))


def graded_problems(assignment_id: str) -> list[str]:
    """The problems the kit's graders check: the functions of the reference they grade against.

    Always the kit's own reference (the one the engine loads), wherever course.yml lives, so a course.yml
    copied elsewhere is checked exactly like the kit's.
    """
    return solution_functions(assignment_id)


def _as_written(value):
    """YAML turns an unquoted 2026-12-08 23:59 into a datetime: give it back as the text the instructor wrote."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes") if value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def parse_due(text, key: str, file_name: str, timezone_name: str | None) -> datetime:
    """An ISO date-time with a UTC offset, or without one in course.yml's `timezone`; anything else says what to
    write."""
    shown = f"{text!r}"
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        raise KitError(
            f"{file_name}: {key}: {shown} is not a date-time: write it like {DUE_EXAMPLE!r} "
            f"(or 2026-12-08T23:59 with course.yml's timezone)"
        ) from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text).strip()):
        raise KitError(f"{file_name}: {key}: {shown} has no time of day: write it like {DUE_EXAMPLE!r}")
    if moment.tzinfo is None:
        if not timezone_name:
            raise KitError(
                f"{file_name}: {key}: {shown} has no UTC offset and course.yml has no timezone: write it "
                f"like {DUE_EXAMPLE!r}, or add e.g. `timezone: Asia/Taipei` at the top level"
            )
        moment = moment.replace(tzinfo=_zone(timezone_name, file_name))
    return moment


def _zone(name: str, file_name: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise KitError(f"{file_name}: timezone: {name!r} is not a time zone name like 'Asia/Taipei' or 'UTC'") from None


def _extensions(file_name: str, aid: str, spec: dict, due, timezone_name: str | None) -> dict:
    """assignments.<id>.extensions: student -> {days: N} (after the due date) or {due: TIME}, as their own due date."""
    from datetime import timedelta

    out = {}
    for student, grant in (spec.get("extensions") or {}).items():
        key = f"assignments.{aid}.extensions.{student}"
        if due is None:
            raise KitError(catalogue.Message("error:extension_without_due", file=file_name, where=key, assignment=aid))
        if "due" in grant:
            moment = parse_due(_as_written(grant["due"]), f"{key}.due", file_name, timezone_name)
        else:
            moment = due + timedelta(days=float(grant["days"]))
        if moment <= due:
            raise KitError(
                catalogue.Message(
                    "error:extension_not_later",
                    file=file_name,
                    where=key,
                    moment=moment.isoformat(),
                    due=due.isoformat(),
                )
            )
        out[str(student)] = moment
    return out


def _check_problems(file_name: str, aid: str, problems: dict) -> None:
    known = graded_problems(aid)
    if not known:
        return
    for problem in problems:
        if problem not in known:
            raise KitError(
                f"{file_name}: assignments.{aid}.problems.{problem}: not a function of {aid} "
                f"(known: {', '.join(known)}); it would score nothing"
            )
    missing = [p for p in known if p not in problems]
    if missing:
        raise KitError(
            f"{file_name}: assignments.{aid}.problems: {', '.join(missing)} missing: the graders check "
            f"{'it' if len(missing) == 1 else 'them'}, so give points (0 to leave a problem out on purpose)"
        )


def solution_imports(assignment_id: str, root: Path | None = None) -> set:
    """The top-level modules the reference solution imports, read from its syntax tree (nothing is imported)."""
    source = paths.solutions_dir(root) / f"{assignment_id}.py"
    if not source.is_file():
        return set()
    found = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def _check_kind(file_name: str, aid: str, kind: str) -> None:
    """A derivation is graded by sympy, so its kind must say so: otherwise the self-check would carry no chain
    checker and the student process would load sympy on every call."""
    uses_sympy = "sympy" in solution_imports(aid)
    if uses_sympy and kind != "derivation":
        raise KitError(
            f"{file_name}: assignments.{aid}.kind: the reference solution builds sympy chains: write `kind: derivation`"
        )
    if kind == "derivation" and not uses_sympy and graded_problems(aid):
        raise KitError(
            f"{file_name}: assignments.{aid}.kind: derivation, but the reference solution does not use "
            f"sympy: leave `kind` out (numeric)"
        )


def _seed(file_name: str, aid: str, spec: dict, defaults: dict) -> int:
    seed = spec.get("seed", defaults.get("seed"))
    if seed is None:
        raise KitError(
            f"{file_name}: assignments.{aid}.seed: missing (neither here nor under defaults): add e.g. "
            f"`seed: 20261124` under defaults; the random inputs derive from it, so grades replay exactly"
        )
    return int(seed)


def load_course(path: Path | str | None = None) -> Course:
    """Read and check course.yml; see the module docstring for what is refused."""
    path = Path(path) if path else paths.course_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KitError(f"course file not found: {path}") from None
    except IsADirectoryError:
        raise KitError(f"course file is a folder, not a file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"cannot read course file {path}: {exc.__class__.__name__}: {exc}") from None
    data = read_yaml(path, text)
    if not isinstance(data, dict):
        raise KitError(f"{path.name}: expected a mapping of settings, found {type(data).__name__}")
    timezone_name = data.get("timezone") if isinstance(data.get("timezone"), str) else None
    for spec in (data.get("assignments") or {}).values() if isinstance(data.get("assignments"), dict) else ():
        if isinstance(spec, dict) and "due" in spec:
            spec["due"] = _as_written(spec["due"])
        grants = spec.get("extensions") if isinstance(spec, dict) else None
        for grant in grants.values() if isinstance(grants, dict) else ():
            if isinstance(grant, dict) and "due" in grant:
                grant["due"] = _as_written(grant["due"])
    SCHEMA["properties"]["language"]["enum"] = list(catalogue.languages())  # the languages are the catalogue's folders
    validator = schema_validator(SCHEMA)
    errors = list(validator.iter_errors(data))
    if errors:
        error = max(errors, key=lambda e: len(list(e.absolute_path)))  # the most specific one
        raise KitError(f"{path.name}: {_where(error)}: {_describe(error)}")
    if timezone_name:
        _zone(timezone_name, path.name)

    known_graders = graded_assignments()
    defaults = data.get("defaults") or {}
    assignments, warnings = {}, []
    for aid, spec in data["assignments"].items():
        if known_graders and aid not in known_graders:
            raise KitError(
                f"{path.name}: assignments.{aid}: the kit has no graders for {aid} (it has: {', '.join(known_graders)})"
            )
        _check_problems(path.name, aid, spec["problems"])
        kind = spec.get("kind", Assignment.kind)
        _check_kind(path.name, aid, kind)
        limits = {**(defaults.get("limits") or {}), **(spec.get("limits") or {})}
        due = spec.get("due")
        due = parse_due(due, f"assignments.{aid}.due", path.name, timezone_name) if due else None
        assignment = Assignment(
            id=aid,
            title=spec.get("title", aid),
            problems=dict(spec["problems"]),
            limits=Limits(**limits),
            seed=_seed(path.name, aid, spec, defaults),
            forbidden_imports=tuple(spec.get("forbidden_imports", defaults.get("forbidden_imports", ()))),
            visibility=spec.get("visibility", data.get("visibility", schema_default("$defs", "visibility"))),
            due=due,
            late_policy={
                k: v
                for k, v in {**(defaults.get("late_policy") or {}), **(spec.get("late_policy") or {})}.items()
                if k != "applied_by"
            },
            canvas_id=spec.get("canvas_id"),
            kind=kind,
            extensions=_extensions(path.name, aid, spec, due, timezone_name),
            written_extensions=_extensions(path.name, aid, spec, due, timezone_name),
            late_work=(spec.get("late_policy") or {}).get(
                "applied_by", (defaults.get("late_policy") or {}).get("applied_by", Assignment.late_work)
            ),
        )
        if assignment.total_points != 100:
            warnings.append(
                f"assignments.{aid}.problems: the points add up to {assignment.total_points:g}, not 100 "
                f"(scores are out of {assignment.total_points:g})"
            )
        assignments[aid] = assignment
    folder = path.resolve().parent
    root = folder if paths.solutions_dir(folder).is_dir() else paths.KIT_ROOT
    course = Course(
        title=data["title"],
        language=data["language"],
        assignments=assignments,
        root=root,
        path=path.resolve(),
        timezone=timezone_name,
        min_isolation=data.get("min_isolation", Course.min_isolation),
        warnings=tuple(warnings),
    )
    if data.get("roster"):
        from .roster import load_roster

        course = with_roster(course, load_roster(folder / data["roster"]))
    return course


def with_roster(course: Course, roster) -> Course:
    """The course with each extension granted under every id of its student's roster row (so that every door, which
    knows the student by its own id, finds it), and the ids that name no student of the roster as problems.

    Always from the extensions as course.yml writes them: another roster replaces the first one's ids."""
    import dataclasses

    from .roster import norm

    problems, assignments = [], {}
    for aid, assignment in course.assignments.items():
        granted = dict(assignment.written_extensions or assignment.extensions)
        expanded = dict(granted)
        for student, due in granted.items():
            person = roster.find(student)
            if person is None:
                problems.append(
                    catalogue.Message(
                        "roster:extension_unknown",
                        file=course.path.name if course.path else "course.yml",
                        where=f"assignments.{aid}.extensions.{student}",
                        roster=roster.source,
                    )
                )
                continue
            for value in person.id_values():
                current = next((d for k, d in expanded.items() if norm(k) == norm(value)), None)
                expanded[value] = due if current is None else max(current, due)
        assignments[aid] = dataclasses.replace(assignment, extensions=expanded, written_extensions=granted)
    return dataclasses.replace(course, assignments=assignments, roster=roster, identity_problems=tuple(problems))


def check_identities(course: Course) -> None:
    """A KitError naming every id of course.yml that names no student of its roster (none without a roster)."""
    if course.identity_problems:
        from .roster import joined

        problems = course.identity_problems
        raise KitError(catalogue.Message("roster:problems", count=len(problems), problems=joined(problems)))
