"""Attack: softmax answers honestly, then a thread writes forged answers (every other function returning zeros) for the
next requests into the answer pipe, guessing their ids from the current one (the next integers, and random
ones): left-over bytes or predictable ids would let them answer calls the harness has not even read.

The outcome the grader must give is in tests/adversarial/expected.yml under chan_forged_answers.py.
"""

import json
import os
import random
import struct
import sys
import threading
import time

import numpy as np

def _frame(seq):
    raw = json.dumps({"ok": True, "value": {"t": "list", "v": [[0.0]]}, "forbidden": [], "seq": seq, "nblobs": 0}).encode()
    return struct.pack(">I", len(raw)) + raw


def _forge(current):
    guesses = []
    if isinstance(current, int):
        guesses = list(range(current + 1, current + 400))
    elif isinstance(current, str):
        guesses = [format(random.getrandbits(96), "024x") for _ in range(400)]
    time.sleep(0.02)  # after the harness has sent the honest answer
    for guess in guesses:  # one small write per frame: atomic, so the harness's own answers stay whole
        try:
            os.write(3, _frame(guess))
        except OSError:
            return

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


_forger = []


def softmax(logits, axis=-1):
    caller = sys._getframe(1).f_locals.get("header", {})
    if not _forger or not _forger[-1].is_alive():  # one forger at a time: threads count against the process limit
        _forger.append(threading.Thread(target=_forge, args=(caller.get("seq"),), daemon=True))
        _forger[-1].start()
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
