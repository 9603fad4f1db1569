"""results.json as one typed model: Gradescope's fields and the kit's own `extra_data.kit`, written and read here only.

Why frozen dataclasses: they are the standard library (no new dependency on the student-facing install), typed,
immutable once read (a reader cannot half-change a grade), and their fields can carry where each one lives in
the JSON (`metadata["key"]`, a dotted path such as "extra_data.status"). That one declaration drives the writer
(`to_json`), the reader (`from_json`) and the JSON Schema (`json_schema`, committed as results.schema.json and
checked by a test), so the three cannot drift apart. docs/results.md says what each field means.

`from_json` reads untrusted files (a student may hand-edit one, an older kit wrote another): anything of the
wrong type is dropped to its default, never raised on, and stored messages stay JSON until they are rendered
through the catalogue's checked reader. Scores are the written decimals (see points.py): a results.json's `score`
is the exact sum of its tests' scores.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalogue
from . import points

SCHEMA_PATH = Path(__file__).resolve().parent / "results.schema.json"
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
CHECK_STATUSES = ("passed", "failed", "not implemented", "forbidden")
LATE_PENALTY = "late_penalty"  # extra_data.kind of the one tests[] entry that is not a check
MISCONCEPTION_TAG = "misconception:"
MAX_MESSAGES = 1000  # stored messages kept per list when reading (the writer never comes near)


def _key(path: str, *, omit: str = "", enum: tuple = (), default=None, factory=None, null: bool = True):
    """A field stored at `path` in the JSON; `omit` "none" leaves it out when None, "empty" when None or empty;
    `null=False`: the kit never writes null there (None only stands for a value missing from a file read)."""
    metadata = {"key": path, "omit": omit, "enum": enum, "null": null}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


# ================================================================================ the model
@dataclass(frozen=True)
class TestResult:
    """One entry of `tests`: a check of a problem, or (kind "late_penalty") the points a late penalty took."""

    name: str = _key("name", default="")
    score: float | None = _key("score", null=False)
    max_score: float | None = _key("max_score", null=False)
    status: str | None = _key("status", enum=("passed", "failed"), omit="none")
    output: str = _key("output", default="")
    visibility: str = _key("visibility", enum=VISIBILITIES, default="visible")
    tags: tuple[str, ...] = _key("tags", factory=tuple)
    number: str | None = _key("number", omit="none")
    duration: float | None = _key("extra_data.duration", omit="none")
    misconception: str | None = _key("extra_data.misconception")
    check_status: str | None = _key("extra_data.status", enum=CHECK_STATUSES, omit="none")
    kind: str | None = _key("extra_data.kind", enum=(LATE_PENALTY,), omit="none")
    name_message: dict | None = _key("extra_data.name_message", omit="none")
    messages: tuple[dict, ...] = _key("extra_data.messages", factory=tuple)

    @property
    def is_check(self) -> bool:
        return self.kind != LATE_PENALTY

    @property
    def problem(self) -> str:
        """The problem id: the first tag (the contract), else the name's "problem:" prefix."""
        if self.tags:
            return self.tags[0]
        return self.name.split(":", 1)[0].strip() if ":" in self.name else "?"

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def outcome(self) -> str:
        """passed | failed | not implemented | forbidden (the kit's word when it wrote one)."""
        return self.check_status or ("passed" if self.passed else "failed")

    @property
    def visible(self) -> bool:
        return self.visibility == "visible"

    def stored_messages(self) -> list:
        return _messages(self.messages)

    def message(self, lang: str | None = None) -> str:
        """The feedback, in `lang` when given (re-rendered from the stored messages), else as graded."""
        return _render(self.stored_messages(), lang, self.output)

    def display_name(self, lang: str | None = None) -> str:
        name = catalogue.from_json(self.name_message) if self.name_message is not None else None
        return name.render(lang) if name is not None and lang is not None else self.name

    def _tidy(self) -> TestResult:
        changes: dict = {}
        if not self.name:
            changes["name"] = self.problem
        if self.misconception is None:
            tagged = [t[len(MISCONCEPTION_TAG) :] for t in self.tags[1:] if t.startswith(MISCONCEPTION_TAG)]
            if tagged and tagged[0]:
                changes["misconception"] = tagged[0]
        if self.status is None and self.is_check:
            full = self.score is not None and self.max_score is not None and self.score >= self.max_score
            changes["status"] = "passed" if full else "failed"
        return dataclasses.replace(self, **changes) if changes else self


