"""What the class report, the feedback pages and the gradebook share: results.json as the pages read it, labels,
writing.

Everything in a results.json is untrusted (student names, messages, even numbers), so it is read through the
tolerant reader of the typed model (grading/results_model.py); the pages are rendered from autoescaping templates
(see `render`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from .. import catalogue
from ..atomic import write_text_atomic
from ..checker.diagnosis import parts_of
from ..errors import KitError
from ..grading.points import PLACES, show
from ..grading.results_model import CHECK_STATUSES, KitData, Results

STATUSES = CHECK_STATUSES
NO_RESULT = "no result"  # a problem the submission's results.json does not mention (e.g. a syntax error)


class Labels(Mapping):
    """One language's labels (catalogue keys label:<name>), as raw templates: `labels["hist_caption"].format(max=…)`.

    `labels["status:failed"]` is the catalogue's label:status_name:failed (label:status is the column heading)."""

    def __init__(self, lang: str):
        self.lang = lang

    @staticmethod
    def _key(name: str) -> str:
        return f"label:status_name:{name[len('status:') :]}" if name.startswith("status:") else f"label:{name}"

    def __getitem__(self, name: str) -> str:
        template = catalogue.template(self._key(name), self.lang)
        if template is None:
            raise KeyError(name)
        return template

    def _names(self) -> list:
        source = catalogue.CATALOGUE.languages[catalogue.SOURCE_LANGUAGE].messages
        return [k[len("label:") :].replace("status_name:", "status:", 1) for k in source if k.startswith("label:")]

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
    """Accept any language of the catalogue (any case, - or _); anything else is a usage error, not a silent
    English page."""
    if lang is None:
        return catalogue.SOURCE_LANGUAGE
    found = catalogue.resolve_language(lang)
    if found is None:
        raise KitError(
            catalogue.Message(
                "error:unknown_report_language", language=str(lang), known=", ".join(catalogue.languages())
            )
        )
    return found


def tag_name(tag: str | None, lang: str) -> str:
    """A misconception tag's readable name ("sum-vs-mean" -> "a sum where the mean is asked"), both names for two
    mistakes at once ("sign+sum-vs-mean"); the tag itself if unknown."""
    if not tag:
        return ""
    parts = parts_of(tag)
    if len(parts) == 2 and all(catalogue.has(f"tag:{p}") for p in parts):  # two mistakes at once
        first, second = (catalogue.say(f"tag:{p}", lang) for p in parts)
        return catalogue.say("label:both_mistakes", lang, first=first, second=second)
    key = f"tag:{tag}"
    return catalogue.say(key, lang) if catalogue.has(key) else tag


def fmt(value, digits: int = PLACES) -> str:
    """72.5 -> "72.5", 20.0 -> "20", None -> "–": points.show, the one way a score is shown."""
    return show(value, digits)


def pct(rate) -> str:
    return "–" if rate is None else f"{100 * rate:.0f}%"


@dataclass(frozen=True)
class StudentResults:
    """One OUT/<dir_name>/results.json as the pages read it: the typed model (results_model.py), and its texts
    rendered in `lang` (None: as graded). Everything in it is untrusted and was read tolerantly."""

    dir_name: str  # OUT/<dir_name>/results.json: the identity the batch used
    results: Results
    lang: str | None = None

    @property
    def _kit(self) -> KitData:
        return self.results.kit_data

    @property
    def student(self) -> str:
        """The name to show (extra_data.kit.student, else the folder's)."""
        return self._kit.student or self.dir_name

    @property
    def assignment(self) -> str | None:
        return self._kit.assignment

    @property
    def score(self) -> float | None:
        return self.results.score

    @property
    def max_score(self) -> float | None:
        return self._kit.max_score

    @property
    def status(self) -> str:
        return self._kit.status  # "graded" | "error"

    @property
    def duration(self) -> float | None:
        return self.results.duration

    @property
    def language(self) -> str | None:
        return self._kit.language

    @property
    def content_sha256(self) -> str | None:
        return self._kit.content_sha256  # the graded file's hash: byte-identical submissions share it

    @property
    def late(self) -> dict:
        """days_late, factor, score_on_time and accepted, when a late policy applied."""
        late = self._kit.late
        return {
            k: v
            for k, v in (late.as_params() if late else {}).items()
            if k in ("days_late", "factor", "score_on_time", "accepted") and v is not None
        }

    @property
    def lms(self) -> dict:
        """What the LMS export said of the student (Canvas id, e-mail…)."""
        return dict(self._kit.batch.lms or {}) if self._kit.batch else {}

    @property
    def source(self) -> str:
        """Where the batch found the file."""
        return (self._kit.batch.source or "") if self._kit.batch else ""

    @cached_property
    def checks(self) -> list:
        checks = self.results.checks
        if self.lang is None:
            return checks
        localized = []
        for c in checks:  # most checks passed and were graded in this language: nothing to replace
            output, name = c.message(self.lang), c.display_name(self.lang)
            localized.append(c if (output, name) == (c.output, c.name) else replace(c, output=output, name=name))
        return localized

    @cached_property
    def problems(self) -> dict:
        """Problem id -> ProblemResult, in results.json order."""
        problems = self.results.problems
        if self.lang is None:
            return problems
        return {
            pid: replace(p, message=_render(p.stored_messages(), self.lang, p.message)) for pid, p in problems.items()
        }

    @cached_property
    def note(self) -> str:
        return _render(self.results.note_messages(), self.lang, self._kit.note or "")

    @cached_property
    def output(self) -> str:
        if self.results.note_messages() and self.results.output == (self._kit.note or ""):
            return self.note
        return _render(self.results.output_messages(), self.lang, self.results.output)


def _render(messages: list, lang: str | None, fallback: str) -> str:
    return "\n".join(m.render(lang) for m in messages) if messages and lang is not None else fallback


def localize(sub: StudentResults, lang: str) -> StudentResults:
    """The submission with every text that was stored as catalogue messages rendered again in `lang`.

    Text a results.json holds only as text (older files, or another tool's) stays as it is."""
    return replace(sub, lang=lang)


def load_results(out_dir: Path, known: dict | None = None) -> tuple[list[StudentResults], list[str]]:
    """Every OUT/*/results.json as StudentResults, plus the folder names whose results.json could not be read.

    `known` maps folder names to the Results a batch has just written there: those files are not read again (a
    class's files would otherwise be read and parsed once for the pages, once for the report)."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise KitError(f"not a results folder: {out_dir}")
    known = known or {}
    submissions, unreadable = [], []
    for path in sorted(out_dir.glob("*/results.json")):
        results = known.get(path.parent.name) or Results.read(path)
        if results is None:
            unreadable.append(path.parent.name)
            continue
        submissions.append(StudentResults(path.parent.name, results))
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
    """Drop traceback frames that are not the student's code (grader files, the kit, libraries): they can show test
    source."""
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
    """Write a page so a reader (or a browser reload) never sees half of it. Not synced to disk first: a page is
    made from results.json, and a page lost to a power cut is made again by the next batch or `autograder report`
    (a page that does not say what its results.json says is rewritten)."""
    return write_text_atomic(path, text, durable=False)
