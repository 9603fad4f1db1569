"""numpy's warnings and errors, explained in the student's language with numpy's own text kept beside.

numpy speaks English ("overflow encountered in exp", "operands could not be broadcast together with shapes
(3,) (4,)"). A student reads what it means in their language (catalogue keys numpy:<kind>), followed by numpy's
words, which are what a search engine or a classmate knows. Only numpy's texts listed here are explained; any
other text is shown as it is.
"""

from __future__ import annotations

import re

from .message import Message

# (numpy's text, as a pattern) -> the catalogue key explaining it; the pattern's named groups are its parameters.
PATTERNS = (
    (re.compile(r"overflow encountered in (?P<op>[\w ]+)"), "numpy:overflow"),
    (re.compile(r"underflow encountered in (?P<op>[\w ]+)"), "numpy:underflow"),
    (re.compile(r"divide by zero encountered in (?P<op>[\w ]+)"), "numpy:divide_by_zero"),
    (re.compile(r"invalid value encountered in (?P<op>[\w ]+)"), "numpy:invalid"),
    (re.compile(r"operands could not be broadcast together with shapes (?P<shapes>.+?)\s*$"), "numpy:broadcast"),
    (re.compile(r"shapes (?P<a>\([^)]*\)) and (?P<b>\([^)]*\)) not aligned"), "numpy:not_aligned"),
    (re.compile(r"matmul: Input operand \d+ has a mismatch in its core dimension"), "numpy:matmul"),
    (
        re.compile(r"index (?P<index>-?\d+) is out of bounds for axis (?P<axis>\d+) with size (?P<size>\d+)"),
        "numpy:index",
    ),
    (re.compile(r"axis (?P<axis>-?\d+) is out of bounds for array of dimension (?P<ndim>\d+)"), "numpy:axis"),
    (re.compile(r"too many indices for array"), "numpy:too_many_indices"),
    (re.compile(r"only integers, slices .* are valid indices"), "numpy:index_type"),
    (re.compile(r"arrays used as indices must be of integer \(or boolean\) type"), "numpy:index_type"),
    (re.compile(r"cannot reshape array of size (?P<size>\d+) into shape (?P<shape>.+?)\s*$"), "numpy:reshape"),
    (re.compile(r"setting an array element with a sequence"), "numpy:sequence"),
    (re.compile(r"assignment destination is read-only"), "numpy:read_only"),
    (re.compile(r"output array is read-only"), "numpy:read_only"),
    (re.compile(r"truth value of an array with more than one element is ambiguous"), "numpy:truth"),
    (
        re.compile(r"Cannot cast ufunc '(?P<op>\w+)' output from dtype\('(?P<got>\w+)'\) to dtype\('(?P<to>\w+)'\)"),
        "numpy:cast",
    ),
)
_CATEGORY = re.compile(r"^(?P<category>\w+Warning): (?P<text>.*)$", re.S)


def explanation(text: str) -> Message | None:
    """What numpy's `text` means, as a Message, or None when it is not a text listed here."""
    for pattern, key in PATTERNS:
        match = pattern.search(str(text))
        if match:
            return Message(key, **{name: value.strip() for name, value in match.groupdict().items()})
    return None


def explained(text: str):
    """numpy's `text` (a warning as "RuntimeWarning: ...", or an error's message) with its explanation before it,
    or the text itself when there is none."""
    text = str(text)
    found = _CATEGORY.match(text)
    meaning = explanation(found["text"] if found else text)
    return text if meaning is None else Message("numpy:explained", explanation=meaning, text=text)


def explained_all(texts) -> object:
    """Several warnings, each explained, one after the other."""
    parts = [explained(t) for t in texts]
    if not parts:
        return ""
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Message("numpy:joined", first=part, rest=joined)
    return joined


__all__ = ["PATTERNS", "explanation", "explained", "explained_all"]
