"""The catalogue in memory: every sentence the kit shows, per language, keyed (message.py renders them).

A language is a set of `key -> template` entries; keys are nested names joined by ":" ("hint:sign"). Where the
sentences come from is not this module's business: the kit reads its YAML files (autograder/catalogue/store.py),
a carried copy holds the entries it needs; either provides them (sources.py) and they are read on first use.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from . import sources

SOURCE_LANGUAGE = "en"  # the language every key is written in first, and the fallback for a missing translation
SEPARATOR = ":"  # nested keys are joined with it: hint -> sign is "hint:sign"


class CatalogueError(Exception):
    """A catalogue that cannot be read: a kit defect (or a translator's typo), named with its file."""


@dataclass
class Language:
    code: str
    messages: dict = field(default_factory=dict)  # key -> template
    origin: dict = field(default_factory=dict)  # key -> where it was read (a file), when known


class Catalogue:
    """The provided languages, read once per process (and again after `reload`)."""

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
            provider = sources.provided("codes")
            self._codes = set(provider()) if provider is not None else set(self.languages)
        return self._codes

    @property
    def languages(self) -> dict[str, Language]:
        if self._languages is None:
            with self._lock:
                if self._languages is None:
                    provider = sources.provided("catalogue")
                    if provider is None:
                        raise CatalogueError("no catalogue was provided (sources.provide(catalogue=...))")
                    self._languages = provider()
        return self._languages

    def adopt(self, languages: dict) -> None:
        """Languages read elsewhere (a grading process's supervisor, a carried copy's entries)."""
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
        source = languages.get(SOURCE_LANGUAGE)
        return source.messages.get(key) if source is not None else None


CATALOGUE = Catalogue()


def languages() -> tuple:
    """The languages the kit speaks: the source language first, then the others in name order."""
    names = sorted(CATALOGUE.codes)
    return (SOURCE_LANGUAGE, *[n for n in names if n != SOURCE_LANGUAGE])


def resolve_language(lang) -> str | None:
    """A known language for `lang`, matched loosely (any case, - or _: zh_tw is zh-TW); None if unknown."""
    if lang is None:
        return None
    wanted = str(lang).replace("_", "-").lower()
    return next((known for known in languages() if known.lower() == wanted), None)


def has(key: str, lang: str | None = None) -> bool:
    """Whether the catalogue defines `key` (in `lang`, or in the source language)."""
    found = CATALOGUE.languages.get(lang or SOURCE_LANGUAGE)
    return found is not None and key in found.messages


def template(key: str, lang: str = SOURCE_LANGUAGE) -> str | None:
    return CATALOGUE.template(key, lang)


def reload() -> None:
    """Read the sentences again (after AUTOGRADER_CATALOGUE changed)."""
    CATALOGUE.reload()


__all__ = [
    "CATALOGUE",
    "Catalogue",
    "CatalogueError",
    "Language",
    "SOURCE_LANGUAGE",
    "SEPARATOR",
    "languages",
    "resolve_language",
    "has",
    "template",
    "reload",
]
