"""Attack (its victim): an honest, correct submission, graded right after cross_plant_modules.py by the same grader, that
imports `copy` from the standard library. A module planted where it would be imported instead turned its softmax
to zeros and copied its functions out for an accomplice; it must get full marks, exactly as alone.

The outcome the grader must give is in tests/adversarial/expected.yml under cross_victim_imports_copy.py.
"""

import copy

import numpy as np


def encoding_distances(encodings: np.ndarray) -> np.ndarray:
    """Euclidean distance between every pair of class encodings.

    encodings: (K, d) array, one row per class. Returns the (K, K) matrix D with
    D[i, j] = ||encodings[i] - encodings[j]||.

    The lecture's point: with ids [[1], [2], [3]] class 1 is nearer class 2 than class 3, an order the
    classes may not have; with one-hot rows every off-diagonal distance is √2 ("任兩個 class 的距離都相同").
    """
    e = np.asarray(encodings, dtype=float)
    diff = e[:, None, :] - e[None, :, :]
    return np.sqrt(np.sum(diff * diff, axis=-1))


def one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """One-hot vectors ŷ for integer class labels.

    labels: integer labels of any shape, each in [0, num_classes). Returns a float array of shape
    labels.shape + (num_classes,) with a single 1 per vector. Raises ValueError for a label below 0,
    at or above num_classes, or that is not a whole number.
    """
    lab = np.asarray(labels)
    if lab.dtype.kind not in "iub":
        if lab.dtype.kind != "f" or not np.all(np.isfinite(lab)) or np.any(lab != np.round(lab)):
            raise ValueError("labels must be whole numbers")
    lab = lab.astype(np.int64)
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes})")
    return (lab[..., None] == np.arange(num_classes)).astype(float)


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along `axis`: y'_i = exp(y_i) / Σ_j exp(y_j).

    Every output lies in [0, 1] and the outputs sum to 1 along `axis`; large gaps between logits become
    larger gaps between probabilities. Subtracting the max first changes nothing mathematically (the
    shift cancels) but keeps exp from overflowing, so logits of ±1e4 stay finite with no warning.
    """
    z = copy.deepcopy(np.asarray(logits, dtype=float))
    shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(softmax(logits)) computed as z - max - log Σ exp(z - max): finite where softmax underflows to 0."""
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), elementwise, with no overflow for large |z|.

    For z < 0 it uses the equal form e^z / (1 + e^z), so exp is only ever taken of a non-positive number.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def mlp_logits(x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """The lecture's network y = b' + W' σ(b + W x), for a batch.

    x (N, D), W1 (H, D), b1 (H,), W2 (K, H), b2 (K,) → (N, K) logits (the input of softmax).
    """
    x = np.asarray(x, dtype=float)
    hidden = sigmoid(x @ np.asarray(W1, dtype=float).T + b1)
    return hidden @ np.asarray(W2, dtype=float).T + b2