@dataclass(frozen=True)
class ProblemResult:
    """One problem of extra_data.kit.problems: its points (the sum of its checks'), status and first failure."""

    problem: str = field(default="", metadata={"key": None})  # the key it is stored under
    score: float | None = _key("score", null=False)
    max_score: float | None = _key("max_score", null=False)
    status: str = _key("status", enum=CHECK_STATUSES, default="failed")
    message: str = _key("message", default="")
    messages: tuple[dict, ...] = _key("messages", factory=tuple)

    def stored_messages(self) -> list:
        return _messages(self.messages)


@dataclass(frozen=True)
class LateResult:
    """extra_data.kit.late: when the work came, when it was due, and what the late policy kept."""

    submitted_at: str | None = _key("submitted_at")
    due: str | None = _key("due")
    days_late: int | None = _key("days_late")
    factor: float | None = _key("factor")
    accepted: bool | None = _key("accepted")
    score_on_time: float | None = _key("score_on_time", omit="none")
    extended: bool | None = _key("extended", omit="none")

    def as_params(self) -> dict:
        """The fields as message parameters (and as the doors' dict of old)."""
        return {k: v for k, v in to_json(self).items()}


@dataclass(frozen=True)
class BatchInfo:
    """extra_data.kit.batch: what `autograder batch` knew of the file (instructor-only)."""

    fingerprint: str | None = _key("fingerprint", omit="none")
    layout: str | None = _key("layout", omit="none")
    late_basis: tuple[str | None, ...] | None = _key("late_basis", omit="none")
    source: str | None = _key("source", omit="none")
    id_as_found: str | None = _key("id_as_found", omit="none")
    lms: dict | None = _key("lms", omit="none")
    roster: str | None = _key("roster", omit="none")  # the roster's key of this student, when a roster knew them
    worker: str | None = _key("worker", omit="none")
    workers: tuple[str, ...] | None = _key("workers", omit="none")


@dataclass(frozen=True)
class KitData:
    """extra_data.kit: what the kit knows beyond Gradescope's fields (never shown to the student by Gradescope)."""

    assignment: str | None = _key("assignment")
    student: str | None = _key("student")
    seed: int | None = _key("seed")
    language: str | None = _key("language")
    max_score: float | None = _key("max_score")
    status: str = _key("status", enum=("graded", "error"), default="graded")
    note: str | None = _key("note", omit="none")
    problems: dict[str, ProblemResult] = _key("problems", factory=dict)
    notes: tuple[str, ...] = _key("notes", factory=tuple)
    output_messages: tuple[dict, ...] = _key("output_messages", omit="empty", factory=tuple)
    note_messages: tuple[dict, ...] = _key("note_messages", omit="empty", factory=tuple)
    late: LateResult | None = _key("late")
    content_sha256: str | None = _key("content_sha256")
    graders_sha256: str | None = _key("graders_sha256")
    duration: float | None = _key("duration")
    unfinished: str | None = _key("unfinished", enum=("timeout", "died"), omit="none")
    isolation: str | None = _key("isolation", omit="none")
    batch: BatchInfo | None = _key("batch", omit="none")

    def _tidy(self) -> KitData:
        sha = self.content_sha256
        if sha is not None and not re.fullmatch(r"[0-9a-f]{64}", sha):
            return dataclasses.replace(self, content_sha256=None)
        return self


