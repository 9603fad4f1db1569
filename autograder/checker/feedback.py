"""Why a check failed, as data: catalogue messages (what happened, where the numbers differ, the misconception).

Graders raise these; nothing is rendered until a page or a results.json needs the text, and then in the
language asked, so one failure can be shown in English and Traditional Chinese, written to results.json as
keys and parameters, and grouped by misconception in the class report.
"""

from __future__ import annotations

import re

import numpy as np

from .catalogue import SOURCE_LANGUAGE
from .cells import parse_name
from .message import ByLanguage, Message, render_all
from .numpy_text import explained

_UNINFORMATIVE = re.compile(r"^(np\.|numpy\.)?(False|True|None)_?$")  # pytest's "assert False" says nothing
_LOCATION = re.compile(r"^(?P<file>.*?) line (?P<line>\d+)(?: in (?P<function>[^\s()]+))?$")


def abbreviate(value, limit: int = 160) -> str:
    """A short, readable rendering of an input or a result: arrays cut to a few entries, their shape as ⟨6×4⟩."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, threshold=8, edgeitems=2, linewidth=100, suppress=False):
            body = np.array2string(value, separator=", ").replace("\n", "")
        suffix = (
            f" ⟨{'×'.join(map(str, value.shape))}⟩" if value.ndim >= 1 and (value.size > 4 or value.ndim > 1) else ""
        )
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


def shape_text(shape) -> str:
    """A shape as numpy prints it: (3, 4), (5,), ()."""
    return str(tuple(int(n) for n in shape))


def place(where: str):
    """A location the student process reports ("<cell [7]> line 3 in softmax", "<submission> line 5") as a
    Message in the student's terms (the function, its line within the cell, the cell as Jupyter shows it), else
    the text."""
    where = str(where or "")
    match = _LOCATION.match(where)
    if match:
        return location(source_name(match["file"]), int(match["line"]), match["function"])
    return source_name(where)


def location(file, line: int, function: str | None = None) -> Message:
    """ "in softmax, line 3 of cell [7]", or "cell [7], line 3" for code outside a function."""
    if function and function != "<module>":
        return Message("location_in", function=function, file=file, line=line)
    return Message("location", file=file, line=line)


def cell_name(number: int, ran: bool) -> Message:
    """A notebook cell as Jupyter shows it: "cell [7]" once it ran, else "code cell 3" (counted from the top)."""
    return Message("cell_run", count=number) if ran else Message("cell", index=number)


def source_name(name: str):
    """ "<cell [7]>" reads as the notebook's cell [7], "<submission>" as "your file", in the student's language."""
    if str(name) == "<submission>":
        return Message("your_file")
    cell = parse_name(name)
    return cell_name(*cell) if cell else str(name)


class Feedback(AssertionError):
    """A failed check: what was expected, what came back, on which input, where they differ, and (with evidence)
    the misconception. `detail` and `hint` are further Messages shown after the first."""

    def __init__(
        self,
        key: str,
        misconception: str | None = None,
        hint: Message | None = None,
        detail: Message | None = None,
        **params,
    ):
        super().__init__(key)
        self.key = key
        self.message = Message(key, **params)
        self.detail = detail
        self.misconception = misconception
        self.hint = hint
        self.refuted: frozenset = frozenset()  # misconceptions this check's input rules out (see diagnosis.py)

    @property
    def params(self) -> dict:
        return self.message.params

    def messages(self) -> list:
        return [m for m in (self.message, self.detail, self.hint) if m is not None]

    def render(self, lang: str = "en") -> str:
        return render_all(self.messages(), lang)


class PartialCredit(Feedback):
    """A check that earns a fraction of its points (e.g. 3 of 4 derivation steps valid), and why not all of them,
    as catalogue `messages`."""

    def __init__(self, fraction: float, messages: list):
        super().__init__("claim")
        self.fraction = max(0.0, min(1.0, float(fraction)))
        self.parts = list(messages)

    def messages(self) -> list:
        return list(self.parts)


class Credited(Feedback):
    """A check that earns all its points on the student's own terms and says why: a caller right given the
    student's own (wrong) callee, whose mistake is charged under the callee alone. The engine records it as passed,
    with its message."""

    fraction = 1.0


def drop_refuted(errors) -> None:
    """A misconception one check names and another check of the same problem refutes (its answer told apart from
    the right one there, and not returned) was a coincidence of one input: say nothing about it. The engine's
    scoring and the in-process self-check apply this same rule, so a failure reads the same wherever it ran."""
    errors = [e for e in errors if e is not None]
    refuted = set()
    for error in errors:
        refuted |= set(getattr(error, "refuted", ()))
    for error in errors:
        if isinstance(error, Feedback) and error.misconception in refuted:
            error.misconception = None
            error.hint = None


def passed_with(error) -> bool:
    """Whether what a check raised still passes it (see Credited)."""
    return isinstance(error, Credited)


class CheckAborted(Exception):
    """The student's code could not give an answer (missing, raised, hung, died, forbidden)."""

    status = "failed"

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params
        self.misconception = None

    def messages(self) -> list:
        return [Message(self.key, **self.params)]

    def render(self, lang: str = "en") -> str:
        return render_all(self.messages(), lang)


class NotImplementedByStudent(CheckAborted):
    status = "not implemented"


class ForbiddenUse(CheckAborted):
    status = "forbidden"


class StudentRaised(CheckAborted):
    """The student's function raised; graders that expect an exception look at `.type_name`."""

    def __init__(self, type_name: str, message: str, **params):
        where = params.pop("where", "")
        if isinstance(where, str) and where.startswith(" (") and where.endswith(")"):
            where = Message("in_parentheses", text=place(where[2:-1]))  # " (<cell 3> line 12)" from the student process
        super().__init__("raised", type=type_name, message=explained(message), where=where, **params)
        self.type_name = type_name
        self.message = message


def messages_of(error, name) -> list:
    """Why a check failed, as Messages, whatever it raised; `name` (a Message) names the check.

    The engine's results and the self-checks (plain pytest, a notebook) read a failure through this one
    function, so a failed check says the same wherever it ran."""
    if isinstance(error, (Feedback, CheckAborted)):
        return error.messages()
    if isinstance(error, AssertionError):  # a plain assert in a visible test
        return [assertion_message(error, name)]
    if error is None:
        return [Message("check_failed")]
    return [Message("check_error", type=type(error).__name__, message=str(error)[:300])]


def assertion_message(error: AssertionError, name):
    """A plain assert's own sentence (written in the source language), else the check's name and pytest's
    comparison: never an empty failure."""
    text = str(error).strip()
    own, _, explanation = text.partition("\nassert ")
    if text.startswith("assert "):
        own, explanation = "", text[len("assert ") :]
    code = explanation.splitlines()[0].strip() if explanation else ""
    if code and not _UNINFORMATIVE.match(code) and not code.startswith("<") and len(code) <= 200:
        default = Message("visible_failed_code", check=name, code=f"assert {code}")
    else:
        default = Message("visible_failed", check=name)
    # A test that wrote its sentence in another language says which (`error.lang`); plain asserts are English.
    written_in = getattr(error, "lang", None) or SOURCE_LANGUAGE
    return ByLanguage({written_in: own} if own else {}, default)
