"""A sentence as data: a catalogue key and its parameters, rendered in any language when it is shown.

Feedback is kept as Messages from the check that failed to the results.json it is written to, so the same
failure can be read in English today and in Traditional Chinese tomorrow (`autograder feedback --lang`).
Parameters are plain values (text, numbers) or other Messages; a ByLanguage holds text that exists only as
finished sentences per language (e.g. the sentence a visible test's own assert wrote).
"""

from __future__ import annotations

import math
import re
import string
import sys

from .catalogue import CATALOGUE, SOURCE_LANGUAGE

MAX_DEPTH = 6  # nested messages read back from a results.json (untrusted) stop here
MAX_TEXT = 4000  # and so does the length of any text in them
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\}")


_FORMATTER = string.Formatter()
_STOPS = (".", "。")  # a value that ends a sentence itself: the template's own full stop after it is dropped
_COLONS = (": ", ":", "：")  # a colon that introduces an empty value is dropped with it


def _field(value, spec: str, conversion: str | None) -> str:
    if conversion == "r":
        value = repr(value)
    elif conversion in ("s", "a"):
        value = str(value) if conversion == "s" else ascii(value)
    try:
        return format(value, spec)
    except (ValueError, TypeError):  # a value that does not fit its spec is shown as text
        return str(value)


def fill(template: str, values: dict) -> str:
    """str.format with the template's own format specs; a value that does not fit its spec is shown as text, a
    placeholder without a value stays as written, and a value ending in a full stop takes the place of the
    template's own ("expected 20000." rather than "expected 20000.."), and an empty value takes the colon that
    introduces it ("raised NotImplementedError (in f, ...)" rather than "raised NotImplementedError: (in f, ...)")."""
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:  # unbalanced braces: fill what can be found
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)
    out, stop = [], False
    for literal, name, spec, conversion in parts:
        if stop and literal.startswith(_STOPS):
            literal = literal[1:]
        out.append(literal)
        stop = False
        if name is None:
            continue
        if name not in values:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
            continue
        text = _field(values[name], spec or "", conversion)
        if not text and literal.endswith(_COLONS):  # out[-1] is this literal
            out[-1] = out[-1].removesuffix(next(c for c in _COLONS if out[-1].endswith(c)))
        out.append(text)
        stop = text.endswith(_STOPS)
    return "".join(out)


def plain(value):
    """A parameter as JSON-safe data: text, a finite number, a bool, None, or a Message/ByLanguage."""
    if isinstance(value, (Message, ByLanguage)) or value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return int(value)
    numpy = sys.modules.get("numpy")  # a numpy number can only come from where numpy is loaded already
    if numpy is not None:
        if isinstance(value, numpy.integer):
            return int(value)
        if isinstance(value, numpy.floating):
            value = float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


class Message:
    """`key` in the catalogue with its parameters; `render(lang)` gives the sentence."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params):
        self.key = key
        self.params = {name: plain(v) for name, v in params.items()}

    def render(self, lang: str = SOURCE_LANGUAGE) -> str:
        template = CATALOGUE.template(self.key, lang)
        if template is None:
            return self.key
        values = {
            name: (v.render(lang) if isinstance(v, (Message, ByLanguage)) else v) for name, v in self.params.items()
        }
        return fill(template, values)

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "params": {k: (v.to_json() if isinstance(v, (Message, ByLanguage)) else v) for k, v in self.params.items()},
        }

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.params!r})"

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


class ByLanguage:
    """Finished text per language; `default` (a Message) speaks for the languages the texts lack."""

    __slots__ = ("texts", "default")

    def __init__(self, texts: dict, default: Message | None = None):
        self.texts = {str(k): str(v) for k, v in texts.items() if isinstance(v, str)}
        self.default = default

    def render(self, lang: str = SOURCE_LANGUAGE) -> str:
        if lang in self.texts:
            return self.texts[lang]
        if self.default is not None:
            return self.default.render(lang)
        return self.texts.get(SOURCE_LANGUAGE) or next(iter(self.texts.values()), "")

    def to_json(self) -> dict:
        return {"by_language": dict(self.texts), "default": self.default.to_json() if self.default else None}

    def __eq__(self, other) -> bool:
        return isinstance(other, ByLanguage) and (self.texts, self.default) == (other.texts, other.default)

    def __repr__(self) -> str:
        return f"ByLanguage({self.texts!r}, {self.default!r})"

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


def from_json(data, depth: int = 0) -> Message | ByLanguage | None:
    """A Message read back from a results.json, or None when the data is not one (it is untrusted: checked, capped)."""
    if depth > MAX_DEPTH or not isinstance(data, dict):
        return None
    if isinstance(data.get("key"), str) and len(data["key"]) <= 200:
        raw = data.get("params")
        params = {}
        for name, value in raw.items() if isinstance(raw, dict) else ():
            if not isinstance(name, str) or not name.isidentifier():
                continue
            if isinstance(value, dict):
                value = from_json(value, depth + 1)
                if value is None:
                    continue
            elif isinstance(value, str):
                value = value[:MAX_TEXT]
            elif isinstance(value, bool) or value is None:
                pass
            elif isinstance(value, (int, float)):
                if isinstance(value, float) and not math.isfinite(value):
                    value = str(value)
            else:
                continue
            params[name] = value
        message = Message(data["key"])
        message.params = params
        return message
    texts = data.get("by_language")
    if isinstance(texts, dict):
        default = from_json(data.get("default"), depth + 1) if data.get("default") is not None else None
        return ByLanguage(
            {k: v[:MAX_TEXT] for k, v in texts.items() if isinstance(k, str) and isinstance(v, str)},
            default if isinstance(default, Message) else None,
        )
    return None


def say(key: str, lang: str = SOURCE_LANGUAGE, /, **params) -> str:
    """The sentence for `key` in `lang` (the source language's when it lacks one), its parameters filled in."""
    return Message(key, **params).render(lang)


def render_all(messages, lang: str, separator: str = "\n") -> str:
    """Several messages as one text (a failure, then the difference, then the likely misconception)."""
    return separator.join(m.render(lang) for m in messages if m is not None)