@dataclass(frozen=True)
class Results:
    """A whole results.json: Gradescope's top-level fields, its tests, and the kit's block."""

    score: float | None = _key("score", null=False)
    execution_time: float | None = _key("execution_time", omit="none")
    output: str = _key("output", default="")
    visibility: str = _key("visibility", enum=VISIBILITIES, default="visible")
    stdout_visibility: str = _key("stdout_visibility", enum=VISIBILITIES, default="hidden")
    tests: tuple[TestResult, ...] = _key("tests", factory=tuple)
    kit: KitData | None = _key("extra_data.kit", omit="none")

    # ---- reading
    @classmethod
    def from_json(cls, data) -> Results:
        """The model of a parsed results.json; tolerant of missing and ill-typed fields (raises only for a
        non-object)."""
        if not isinstance(data, dict):
            raise TypeError("a results.json holds a JSON object")
        return from_json(cls, data)

    @classmethod
    def read(cls, path: Path | str) -> Results | None:
        """The file's model, or None when it is missing, unreadable or not a JSON object."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return None
        return cls.from_json(data) if isinstance(data, dict) else None

    def to_json(self) -> dict:
        return to_json(self)

    # ---- what readers ask
    @property
    def kit_data(self) -> KitData:
        """The kit's block, empty when the file has none (another tool's, or a Gradescope error)."""
        return self.kit if self.kit is not None else KitData()

    @property
    def checks(self) -> list[TestResult]:
        return [t for t in self.tests if t.is_check]

    @property
    def late_penalty(self) -> TestResult | None:
        return next((t for t in self.tests if not t.is_check), None)

    @property
    def problems(self) -> dict[str, ProblemResult]:
        """The kit's problems, plus any problem only the tests name (a results.json without the kit's summary)."""
        problems = dict(self.kit_data.problems)
        for check in self.checks:
            if check.problem in problems:
                continue
            mine = [c for c in self.checks if c.problem == check.problem]
            scores = [c.score for c in mine if c.score is not None]
            maxes = [c.max_score for c in mine if c.max_score is not None]
            failed = next((c for c in mine if not c.passed), None)
            problems[check.problem] = ProblemResult(
                check.problem,
                score=points.number(points.total(scores)) if scores else None,
                max_score=points.number(points.total(maxes)) if maxes else None,
                status="failed" if failed else "passed",
                message=failed.output if failed else "",
            )
        return problems

    @property
    def max_score(self) -> float | None:
        return self.kit_data.max_score

    @property
    def duration(self) -> float | None:
        return self.kit_data.duration if self.kit_data.duration is not None else self.execution_time

    def adds_up(self) -> bool:
        """`score` is the exact sum of the tests' scores (the numbers as the decimals they print as)."""
        return self.score is not None and points.decimal(self.score) == points.total(t.score or 0.0 for t in self.tests)

    def output_messages(self) -> list:
        return _messages(self.kit_data.output_messages)

    def note_messages(self) -> list:
        return _messages(self.kit_data.note_messages)

    def with_kit(self, **changes) -> Results:
        """The same results with fields of the kit's block changed (the batch adds isolation and batch info)."""
        return dataclasses.replace(self, kit=dataclasses.replace(self.kit_data, **changes))


def _messages(stored) -> list:
    """Stored catalogue messages (untrusted JSON) as Messages: anything that is not one is dropped."""
    found = (catalogue.from_json(item) for item in stored[:MAX_MESSAGES])
    return [m for m in found if m is not None]


def _render(messages: list, lang: str | None, fallback: str) -> str:
    if lang is None or not messages:
        return fallback
    return "\n".join(m.render(lang) for m in messages)


# ================================================================================ JSON, driven by the fields
@functools.cache
def _fields(cls) -> tuple:
    """(field, type hint) of each field stored in the JSON (resolved once per class: get_type_hints is slow)."""
    hints = typing.get_type_hints(cls)
    return tuple((f, hints[f.name]) for f in dataclasses.fields(cls) if f.metadata.get("key"))


