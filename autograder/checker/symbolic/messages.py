"""How the derivation checker speaks: its sentences are keys of the catalogue (derivation:* in
autograder/catalogue/<language>/derivations.yml), and numbers read the same in every language.

What the checker decides is kept as notes, plain data that crosses from its workers ({"key", "params"}, a
param may itself be a note, or a (key, params) pair); `as_message` turns a note into a catalogue Message, so
a chain is graded once and rendered in whatever language a page, a report or a notebook asks for.
Numbers go through `fmt_number` so that a point reads the same way in every language (with a real minus sign).
"""

from __future__ import annotations

from ..catalogue import SOURCE_LANGUAGE, resolve_language
from ..message import ByLanguage, Message, say

PREFIX = "derivation:"


def fmt_number(value, digits: int = 3) -> str:
    """A short, readable number with a real minus sign: 0.817, −1.2, 3.74e−13, 0.5+0.2i."""
    if value is None:
        return "?"
    if isinstance(value, str):  # a value beyond float range, already printed by mpmath
        return value.replace("-", "−").replace("e+", "e")
    if isinstance(value, complex):
        if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)):
            value = value.real
        else:
            re_part = fmt_number(value.real, digits)
            im_part = fmt_number(abs(value.imag), digits)
            sign = "−" if value.imag < 0 else "+"
            return f"{re_part}{sign}{im_part}i"
    value = float(value)
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}g}"
    return text.replace("-", "−")


def fmt_coordinate(value: float) -> str:
    """A coordinate of a point: 0.31 and −1.20 for hundredths, otherwise three significant digits."""
    if abs(value * 100 - round(value * 100)) < 1e-9 and abs(value) < 1e4:
        return f"{value:.2f}".replace("-", "−")
    return fmt_number(value)


def fmt_pair(a, b) -> tuple[str, str]:
    """Two values that differ, with enough digits that they read as different."""
    for digits in (3, 4, 6, 9, 12, 17):
        ta, tb = fmt_number(a, digits), fmt_number(b, digits)
        if ta != tb:
            return ta, tb
    return fmt_number(a, 17), fmt_number(b, 17)


def fmt_point(point: dict) -> str:
    def one(value) -> str:
        if isinstance(value, int):  # the sizes N, K
            return str(value)
        if isinstance(value, float):
            return fmt_coordinate(value)
        return fmt_number(value)

    return ", ".join(f"{name} = {one(v)}" for name, v in point.items())


def as_message(note):
    """A note (plain data from the checker's workers) as a catalogue Message; text stays text.

    {"key": k, "params": {...}} and (k, {...}) name the sentence derivation:k; params may be notes themselves.
    """
    if isinstance(note, (Message, ByLanguage, str)):
        return note
    if isinstance(note, tuple) and len(note) == 2 and isinstance(note[0], str):
        note = {"key": note[0], "params": note[1]}
    if not isinstance(note, dict) or not isinstance(note.get("key"), str):
        return str(note)
    params = {
        name: as_message(value) if isinstance(value, (dict, tuple)) else value
        for name, value in (note.get("params") or {}).items()
    }
    return Message(PREFIX + note["key"], **params)


def render(note, lang: str = SOURCE_LANGUAGE) -> str:
    """A note in one language (a list of notes: joined by the language's separator)."""
    if isinstance(note, list):
        return join(lang, *(render(n, lang) for n in note))
    message = as_message(note)
    return message if isinstance(message, str) else message.render(lang)


def join(lang: str, *sentences: str) -> str:
    return say(PREFIX + "separator", lang).join(sentences)


def text(key: str, lang: str = SOURCE_LANGUAGE, **params) -> str:
    """One sentence of the checker in `lang` (the source language's when the language or its translation is missing)."""
    return say(PREFIX + key, lang, **params)


def what(kind: str, lang: str = SOURCE_LANGUAGE, **params) -> str:
    """The name of a construct a step may not use ("the function sin")."""
    return say(f"{PREFIX}what:{kind}", lang, **params)


def lang_or_default(lang: str | None) -> str:
    return resolve_language(lang) or SOURCE_LANGUAGE
