"""Why a check failed, as data: a message key, its parameters, and the likely misconception.

Graders raise these; the engine renders them in the course's language at report time, so one failure
can be shown in English and Traditional Chinese and grouped by misconception in the class report.
"""
from __future__ import annotations

import numpy as np

from .messages import say


def abbreviate(value, limit: int = 160) -> str:
    """A short, readable rendering of an input or a result (arrays cut to a few entries)."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, threshold=8, edgeitems=2, linewidth=100, suppress=False):
            body = np.array2string(value, separator=", ").replace("\n", "")
        suffix = f" (shape {value.shape})" if value.ndim >= 1 and (value.size > 4 or value.ndim > 1) else ""
        if len(body) + len(suffix) > limit:  # shorten the numbers, never the shape
            body = body[: max(limit - len(suffix) - 4, 12)] + " ..."
        return body + suffix
    if isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, (list, tuple)) and len(value) > 6:
        text = repr(type(value)(value[:6]))[:-1] + ", ...]"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Feedback(AssertionError):
    """A failed check: what was expected, what came back, on which input, and the likely misconception."""

    def __init__(self, key: str, misconception: str | None = None, hint_params: dict | None = None, **params):
        super().__init__(key)
        self.key = key
        self.misconception = misconception
        self.hint_params = hint_params or {}
        self.params = params

    def render(self, lang: str = "en") -> str:
        text = say(self.key, lang, **self.params)
        if self.misconception:
            text += "\n" + say(f"hint:{self.misconception}", lang, **self.hint_params)
        return text


class PartialCredit(Feedback):
    """A check that earns a fraction of its points (e.g. 3 of 4 derivation steps valid); `text` says why not all."""

    def __init__(self, fraction: float, text_by_lang: dict):
        super().__init__("claim", claim=text_by_lang.get("en", ""))
        self.fraction = max(0.0, min(1.0, float(fraction)))
        self.text_by_lang = text_by_lang

    def render(self, lang: str = "en") -> str:
        return self.text_by_lang.get(lang) or self.text_by_lang.get("en", "")


class CheckAborted(Exception):
    """The student's code could not give an answer (missing, raised, hung, died, forbidden)."""

    status = "failed"

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params
        self.misconception = None

    def render(self, lang: str = "en") -> str:
        return say(self.key, lang, **self.params)


class NotImplementedByStudent(CheckAborted):
    status = "not implemented"


class ForbiddenUse(CheckAborted):
    status = "forbidden"


class StudentRaised(CheckAborted):
    """The student's function raised; graders that expect an exception look at `.type_name`."""

    def __init__(self, type_name: str, message: str, **params):
        super().__init__("raised", type=type_name, message=message, **params)
        self.type_name = type_name
        self.message = message