def _optional(hint):
    """X for `X | None`, else the hint itself."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


_MISSING = dataclasses.MISSING


@functools.cache
def _reader(hint):
    """The function that reads a value as `hint`, or gives MISSING when it does not fit (untrusted data is never
    raised on): built once per type, since a class's files are read by the
    thousand (a batch reads every results.json a few times) and inspecting hints per value costs more than
    the reading itself."""
    hint = _optional(hint)
    origin = typing.get_origin(hint)
    if hint is str:
        return lambda v: v if isinstance(v, str) else _MISSING
    if hint is bool:
        return lambda v: v if isinstance(v, bool) else _MISSING
    if hint is int:
        return lambda v: v if isinstance(v, int) and not isinstance(v, bool) else _MISSING
    if hint is float:

        def read_float(v):
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                return _MISSING
            return float(v)

        return read_float
    if hint is dict:
        return lambda v: v if isinstance(v, dict) else _MISSING
    if dataclasses.is_dataclass(hint):
        return lambda v: from_json(hint, v) if isinstance(v, dict) else _MISSING
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        nulls = _optional(item_hint) is not item_hint  # a list whose items may be null (late_basis)
        item = _reader(item_hint)

        def read_tuple(v):
            if not isinstance(v, list):
                return _MISSING
            items = [None if x is None and nulls else (_MISSING if x is None else item(x)) for x in v]
            return tuple(x for x in items if x is not _MISSING)

        return read_tuple
    if origin is dict:
        item = _reader(typing.get_args(hint)[1])

        def read_dict(v):
            if not isinstance(v, dict):
                return _MISSING
            out = {}
            for k, x in v.items():
                x = _MISSING if x is None else item(x)
                if x is not _MISSING:
                    out[str(k)] = dataclasses.replace(x, problem=str(k)) if isinstance(x, ProblemResult) else x
            return out

        return read_dict
    raise TypeError(f"no reader for {hint}")


@functools.cache
def _plan(cls) -> tuple:
    """(field name, key path, reader, allowed values) for each stored field of `cls`."""
    return tuple(
        (f.name, tuple(f.metadata["key"].split(".")), _reader(hint), f.metadata.get("enum")) for f, hint in _fields(cls)
    )


def from_json(cls, data: dict):
    """An instance of the model class `cls` from its JSON object, tolerating anything missing or ill-typed."""
    values = {}
    for name, path, read, enum in _plan(cls):
        raw = data
        for part in path:
            if not isinstance(raw, dict) or part not in raw:
                raw = _MISSING
                break
            raw = raw[part]
        if raw is _MISSING or raw is None:
            continue
        value = read(raw)
        if value is not _MISSING and (not enum or value in enum):
            values[name] = value
    if cls is BatchInfo and isinstance(values.get("lms"), dict):
        values["lms"] = {str(k): v for k, v in values["lms"].items() if isinstance(v, (str, bool))}
    instance = cls(**values)
    if cls is Results:
        instance = dataclasses.replace(instance, tests=tuple(t._tidy() for t in instance.tests if t.tags or t.name))
    tidy = getattr(instance, "_tidy", None)
    return tidy() if tidy is not None and cls is not TestResult else instance


def _write(value):
    """A field's value as JSON: model objects written, tuples as lists; stored JSON (messages, lms) as it is."""
    if isinstance(value, tuple):
        return [_write(v) for v in value]
    if isinstance(value, dict):
        return {k: (to_json(v) if dataclasses.is_dataclass(v) else v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return to_json(value)
    return value


def _identity(value):
    return value


@functools.cache
def _writer(hint):
    """The function that writes a value of type `hint` as JSON, built once per type like `_reader` (a grading
    process writes a results.json per submission, a batch writes a class's): `_write` for what has no plan."""
    hint = _optional(hint)
    origin = typing.get_origin(hint)
    if hint in (str, bool, int, float, dict):
        return _identity
    if dataclasses.is_dataclass(hint):
        return lambda v: to_json(v) if dataclasses.is_dataclass(v) else _write(v)
    if origin is tuple:
        item = _writer(typing.get_args(hint)[0])
        return lambda v: [None if x is None else item(x) for x in v] if isinstance(v, tuple) else _write(v)
    if origin is dict:
        item = _writer(typing.get_args(hint)[1])
        return lambda v: {k: item(x) for k, x in v.items()} if isinstance(v, dict) else _write(v)
    return _write


@functools.cache
def _write_plan(cls) -> tuple:
    """(field name, parent keys, key, omit, writer) for each stored field of `cls`."""
    plan = []
    for f, hint in _fields(cls):
        *parents, last = f.metadata["key"].split(".")
        plan.append((f.name, tuple(parents), last, f.metadata.get("omit"), _writer(hint)))
    return tuple(plan)


def to_json(instance) -> dict:
    """The JSON object of a model instance (plain dicts, lists, strings and numbers: json.dumps takes it)."""
    data: dict = {}
    for name, parents, last, omit, write in _write_plan(type(instance)):
        value = getattr(instance, name)
        if (omit and value is None) or (omit == "empty" and not value):
            continue
        target = data
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = None if value is None else write(value)
    return data


# ================================================================================ the JSON Schema
_SCALARS = {str: "string", bool: "boolean", int: "integer", float: "number"}


def _schema_of(hint, defs: dict) -> dict:
    hint = _optional(hint)
    origin = typing.get_origin(hint)
    if hint in _SCALARS:
        return {"type": _SCALARS[hint]}
    if hint is dict:
        return {"type": "object"}
    if dataclasses.is_dataclass(hint):
        if hint.__name__ not in defs:
            defs[hint.__name__] = {}
            defs[hint.__name__] = _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if origin is tuple:
        item = typing.get_args(hint)[0]
        items = _schema_of(item, defs)
        if _optional(item) is not item:
            items = {"type": [items["type"], "null"]}
        return {"type": "array", "items": items}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(typing.get_args(hint)[1], defs)}
    raise TypeError(f"no schema for {hint}")


def _object_schema(cls, defs: dict) -> dict:
    root: dict = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": {},
        "additionalProperties": False,
    }
    for f, hint in _fields(cls):
        schema = _schema_of(hint, defs)
        if f.metadata.get("enum"):
            schema = {**schema, "enum": list(f.metadata["enum"])}
        nullable = _optional(hint) is not hint and not f.metadata.get("omit") and f.metadata.get("null", True)
        if nullable:
            schema = {"anyOf": [schema, {"type": "null"}]}
        *parents, last = f.metadata["key"].split(".")
        target = root
        for part in parents:
            target = target["properties"].setdefault(
                part, {"type": "object", "properties": {}, "additionalProperties": False}
            )
        target["properties"][last] = schema
        if not f.metadata.get("omit"):
            target.setdefault("required", []).append(last)
    return root


def json_schema() -> dict:
    """The JSON Schema of the results.json the kit writes, generated from the model's fields."""
    defs: dict = {}
    top = _object_schema(Results, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/autograder/results.schema.json",
        "title": "results.json as the kit writes it (generated from autograder/grading/results_model.py)",
        **{k: v for k, v in top.items() if k != "description"},
        "$defs": dict(sorted(defs.items())),
    }


def documented_keys() -> dict:
    """{model class name: [the JSON keys of its fields, dotted]}: what docs/results.md must describe."""
    classes = (Results, TestResult, KitData, ProblemResult, LateResult, BatchInfo)
    return {cls.__name__: [f.metadata["key"] for f, _hint in _fields(cls)] for cls in classes}


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


__all__ = [
    "CHECK_STATUSES",
    "LATE_PENALTY",
    "SCHEMA_PATH",
    "BatchInfo",
    "KitData",
    "LateResult",
    "ProblemResult",
    "Results",
    "TestResult",
    "documented_keys",
    "json_schema",
    "schema_text",
]


if __name__ == "__main__":  # python -m autograder.grading.results_model: write results.schema.json again
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
