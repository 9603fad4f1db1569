"""The mistakes the kit can name, read from graders/mistakes.yml: one list that the graders, the catalogue's test,
the class report and the labelled corpus all read, so that a mistake added there is tried, worded, counted and
measured in one step.

Generic: it knows no function by name. A compound's tag is its parts joined by "+" (diagnosis.compound_tag); a
consequence is a tag of its own, shared by mistakes that can give the same answers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import paths
from ..checker.diagnosis import compound_tag, parts_of

DATA = paths.GRADERS_DIR / "mistakes.yml"


@dataclass(frozen=True)
class Tried:
    """What the checks of one function try: single mistakes, and pairs of them made at once."""

    tries: tuple
    pairs: tuple  # (tag, tag), each sorted

    @property
    def compounds(self) -> tuple:
        return tuple(compound_tag(pair) for pair in self.pairs)


@dataclass(frozen=True)
class Mistakes:
    kinds: tuple
    kind: dict  # tag -> kind, consequences included
    consequences: dict  # consequence -> its members (tags)
    functions: dict  # function -> Tried

    def tags(self) -> set:
        """Every tag a failure can name alone: the mistakes and the consequences."""
        return set(self.kind)

    def parts(self, tag: str | None) -> tuple:
        """The mistakes a named tag counts under: a compound's two parts, else the tag itself."""
        return parts_of(tag)

    def kind_of(self, tag: str | None) -> str | None:
        """A tag's kind; a compound's is its first part's in the kinds' order."""
        kinds = [self.kind[p] for p in self.parts(tag) if p in self.kind]
        return min(kinds, key=self.kinds.index) if kinds else None

    def consequence_of(self, tag: str) -> str | None:
        return next((c for c, members in self.consequences.items() if tag in members), None)

    def nameable(self, function: str) -> set:
        """Every tag a failure of `function` may name: its mistakes, its pairs, their consequences."""
        tried = self.functions.get(function)
        if tried is None:
            return set()
        own = set(tried.tries) | set(tried.compounds)
        return own | {c for c, members in self.consequences.items() if set(members) & own}


class MistakesError(ValueError):
    """graders/mistakes.yml does not hold together (a kit bug: said when it is read)."""


def read(path: Path = DATA) -> Mistakes:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    kinds = tuple(data.get("kinds") or ())
    kind = dict(data.get("mistakes") or {})
    consequences = {}
    for name, spec in (data.get("consequences") or {}).items():
        consequences[name] = tuple(spec.get("members") or ())
        kind[name] = spec.get("kind")
    functions = {}
    for function, spec in (data.get("functions") or {}).items():
        spec = spec or {}
        pairs = tuple(tuple(sorted(pair)) for pair in spec.get("pairs") or ())
        functions[function] = Tried(tuple(spec.get("tries") or ()), pairs)
    found = Mistakes(kinds, kind, consequences, functions)
    _validate(found)
    return found


def _validate(found: Mistakes) -> None:
    wrong = [t for t, k in found.kind.items() if k not in found.kinds]
    wrong += [m for members in found.consequences.values() for m in members if m not in found.kind]
    for tried in found.functions.values():
        wrong += [t for t in tried.tries if t not in found.kind]
        wrong += [t for pair in tried.pairs for t in pair if t not in tried.tries or len(pair) != 2]
    if wrong:
        raise MistakesError(f"{DATA.name}: unknown or misplaced tags {sorted(set(map(str, wrong)))}")


@functools.lru_cache(maxsize=1)
def known() -> Mistakes:
    """The kit's list (read once per process)."""
    return read()


__all__ = ["Mistakes", "Tried", "MistakesError", "known", "read", "DATA"]
