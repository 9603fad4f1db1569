"""Both sides: the plain-data format they speak, frames on a pipe and values as JSON plus raw array blobs.

Used by the student side (the template imports this file by path: it runs outside the package) to read
requests and send answers, and by the trusted side to frame its requests and encode its own arguments. The
trusted side never decodes the student's values with this file: `wire.py` does that, with its own checks.
"""

import json
import os
import struct
import sys

import numpy as np

# ----------------------------------------------------------------------------------------------------
# Framing: 4-byte big-endian header length, JSON header, then the blobs it lists (8-byte length each).
# ----------------------------------------------------------------------------------------------------
MAX_FRAME = 256 * 1024 * 1024
MAX_ELEMENTS = 20_000_000  # the largest array either side sends or accepts


def read_exact(fd, n):
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(fd):
    (size,) = struct.unpack(">I", read_exact(fd, 4))
    header = json.loads(read_exact(fd, size))
    blobs = []
    for _ in range(header.get("nblobs", 0)):
        (blen,) = struct.unpack(">Q", read_exact(fd, 8))
        if blen > MAX_FRAME:
            raise ValueError("blob too large")
        blobs.append(read_exact(fd, blen))
    return header, blobs


def frame_bytes(header, blobs=()):
    """One frame: 4-byte big-endian header length, the JSON header (with `nblobs`), then each blob's 8-byte
    length and bytes."""
    header = dict(header, nblobs=len(blobs))
    raw = json.dumps(header, allow_nan=False).encode()
    parts = [struct.pack(">I", len(raw)), raw]
    for b in blobs:
        parts.append(struct.pack(">Q", len(b)))
        parts.append(b)
    return b"".join(parts)


def write_frame(fd, header, blobs=()):
    """Write a whole frame to a blocking descriptor (the student side: its own pipes)."""
    view = memoryview(frame_bytes(header, blobs))
    while view:
        n = os.write(fd, view)
        view = view[n:]


# ----------------------------------------------------------------------------------------------------
# Values: Python/numpy/sympy values <-> plain data.
# ----------------------------------------------------------------------------------------------------
SYMPY_LEAVES = ("Symbol", "Dummy", "Idx")


def _float(x):
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        return {"t": "float", "v": repr(x)}
    return x


def encode(value, blobs, depth=0):
    """Turn a returned value into plain data; anything unknown becomes a description, never an object."""
    if depth > 64:
        return {"t": "opaque", "type": "nesting", "repr": "too deeply nested"}
    if value is None or isinstance(value, (bool, str)) and type(value) in (bool, str):
        return value if not isinstance(value, str) else {"t": "str", "v": value[:100000]}
    if type(value) is int:
        return {"t": "int", "v": str(value)} if abs(value) > 2**53 else value
    if type(value) is float:
        return _float(value)
    if type(value) is complex:
        return {"t": "opaque", "type": "complex", "repr": repr(value)}
    if type(value) in (list, tuple):
        if len(value) > 100000:
            return {"t": "opaque", "type": type(value).__name__, "repr": f"a sequence of {len(value)} items"}
        return {"t": type(value).__name__, "v": [encode(v, blobs, depth + 1) for v in value]}
    if type(value) is dict:
        return {
            "t": "dict",
            "v": [[encode(k, blobs, depth + 1), encode(v, blobs, depth + 1)] for k, v in list(value.items())[:1000]],
        }
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        if value.dtype.kind in "biuf":
            return encode(value.item(), blobs, depth)
    if isinstance(value, np.ndarray):
        arr = np.ndarray.view(value, np.ndarray) if type(value) is not np.ndarray else value
        if arr.dtype.kind not in "biufc":
            return {"t": "opaque", "type": f"ndarray of dtype {arr.dtype}", "repr": "not a numeric array"}
        if arr.size > MAX_ELEMENTS:
            return {"t": "opaque", "type": f"array of shape {arr.shape}", "repr": "too large to send"}
        # The raw bytes in C order, with the dtype and the shape in the header: a tenth of the cost of the .npy
        # format, whose header the reader had to parse as a Python literal.
        blobs.append(np.ascontiguousarray(arr).tobytes())
        extra = {"subclass": type(value).__name__} if type(value) is not np.ndarray else {}
        if not arr.flags.writeable:  # a read-only argument arrives read-only (the checks of "inputs left unchanged")
            extra["ro"] = True
        if arr.ndim > 1 and arr.flags.f_contiguous and not arr.flags.c_contiguous:
            extra["order"] = "F"  # a transposed argument arrives transposed in memory too (x.T is not contiguous)
        return {"t": "nd", "b": len(blobs) - 1, "dtype": arr.dtype.str, "shape": list(arr.shape), **extra}
    sympy = sys.modules.get("sympy")
    if sympy is not None and isinstance(value, sympy.Basic):
        return {"t": "sym", "v": encode_sympy(value, sympy, 0)}
    return {"t": "opaque", "type": type(value).__name__[:80], "repr": _safe_repr(value)}


