"""One catalogue for every sentence the kit shows, in every language it speaks.

The sentences live here as YAML files, one folder per language (store.py reads them); rendering them is the
student-safe checker's (autograder/checker/catalogue.py, message.py), which the kit provides these files to
when it is imported. This package is how the rest of the kit speaks:

say("mismatch", lang, call="softmax(...)", expected="[0.2, 0.8]", got="[0.5, 0.5]")
Message("hint:sign").render(lang)
languages()  ->  en, zh-TW, ...: the folders of the catalogue; nothing else lists them
"""

from __future__ import annotations

from ..checker.catalogue import (
    CATALOGUE,
    SOURCE_LANGUAGE,
    CatalogueError,
    has,
    languages,
    reload,
    resolve_language,
    template,
)
from ..checker.message import ByLanguage, Message, from_json, render_all, say

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
    "CATALOGUE",
    "reload",
]
