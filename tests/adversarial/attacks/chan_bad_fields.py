"""Attack: while loading, write a well-formed load report with fields of the wrong types (notes as strings, names as
numbers) carrying the load request's own id, ahead of the real report: a grader that trusts the shape of a
frame crashes while scoring (no results.json at all).

The outcome the grader must give is in tests/adversarial/expected.yml under chan_bad_fields.py.
"""

import json
import os
import struct
import sys

import numpy as np

def _forge_report():
    frame = sys._getframe()
    while frame is not None and "header" not in frame.f_locals:
        frame = frame.f_back
    if frame is None:
        return
    seq = frame.f_locals["header"].get("seq")
    raw = json.dumps({"ready": True, "names": [1, 2], "notes": ["syntax error everywhere"], "forbidden": [],
                      "seq": seq, "nblobs": 0}).encode()
    os.write(3, struct.pack(">I", len(raw)) + raw)


_forge_report()

def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    d = e[:, None, :] - e[None, :, :]
    return np.sqrt(np.sum(d * d, axis=-1))


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind not in "iub":
        if lab.dtype.kind != "f" or not np.all(np.isfinite(lab)) or np.any(lab != np.round(lab)):
            raise ValueError("labels must be whole numbers")
    lab = lab.astype(np.int64)
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError("labels must lie in [0, num_classes)")
    return (lab[..., None] == np.arange(num_classes)).astype(float)


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    s = z - np.max(z, axis=axis, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def mlp_logits(x, W1, b1, W2, b2):
    a = np.asarray(x, dtype=float) @ np.asarray(W1, dtype=float).T + b1
    e = np.exp(-np.abs(a))
    h = np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return h @ np.asarray(W2, dtype=float).T + b2