def _safe_repr(value):
    try:
        return str(object.__repr__(value))[:200]
    except BaseException:
        return "?"


def encode_sympy(expr, sympy, depth):
    """A sympy tree as [class name, args...]; leaves carry their name or digits. The trusted side rebuilds it."""
    if depth > 200:
        raise ValueError("expression nested too deeply")
    cls = type(expr).__name__
    if isinstance(expr, sympy.Symbol):
        return ["Symbol", str(expr.name)]
    if isinstance(expr, sympy.Integer):
        return ["Integer", str(int(expr))]
    if isinstance(expr, sympy.Rational):
        return ["Rational", str(int(expr.p)), str(int(expr.q))]
    if isinstance(expr, sympy.Float):
        return ["Float", str(expr)]
    if isinstance(expr, sympy.IndexedBase):
        return ["IndexedBase", str(expr.name)]
    if isinstance(expr, (sympy.NumberSymbol, sympy.core.numbers.ImaginaryUnit)):
        return [cls]
    if isinstance(expr, (sympy.Tuple, tuple)):
        return ["Tuple"] + [encode_sympy(a, sympy, depth + 1) for a in expr]
    return [cls] + [encode_sympy(a, sympy, depth + 1) for a in expr.args]


# Functions the trusted side may hand to a student function (the f of a numerical gradient): named, built here.
def _named_function(spec):
    name, params = spec["name"], spec.get("params", {})
    weights = np.asarray(params.get("weights", 1.0), dtype=float)
    if name == "weighted_squares":
        return lambda x: float(np.sum(weights * np.asarray(x, dtype=float) ** 2))
    if name == "cross_entropy_of_logits":
        labels = np.asarray(params["labels"], dtype=np.int64)

        def f(z):
            z = np.asarray(z, dtype=float)
            m = np.max(z, axis=-1, keepdims=True)
            lse = m[..., 0] + np.log(np.sum(np.exp(z - m), axis=-1))
            return float(np.mean(lse - z[np.arange(z.shape[0]), labels]))

        return f
    if name == "squared_sum":  # (Σ x)²: every coordinate's derivative depends on all the others
        return lambda x: float(np.sum(np.asarray(x, dtype=float)) ** 2)
    if name == "sin_cubic":
        return lambda x: float(np.sum(np.sin(np.asarray(x, dtype=float))) + np.sum(np.asarray(x, dtype=float) ** 3))
    raise ValueError(f"unknown function {name}")


def decode(value, blobs):
    if isinstance(value, dict):
        t = value.get("t")
        if t == "nd":
            arr = np.frombuffer(blobs[value["b"]], dtype=np.dtype(value["dtype"])).reshape(value["shape"]).copy()
            if value.get("order") == "F":
                arr = np.asfortranarray(arr)
            if value.get("ro"):
                arr.flags.writeable = False
            return arr
        if t == "float":
            return float(value["v"])
        if t == "int":
            return int(value["v"])
        if t == "str":
            return value["v"]
        if t in ("list", "tuple"):
            items = [decode(v, blobs) for v in value["v"]]
            return items if t == "list" else tuple(items)
        if t == "dict":
            return {decode(k, blobs): decode(v, blobs) for k, v in value["v"]}
        if t == "fn":
            return _named_function(value)
    return value
