"""The catalogue on disk: one folder per language, one YAML file per domain, keys nested in each file.

    autograder/catalogue/en/engine.yml        missing: "{fn} is not defined in your submission."
    autograder/catalogue/zh-TW/engine.yml     hint: {sign: "..."}  ->  key "hint:sign"

A language is a folder and nothing else: the kit lists its languages by reading the folders, so a translator
adds one by copying `en/` and translating the values. Folders named in AUTOGRADER_CATALOGUE (separated by the
path separator) are read after the kit's own: a course can add a language, or reword a message, with files only.
A domain (engine, misconceptions, checks, derivations, ...) is a file: each part of the kit keeps its sentences
together, and a key may be defined by one file of a language only. A sentence that writes [[name]] gets the
term `glossary:name` of its language there (glossary.yml: the lecture's terms, one word each).

The sentences in memory are the checker's (autograder/checker/catalogue.py): the kit provides these files to it
(autograder/__init__.py), a copy carried to students provides the entries it carries.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..checker.catalogue import CATALOGUE, SEPARATOR, SOURCE_LANGUAGE, CatalogueError, Language

HERE = Path(__file__).resolve().parent
ENV = "AUTOGRADER_CATALOGUE"
_LANGUAGE_NAME = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag: en, zh-TW, ja, en-XA

_LOADER = None
TERM = re.compile(r"\[\[([a-z_]+)\]\]")  # [[likelihood]]: the glossary's word for it, in the sentence's language


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
    source = languages[SOURCE_LANGUAGE].messages
    for language in languages.values():
        for key, template in language.messages.items():
            if "[[" in template:
                language.messages[key] = _with_terms(template, language, source, key)
    return languages


def _with_terms(template: str, language: Language, source: dict, key: str) -> str:
    return TERM.sub(lambda m: term(m[1], language, source, key), template)


def term(name: str, language: Language, source: dict, where: str = "") -> str:
    """The glossary's word `name` in `language` (the source language's when it lacks one)."""
    found = language.messages.get(f"glossary:{name}", source.get(f"glossary:{name}"))
    if found is None:
        raise CatalogueError(f"{where}: [[{name}]] is not a term of the glossary (glossary.yml)")
    return found


def language_codes(paths: list[Path] | None = None) -> set:
    """The languages on the search path, from the folders' names alone (nothing parsed): what `load_languages`
    would load. Naming the languages is all a process needs to start, and parsing every sentence of every
    language costs tens of milliseconds, which a cold `autograder grade` would otherwise pay twice."""
    codes = set()
    for root in paths if paths is not None else search_path():
        if root.is_dir():
            codes.update(
                p.name for p in root.iterdir() if p.is_dir() and _LANGUAGE_NAME.match(p.name) and any(p.glob("*.yml"))
            )
    return codes


__all__ = ["CATALOGUE", "HERE", "ENV", "Language", "CatalogueError", "SOURCE_LANGUAGE", "SEPARATOR"]
__all__ += ["search_path", "read_domain", "load_languages", "language_codes", "term", "TERM"]
