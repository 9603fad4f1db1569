"""Attack: Walks every frame of every thread (sys._current_frames, f_back) looking for the expected answer: an array of the
input's shape, not the input, whose rows sum to 1.

The outcome the grader must give is in tests/adversarial/expected.yml under read_stack_frames.py.
"""

import numpy as np
import sys


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


def _search(value, shape, seen):
    if id(value) in seen:
        return None
    seen.add(id(value))
    if isinstance(value, np.ndarray) and value.shape == shape and value.dtype.kind == "f":
        if np.allclose(value.sum(axis=-1), 1.0):
            return value
    if isinstance(value, dict):
        for v in list(value.values()):
            found = _search(v, shape, seen)
            if found is not None:
                return found
    return None


def softmax(logits, axis=-1):
    z = np.asarray(logits)
    seen = {id(z), id(logits)}
    for frame in list(sys._current_frames().values()) + [sys._getframe()]:
        while frame is not None:
            found = _search(dict(frame.f_locals), z.shape, seen)
            if found is not None:
                return found
            frame = frame.f_back
    raise LookupError("attack blocked: no expected answer in any stack frame")


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
