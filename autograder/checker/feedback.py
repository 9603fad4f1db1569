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
from .diagnosis import pick
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
        self.otherwise = None  # what the failure says when it names no mistake (a fact, not a cause)
        self.refuted: frozenset = frozenset()  # misconceptions this check's input rules out (see diagnosis.py)
        self.evidence = None  # diagnosis.Evidence: every mistake the answer equals and the ones it tried

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


def settle(errors) -> None:
    """Which mistake each failed check of one problem names, from the evidence of all of them (diagnosis.py):

    1. what every failed check that tried a suspect equals, and no check refutes: one mistake, else two at once
       (a compound), named on each of them;
    2. else each check alone, among the mistakes it equals that no check refutes.

    Either way one single mistake is named only when every pair that fits as well has it as a part, and a pair only
    when no single mistake fits; where several fit equally they are named by the consequence they share, or not at
    all: the evidence cannot tell them apart (diagnosis.pick). A misconception one check names and another refutes
    (its answer told apart from the right one there, and not returned) was a coincidence of one input: nothing is
    said about it; a pair is refuted too where it was not tried and one of its mistakes is. The engine's scoring and
    the in-process self-check apply this same rule, so a failure reads the same wherever it ran."""

    errors = [e for e in errors if isinstance(e, Feedback) and not passed_with(e)]
    judged = [e for e in errors if e.evidence is not None and e.evidence.tried]
    refuted = _refuted(errors, judged)
    everywhere = _found_everywhere(judged) - refuted
    name = pick(_finding(judged[0], tag) for tag in sorted(everywhere)) if everywhere else None
    for error in judged:
        if name is not None:
            _name(error, _finding(error, name.tag) or name)
        else:
            _name(error, pick(f for f in error.evidence.found if f.tag not in refuted))
    for error in errors:
        if error.evidence is None and error.misconception in refuted:
            _name(error, None)


def _refuted(errors: list, judged: list) -> set:
    """Every mistake some check refutes. A pair a check did not try is refuted there when one of its mistakes is:
    that check cannot tell the pair from its part (its other mistake may be a factor 1 there), so it gets no
    benefit of the doubt."""
    refuted = set()
    for error in errors:
        refuted |= set(getattr(error, "refuted", ()))
    pairs = {f.tag: f.parts for error in judged for f in error.evidence.found if f.parts}
    for error in judged:
        against = error.evidence.refuted
        refuted |= {tag for tag, parts in pairs.items() if tag not in error.evidence.tried and set(parts) & against}
    return refuted


def _found_everywhere(judged: list) -> set:
    tags = None
    for error in judged:
        here = {f.tag for f in error.evidence.found}
        tags = here if tags is None else tags & here
    return tags or set()


def _finding(error, tag: str):
    return next((f for f in error.evidence.found if f.tag == tag), None)


def _name(error, finding) -> None:
    error.misconception = finding.tag if finding is not None else None
    error.hint = finding.hint if finding is not None else error.otherwise


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
