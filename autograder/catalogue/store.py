"""The catalogue on disk: one folder per language, one YAML file per domain, keys nested in each file.

    autograder/catalogue/en/engine.yml        missing: "{fn} is not defined in your submission."
    autograder/catalogue/zh-TW/engine.yml     hint: {sign: "..."}  ->  key "hint:sign"

A language is a folder and nothing else: the kit lists its languages by reading the folders, so a translator
adds one by copying `en/` and translating the values. Folders named in AUTOGRADER_CATALOGUE (separated by the
path separator) are read after the kit's own: a course can add a language, or reword a message, with files only.
A domain (engine, misconceptions, checks, derivations, ...) is a file: each part of the kit keeps its sentences
together, and a key may be defined by one file of a language only.

A copy of the catalogue carried into a notebook or a visible-test folder (authoring/embed.py) has no files and
no YAML reader: it holds the entries it needs as data, in the module `carried` beside this one.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

try:
    from .carried import ENTRIES as CARRIED  # only in a carried copy: {language: {key: template}}
except ImportError:
    CARRIED = None

HERE = Path(__file__).resolve().parent
SOURCE_LANGUAGE = "en"  # the language every key is written in first, and the fallback for a missing translation
ENV = "AUTOGRADER_CATALOGUE"
SEPARATOR = ":"  # nested keys are joined with it: hint -> sign is "hint:sign"
_LANGUAGE_NAME = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag: en, zh-TW, ja, en-XA

_LOADER = None


def _loader():
    """A safe YAML loader that refuses a key written twice in one mapping (YAML would keep the last one silently)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is ~10x faster; both agree

        class Loader(base):
            def construct_mapping(self, node, deep=False):
                seen = set()
                for key_node, _ in node.value:
                    key = self.construct_object(key_node, deep=deep)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"{key!r} is defined twice", key_node.start_mark
                        )
                    seen.add(key)
                return super().construct_mapping(node, deep=deep)

        _LOADER = Loader
    return _LOADER


class CatalogueError(Exception):
    """A catalogue file that cannot be read: a kit defect (or a translator's typo), named with its file."""


@dataclass
class Language:
    code: str
    messages: dict = field(default_factory=dict)  # key -> template
    origin: dict = field(default_factory=dict)  # key -> the file that defines it


def search_path() -> list[Path]:
    """The kit's catalogue, then the folders of AUTOGRADER_CATALOGUE in order."""
    extra = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]
    return [HERE, *extra]


def _flatten(node, prefix: str, out: dict, where: Path) -> None:
    if not isinstance(node, dict):
        raise CatalogueError(f"{where}: expected a mapping of keys to sentences")
    for name, value in node.items():
        key = f"{prefix}{SEPARATOR}{name}" if prefix else str(name)
        if isinstance(value, dict):
            _flatten(value, key, out, where)
        elif isinstance(value, str):
            out[key] = value
        else:
            raise CatalogueError(f"{where}: {key}: expected a sentence (text), found {type(value).__name__}")


def read_domain(path: Path) -> dict:
    """One YAML file as {flat key: template}."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: {exc}") from None
    out: dict = {}
    if data is not None:
        _flatten(data, "", out, path)
    return out


def load_languages(paths: list[Path] | None = None) -> dict[str, Language]:
    """Every language folder found on the search path, its domains merged (a key defined twice is an error)."""
    if CARRIED is not None and paths is None:
        return {code: Language(code, dict(entries)) for code, entries in CARRIED.items()}
    languages: dict[str, Language] = {}
    for root in paths if paths is not None else search_path():
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and _LANGUAGE_NAME.match(p.name)):
            files = sorted(folder.glob("*.yml"))
            if not files:
                continue
            language = languages.setdefault(folder.name, Language(folder.name))
            seen_here: dict = {}
            for path in files:
                for key, template in read_domain(path).items():
                    if key in seen_here:
                        raise CatalogueError(f"{path}: {key} is also defined in {seen_here[key].name}")
                    seen_here[key] = path
                    language.messages[key] = template  # a later folder may reword the kit's sentence
                    language.origin[key] = path
    if SOURCE_LANGUAGE not in languages:
        raise CatalogueError(f"no {SOURCE_LANGUAGE}/ folder in {HERE}: the catalogue is incomplete")
    return languages


def language_codes(paths: list[Path] | None = None) -> set:
    """The languages on the search path, from the folders' names alone (nothing parsed): what `load_languages`
    would load. Naming the languages is all a process needs to start, and parsing every sentence of every
    language costs tens of milliseconds, which a cold `autograder grade` would otherwise pay twice."""
    if CARRIED is not None and paths is None:
        return set(CARRIED)
    codes = set()
    for root in paths if paths is not None else search_path():
        if root.is_dir():
            codes.update(
                p.name for p in root.iterdir() if p.is_dir() and _LANGUAGE_NAME.match(p.name) and any(p.glob("*.yml"))
            )
    return codes


class Catalogue:
    """The loaded languages, read once per process (and again after `reload`)."""

    def __init__(self):
        self._languages: dict[str, Language] | None = None
        self._codes: set | None = None
        self._lock = threading.Lock()

    @property
    def codes(self) -> set:
        """The languages' names; the sentences are read only when one is needed."""
        if self._languages is not None:
            return set(self._languages)
        if self._codes is None:
            self._codes = language_codes()
        return self._codes

    @property
    def languages(self) -> dict[str, Language]:
        if self._languages is None:
            with self._lock:
                if self._languages is None:
                    self._languages = load_languages()
        return self._languages

    def adopt(self, languages: dict) -> None:
        """Languages another process of the kit has read from the same files (a grading process's supervisor)."""
        with self._lock:
            self._languages = languages

    def reload(self) -> None:
        with self._lock:
            self._languages = None
            self._codes = None

    def template(self, key: str, lang: str) -> str | None:
        """The sentence for `key` in `lang`, else in the source language, else None."""
        languages = self.languages
        found = languages.get(lang)
        if found is not None and key in found.messages:
            return found.messages[key]
        return languages[SOURCE_LANGUAGE].messages.get(key)


CATALOGUE = Catalogue()
