"""Where the checker's data comes from: provided by whoever runs it, never looked for.

The checker reads no file and parses no format (it imports only numpy, sympy and lark). The kit provides its
YAML catalogue, the derivations declared beside its graders and its killable sympy workers when it is imported
(autograder/__init__.py); a copy carried into a notebook or a visible-test folder provides the data it carries
(carried.py). Each provider is a function called on first use, so providing costs nothing.

    catalogue   () -> {language: Language}      every sentence, per language (catalogue.py)
    codes       () -> {language, ...}            the languages' names alone, cheaper than reading them
    derivations () -> {name: raw data}           the derivations the chain checker grades (symbolic/derivations.py)
    runner      () -> a runner of sympy jobs     killable workers (symbolic/runner.py has the interface)
"""

from __future__ import annotations

NAMES = ("catalogue", "codes", "derivations", "runner")
_PROVIDED: dict = {}


def provide(**providers) -> None:
    """Set providers by name (a later call replaces what an earlier one set)."""
    unknown = set(providers) - set(NAMES)
    if unknown:
        raise ValueError(f"no such source: {', '.join(sorted(unknown))} (known: {', '.join(NAMES)})")
    _PROVIDED.update(providers)


def provided(name: str):
    """The provider of `name`, or None when nobody provided one."""
    return _PROVIDED.get(name)


__all__ = ["provide", "provided", "NAMES"]
