"""What the class report, the feedback pages and the gradebook share: reading results.json defensively, labels, writing.

Everything in a results.json is untrusted (student names, messages, even numbers), so it is read through
small checked getters here; the pages are rendered from autoescaping templates (see `render`).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import catalogue
from ..atomic import write_text_atomic
from ..errors import KitError

STATUSES = ("passed", "failed", "not implemented", "forbidden")
NO_RESULT = "no result"  # a problem the submission's results.json does not mention (e.g. a syntax error)

class Labels(Mapping):
    """One language's labels (catalogue keys label:<name>), as raw templates: `labels["hist_caption"].format(max=…)`.

    `labels["status:failed"]` is the catalogue's label:status_name:failed (label:status is the column heading)."""

    def __init__(self, lang: str):
        self.lang = lang

    @staticmethod
    def _key(name: str) -> str:
        return f"label:status_name:{name[len('status:'):]}" if name.startswith("status:") else f"label:{name}"

    def __getitem__(self, name: str) -> str:
        template = catalogue.template(self._key(name), self.lang)
        if template is None:
            raise KeyError(name)
        return template

    def _names(self) -> list:
        source = catalogue.CATALOGUE.languages[catalogue.SOURCE_LANGUAGE].messages
        return [k[len("label:"):].replace("status_name:", "status:", 1) for k in source if k.startswith("label:")]

    def __iter__(self):
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


class _LabelsByLanguage(Mapping):
    """LABELS[lang]: the labels of every language of the catalogue (nothing here lists the languages)."""

    def __getitem__(self, lang: str) -> Labels:
        if catalogue.resolve_language(lang) != lang:
            raise KeyError(lang)
        return Labels(lang)

    def __iter__(self):
        return iter(catalogue.languages())

    def __len__(self) -> int:
        return len(catalogue.languages())


LABELS = _LabelsByLanguage()


def resolve_lang(lang: str | None) -> str:
    """Accept any language of the catalogue (any case, - or _); anything else is a usage error, not a silent English page."""
    if lang is None:
        return catalogue.SOURCE_LANGUAGE
    found = catalogue.resolve_language(lang)
    if found is None:
        raise KitError(catalogue.Message("error:unknown_report_language", language=str(lang), known=", ".join(catalogue.languages())))
    return found


def tag_name(tag: str | None, lang: str) -> str:
    """A misconception tag's readable name ("sum-vs-mean" -> "a sum where the mean is asked"); the tag itself if unknown."""
    if not tag:
        return ""
    key = f"tag:{tag}"
    return catalogue.say(key, lang) if catalogue.has(key) else tag


def fmt(value, digits: int = 2) -> str:
    """72.5 -> "72.5", 20.0 -> "20", None -> "–"."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(rate) -> str:
    return "–" if rate is None else f"{100 * rate:.0f}%"


def _num(value) -> float | None:
    """A finite number, or None: booleans, strings, NaN and infinities from a results.json are not scores."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


@dataclass
class Check:
    name: str
    problem: str
    status: str  # "passed" | "failed"
    score: float | None
    max_score: float | None
    output: str
    visibility: str
    misconception: str | None
    messages: list = field(default_factory=list)  # the output as catalogue Messages (re-rendered by `localize`)
    name_message: object = None


@dataclass
class ProblemResult:
    score: float | None
    max_score: float | None
    status: str
    message: str
    messages: list = field(default_factory=list)


@dataclass
class Submission:
    dir_name: str          # OUT/<dir_name>/results.json: the identity the batch used
    student: str           # the name to show (extra_data.kit.student, else dir_name)
    assignment: str | None
    score: float | None
    max_score: float | None
    status: str            # "graded" | "error"
    note: str
    output: str
    duration: float | None
    language: str | None
    problems: dict = field(default_factory=dict)  # problem id -> ProblemResult, in results.json order
    checks: list = field(default_factory=list)
    output_messages: list = field(default_factory=list)
    note_messages: list = field(default_factory=list)
    content_sha256: str | None = None  # the graded file's hash: byte-identical submissions share it
    late: dict = field(default_factory=dict)  # days_late, factor, score_on_time when a late policy applied
    lms: dict = field(default_factory=dict)   # what the LMS export said of the student (Canvas id, e-mail…)
    source: str = ""                          # where the batch found the file


MISCONCEPTION_TAG = "misconception:"


def _check(raw) -> Check | None:
    raw = _dict(raw)
    tags = [t for t in _list(raw.get("tags")) if isinstance(t, str)]
    name = _str(raw.get("name"))
    if not tags and name is None:
        return None
    problem = tags[0] if tags else (name.split(":", 1)[0].strip() if name and ":" in name else "?")
    misconception = _str(_dict(raw.get("extra_data")).get("misconception"))
    if not misconception:
        for tag in tags[1:]:
            if tag.startswith(MISCONCEPTION_TAG) and len(tag) > len(MISCONCEPTION_TAG):
                misconception = tag[len(MISCONCEPTION_TAG):]
                break
    score, max_score = _num(raw.get("score")), _num(raw.get("max_score"))
    status = _str(raw.get("status"))
    if status not in ("passed", "failed"):
        status = "passed" if score is not None and max_score is not None and score >= max_score else "failed"
    extra = _dict(raw.get("extra_data"))
    return Check(name=name or problem, problem=problem, status=status, score=score, max_score=max_score,
                 output=_str(raw.get("output")) or "", visibility=_str(raw.get("visibility")) or "visible",
                 misconception=misconception or None, messages=_messages(extra.get("messages")),
                 name_message=catalogue.from_json(extra.get("name_message")))


