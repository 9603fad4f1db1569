"""The lecture's story around an assignment's exercises, one file per language: `stories/<language>/<assignment>.md`.

The story is course material, so it is written as Markdown an instructor edits, not as Python strings: each
section starts with a marker line, in the order a reader meets them in the notebook,

    <!-- story: title -->                    the assignment's title in this language (default: course.yml's)
    <!-- story: intro -->                    markdown after the "How to work" cell
    <!-- story: setup -->                    markdown before the imports cell (the checks' set-up cell follows it)
    <!-- story: before <function> -->        markdown before that function's exercise cell
    <!-- story: after <function> -->         practice code cells after it ("setup": after the set-up cell)
    <!-- story: outro -->                    markdown after the last exercise
    <!-- story: closing -->                  code cells after the outro (default: `check()`)

and every practice code cell is one ```python fenced block of its section. A practice cell runs `check("<f>")`
(the visible checks, carried in the set-up cell) or a demo or plot inside `with check.demo(...)`, which runs it
with the student's functions whatever their state: marked when they fail their checks, an error they raise told
in the student's terms, never a traceback. Practice cells are tagged skip-grading: they use the student's
functions but never define them. Text before the first marker is a note to the editor and is not shown.

Every language tells the same story with the same cells; the words follow the catalogue's glossary
(autograder/catalogue/<language>/glossary.yml). A language without a story of an assignment gets the
source language's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import KitError

STORIES_DIR = Path(__file__).resolve().parent / "stories"
SOURCE_LANGUAGE = "en"  # the language every story is written in first
SECTIONS = "title|intro|setup|before|after|outro|closing"
MARKER = re.compile(rf"^<!-- story: (?P<kind>{SECTIONS})(?: (?P<name>\w+))? -->[ \t]*$", re.M)
FENCE = re.compile(r"^```python\n(?P<code>.*?)\n```[ \t]*$", re.M | re.S)
DEFAULT_CLOSING = ("check()",)


@dataclass(frozen=True)
class Story:
    intro: str
    setup: str  # markdown before the setup (imports) cell
    before: dict  # function name -> markdown before its exercise cell
    after: dict = field(default_factory=dict)  # function name (or "setup") -> practice code cells after it
    outro: str = ""
    closing: tuple = DEFAULT_CLOSING  # practice code cells after the outro: every problem's visible checks at once
    title: str = ""  # the assignment's title in the story's language ("" : course.yml's)


def story_path(assignment_id: str, language: str = SOURCE_LANGUAGE, folder: Path = STORIES_DIR) -> Path:
    return folder / language / f"{assignment_id}.md"


def parse_story(text: str, where: str = "story") -> Story:
    """A Story from the Markdown above; a marker given twice or a code section without a fenced block is a KitError."""
    parts: dict = {
        "title": "",
        "intro": "",
        "setup": "",
        "outro": "",
        "before": {},
        "after": {},
        "closing": DEFAULT_CLOSING,
    }
    seen = set()
    markers = list(MARKER.finditer(text))
    for marker, following in zip(markers, markers[1:] + [None]):
        kind, name = marker["kind"], marker["name"]
        label = f"{kind} {name}" if name else kind
        if (kind in ("before", "after")) != (name is not None):
            raise KitError(
                f"{where}: <!-- story: {label} -->: "
                + ("name the function" if name is None else "this section takes no name")
            )
        if label in seen:
            raise KitError(f"{where}: <!-- story: {label} --> is given twice")
        seen.add(label)
        body = text[marker.end() : following.start() if following else len(text)].strip("\n")
        if kind in ("after", "closing"):
            cells = tuple(match["code"] for match in FENCE.finditer(body))
            if not cells:
                raise KitError(f"{where}: <!-- story: {label} --> holds no ```python block")
            if kind == "after":
                parts["after"][name] = list(cells)
            else:
                parts["closing"] = cells
        elif kind == "before":
            parts["before"][name] = body
        else:
            parts[kind] = body
    return Story(**parts)


def languages(folder: Path = STORIES_DIR) -> list:
    """The languages stories are written in (the folders), the source language first."""
    found = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    return [SOURCE_LANGUAGE, *[f for f in found if f != SOURCE_LANGUAGE]]


def load_story(assignment_id: str, language: str = SOURCE_LANGUAGE, folder: Path = STORIES_DIR) -> Story | None:
    """The assignment's story in `language` (else in the source language), its [[terms]] in the glossary's words,
    or None when it has none (the notebook then shows the module's docstring)."""
    for path in (story_path(assignment_id, language, folder), story_path(assignment_id, SOURCE_LANGUAGE, folder)):
        if path.is_file():
            where = f"{path.parent.name}/{path.name}"
            return with_terms(parse_story(path.read_text(encoding="utf-8"), where), path.parent.name, where)
    return None


def with_terms(story: Story, language: str, where: str) -> Story:
    """The story's markdown with every [[name]] replaced by the glossary's word in `language` (code cells are
    code: `x[[i]]` stays)."""
    from ..catalogue import CATALOGUE
    from ..catalogue import SOURCE_LANGUAGE as SOURCE
    from ..catalogue.store import TERM, CatalogueError, term

    languages = CATALOGUE.languages
    found = languages.get(language) or languages[SOURCE]

    def expand(text: str) -> str:
        try:
            return TERM.sub(lambda m: term(m[1], found, languages[SOURCE].messages, where), text)
        except CatalogueError as exc:
            raise KitError(str(exc)) from None

    return replace(
        story,
        title=expand(story.title),
        intro=expand(story.intro),
        setup=expand(story.setup),
        before={name: expand(text) for name, text in story.before.items()},
        outro=expand(story.outro),
    )


__all__ = ["Story", "load_story", "parse_story", "story_path", "languages", "STORIES_DIR", "SOURCE_LANGUAGE"]
