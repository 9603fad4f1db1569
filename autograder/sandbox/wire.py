"""Trusted side: the wire's reading end, turning what the student process sent into plain, trusted values.

Nothing is evaluated, unpickled or imported: arrays are raw bytes of a numeric dtype and a shape, both
checked before anything is allocated; sympy expressions arrive as checked plain trees (never built here);
anything else arrives as an `Opaque` description that comparisons reject with a message. Every text becomes valid
Unicode here (a lone surrogate, which JSON can carry and no UTF-8 file can hold, turns into U+FFFD), so that what a
student's exception says can be written to results.json, a page or a CSV like any other text.
"""

from __future__ import annotations

import math
import re

import numpy as np

# What a value that is not data, and a function handed over by name, are: the checks name them too (checker/).
from ..checker.values import NamedFunction, Opaque  # noqa: F401
from .codec import (
    MAX_ELEMENTS,  # noqa: F401  (one limit, shared with the student side)
    frame_bytes,  # noqa: F401  (one framing, shared with the student side)
)
from .codec import encode as _encode_plain


class WireError(ValueError):
    """What the student process sent is not a value the kit accepts."""


# ------------------------------------------------------------------------------------- frames, field by field
NOTE_KINDS = ("syntax", "error", "exit")


def clean_text(value: str) -> str:
    """`value` as text any UTF-8 file can hold: lone surrogates replaced (a pair stays the character it makes)."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _text(value, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise WireError(f"{what} is not text")
    return clean_text(value[:limit])


def _texts(value, count: int, limit: int, what: str) -> list:
    if not isinstance(value, list):
        raise WireError(f"{what} is not a list")
    return [_text(v, limit, what) for v in value[:count]]


def check_ready(header) -> dict:
    """The load report, every field checked: a frame of the right shape with fields of the wrong types (notes
    as strings, names as numbers) is a protocol error for this submission, never a crash of the grader."""
    if not isinstance(header, dict) or not isinstance(header.get("ready"), bool):
        raise WireError("the load report is malformed")
    if not header["ready"]:
        return {"ready": False, "setup_error": _text(header.get("setup_error", ""), 500, "setup_error")}
    notes = []
    raw_notes = header.get("notes", [])
    if not isinstance(raw_notes, list):
        raise WireError("notes is not a list")
    for note in raw_notes[:50]:
        if not isinstance(note, dict) or note.get("kind") not in NOTE_KINDS:
            raise WireError("a note is malformed")
        line = note.get("line")
        if line is not None and (type(line) is not int or not 0 <= line < 10**9):
            raise WireError("a note's line is not a line number")
        notes.append(
            {
                "kind": note["kind"],
                "where": _text(note.get("where", ""), 200, "where"),
                "line": line,
                "message": _text(note.get("message", ""), 2000, "message"),
            }
        )
    return {
        "ready": True,
        "names": _texts(header.get("names", []), 500, 200, "names"),
        "notes": notes,
        "forbidden": _texts(header.get("forbidden", []), 20, 100, "forbidden"),
    }


def check_answer(header) -> dict:
    """The answer to a call, every field checked (the value itself is checked by `decode`)."""
    if not isinstance(header, dict) or not isinstance(header.get("ok", False), bool):
        raise WireError("the answer is malformed")
    out = {
        "ok": bool(header.get("ok")),
        "forbidden": _texts(header.get("forbidden", []), 20, 100, "forbidden"),
        "warnings": _texts(header.get("warnings", []), 3, 200, "warnings"),
    }
    if "unreadable" in header:
        out["unreadable"] = _text(header["unreadable"], 200, "unreadable")
    elif out["ok"]:
        out["value"] = header.get("value")
        if "args_after" in header:
            if not isinstance(header["args_after"], list) or len(header["args_after"]) > 64:
                raise WireError("args_after is malformed")
            out["args_after"] = header["args_after"]
    else:
        err = header.get("error")
        if not isinstance(err, dict):
            raise WireError("the error is malformed")
        out["error"] = {
            "type": _text(err.get("type", "Error"), 100, "type"),
            "message": _text(err.get("message", ""), 2000, "message"),
            "where": _text(err.get("where", ""), 200, "where"),
        }
    return out


def encode_args(values) -> tuple[list, list]:
    """Encode trusted arguments for a call; NamedFunction travels as its name and parameters."""
    blobs: list = []

    def enc(v):
        if isinstance(v, NamedFunction):
            return {"t": "fn", "name": v.name, "params": {k: np.asarray(p).tolist() for k, p in v.params.items()}}
        return _encode_plain(v, blobs)

    return [enc(v) for v in values], blobs


def decode(value, blobs, _depth: int = 0):
    if _depth > 64:
        raise WireError("value nested too deeply")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, list):  # only inside containers below
        raise WireError("unexpected list")
    if not isinstance(value, dict):
        raise WireError(f"unexpected {type(value).__name__}")
    t = value.get("t")
    if t == "float":
        text = value.get("v")
        if text not in ("nan", "inf", "-inf"):
            raise WireError("bad float")
        return float(text)
    if t == "int":
        text = str(value.get("v"))
        if not re.fullmatch(r"-?[0-9]{1,4000}", text):
            raise WireError("bad integer")
        return int(text)
    if t == "str":
        return clean_text(str(value.get("v"))[:100_000])
    if t in ("list", "tuple"):
        items = [decode(v, blobs, _depth + 1) for v in value.get("v", [])]
        return items if t == "list" else tuple(items)
    if t == "dict":
        return {_hashable(decode(k, blobs, _depth + 1)): decode(v, blobs, _depth + 1) for k, v in value.get("v", [])}
    if t == "nd":
        return _load_array(value, blobs)
    if t == "sym":
        return sympy_tree(value.get("v"))
    if t == "opaque":
        return Opaque(clean_text(str(value.get("type", "?"))[:80]), clean_text(str(value.get("repr", ""))[:200]))
    raise WireError(f"unknown value kind {t!r}")


def _hashable(key):
    if isinstance(key, (str, int, float, bool, type(None), tuple)):
        return key
    return repr(key)


# A numeric dtype as numpy writes it: byte order, kind (bool, int, unsigned, float, complex), item size.
NUMERIC_DTYPE = re.compile(r"[<>|=]?[biufc](1|2|4|8|16)")


def _load_array(value: dict, blobs: list) -> np.ndarray:
    """An array from its raw bytes, its dtype and its shape, each checked before anything is allocated."""
    dtype_text, shape = value.get("dtype"), value.get("shape")
    if not isinstance(dtype_text, str) or not NUMERIC_DTYPE.fullmatch(dtype_text):
        raise WireError(f"arrays must be numeric, not {str(dtype_text)[:40]}")
    if not isinstance(shape, list) or len(shape) > 32 or not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("malformed array shape")
    if math.prod(shape) > MAX_ELEMENTS:
        raise WireError(f"array too large: shape {tuple(shape)}")
    index = value.get("b")
    if type(index) is not int or not 0 <= index < len(blobs):
        raise WireError("malformed array reference")
    dtype = np.dtype(dtype_text)
    blob = blobs[index]
    if len(blob) != math.prod(shape) * dtype.itemsize:
        raise WireError("array data does not match its shape")
    return np.frombuffer(blob, dtype=dtype).reshape(shape).copy()


def sympy_tree(tree):
    """An expression as a checked plain tree (sizes, depth, leaf text, shape); no sympy object is built here.

    Rebuilding it is sympy work on the student's data, so it happens in the derivation checker's killable
    workers (autograder/checker/symbolic/rebuild.py). A tree that fails a check arrives as an InvalidTree saying why,
    so one bad step of a chain does not make the whole chain unreadable.
    """
    from ..checker.symbolic.tree import from_wire

    return from_wire(tree)