def _messages(raw) -> list:
    """Catalogue messages stored in a results.json (untrusted: anything that is not one is dropped)."""
    found = [catalogue.from_json(item) for item in _list(raw)[:20]]
    return [m for m in found if m is not None]


def parse_results(data: dict, dir_name: str) -> Submission:
    """Turn one results.json document into a Submission, tolerating missing or ill-typed fields."""
    kit = _dict(_dict(data.get("extra_data")).get("kit"))
    checks = [c for c in map(_check, _list(data.get("tests"))) if c is not None]
    problems: dict[str, ProblemResult] = {}
    for pid, raw in _dict(kit.get("problems")).items():
        raw = _dict(raw)
        status = _str(raw.get("status"))
        problems[str(pid)] = ProblemResult(
            score=_num(raw.get("score")), max_score=_num(raw.get("max_score")),
            status=status if status in STATUSES else "failed", message=_str(raw.get("message")) or "",
            messages=_messages(raw.get("messages")))
    for check in checks:  # a results.json without the kit's summary still has its tests
        if check.problem not in problems:
            mine = [c for c in checks if c.problem == check.problem]
            scores = [c.score for c in mine if c.score is not None]
            maxes = [c.max_score for c in mine if c.max_score is not None]
            failed = next((c for c in mine if c.status != "passed"), None)
            problems[check.problem] = ProblemResult(
                score=sum(scores) if scores else None, max_score=sum(maxes) if maxes else None,
                status="failed" if failed else "passed", message=failed.output if failed else "")
    status = _str(kit.get("status"))
    batch = _dict(kit.get("batch"))
    sha = _str(kit.get("content_sha256"))
    late = {k: v for k, v in _dict(kit.get("late")).items()
            if k in ("days_late", "factor", "score_on_time", "accepted") and (isinstance(v, bool) or _num(v) is not None)}
    return Submission(
        dir_name=dir_name,
        student=_str(kit.get("student")) or dir_name,
        assignment=_str(kit.get("assignment")),
        score=_num(data.get("score")),
        max_score=_num(kit.get("max_score")),
        status=status if status in ("graded", "error") else "graded",
        note=_str(kit.get("note")) or "",
        output=_str(data.get("output")) or "",
        duration=_num(kit.get("duration")) if _num(kit.get("duration")) is not None else _num(data.get("execution_time")),
        language=_str(kit.get("language")),
        problems=problems,
        checks=checks,
        output_messages=_messages(kit.get("output_messages")),
        note_messages=_messages(kit.get("note_messages")),
        content_sha256=sha if sha and re.fullmatch(r"[0-9a-f]{64}", sha) else None,
        late=late,
        lms={str(k): v for k, v in _dict(batch.get("lms")).items() if isinstance(v, (str, bool))},
        source=_str(batch.get("source")) or "",
    )


def _render(messages: list, lang: str, fallback: str) -> str:
    return "\n".join(m.render(lang) for m in messages) if messages else fallback


def localize(sub: Submission, lang: str) -> Submission:
    """The submission with every text that was stored as catalogue messages rendered again in `lang`.

    Text a results.json holds only as text (older files, or another tool's) stays as it is."""
    checks = [replace(c, output=_render(c.messages, lang, c.output),
                      name=c.name_message.render(lang) if c.name_message is not None else c.name) for c in sub.checks]
    problems = {pid: replace(p, message=_render(p.messages, lang, p.message)) for pid, p in sub.problems.items()}
    note = _render(sub.note_messages, lang, sub.note)
    output = _render(sub.output_messages, lang, sub.output)
    if sub.note_messages and sub.output == sub.note:
        output = note
    return replace(sub, checks=checks, problems=problems, note=note, output=output)


def load_results(out_dir: Path) -> tuple[list[Submission], list[str]]:
    """Every OUT/*/results.json as a Submission, plus the folder names whose results.json could not be read."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise KitError(f"not a results folder: {out_dir}")
    submissions, unreadable = [], []
    for path in sorted(out_dir.glob("*/results.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            unreadable.append(path.parent.name)
            continue
        if not isinstance(data, dict):
            unreadable.append(path.parent.name)
            continue
        submissions.append(parse_results(data, path.parent.name))
    return submissions, unreadable


_NUMBER = re.compile(r"(?<![A-Za-z_\d])[-+−]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf|NaN|Inf)\b")
_ARRAY = re.compile(r"\[[#,;\s.…\[\]]*\]")


def normalise_message(message: str) -> str:
    """Take the numbers out of a message so that "got 3.2" and "got 4.1" are one mistake."""
    text = _NUMBER.sub("#", message)
    text = _ARRAY.sub("[…]", text)
    return re.sub(r"\s+", " ", text).strip()


_FRAME = re.compile(r'^\s*File "([^"]*)", line \d+')


def scrub(message: str) -> str:
    """Drop traceback frames that are not the student's code (grader files, the kit, libraries): they can show test source."""
    lines = message.splitlines()
    kept, skip_code = [], False
    for line in lines:
        match = _FRAME.match(line)
        if match:
            where = match.group(1).replace("\\", "/")
            skip_code = any(part in where for part in ("/graders/", "/autograder/", "site-packages", "<frozen"))
            if not skip_code:
                kept.append(line)
            continue
        if skip_code and line.startswith("    ") and not line.lstrip().startswith("File "):
            continue  # the source line (and any ^^^ marker) printed under a dropped frame
        skip_code = False
        kept.append(line)
    return "\n".join(kept)


def write_atomic(path: Path, text: str) -> Path:
    """Write a page so a reader (or a browser reload) never sees half of it."""
    return write_text_atomic(path, text)
