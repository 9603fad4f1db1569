"""One catalogue for every sentence the kit shows, in every language it speaks (see store.py for the files).

say("mismatch", lang, call="softmax(...)", expected="[0.2, 0.8]", got="[0.5, 0.5]")
Message("hint:sign").render(lang)
languages()  ->  en, zh-TW, ...: the folders of the catalogue; nothing else lists them
"""

from __future__ import annotations

from .message import ByLanguage, Message, from_json, render_all
from .store import CATALOGUE, SOURCE_LANGUAGE, CatalogueError

__all__ = [
    "ByLanguage",
    "Message",
    "from_json",
    "render_all",
    "say",
    "languages",
    "resolve_language",
    "has",
    "template",
    "SOURCE_LANGUAGE",
    "CatalogueError",
    "reload",
]


def say(key: str, lang: str = SOURCE_LANGUAGE, /, **params) -> str:
    """The sentence for `key` in `lang` (the source language's when it lacks one), its parameters filled in."""
    return Message(key, **params).render(lang)


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
    """Read the files again (after AUTOGRADER_CATALOGUE changed)."""
    CATALOGUE.reload()
