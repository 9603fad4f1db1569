"""a1_encoding written with numpy's logaddexp and norm functions.

encoding_distances  np.linalg.norm of the pairwise differences along the last axis
one_hot             np.equal.outer(labels, range(K)) as floats; whole numbers tested with np.modf
softmax             exp(z - np.logaddexp.reduce(z, axis)): the log-sum-exp folded pairwise by logaddexp
log_softmax         z - np.logaddexp.reduce(z, axis)
sigmoid             σ(z) = exp(-log(1 + e^-z)) = exp(-np.logaddexp(0, -z))
mlp_logits          np.inner(x, W1) + b1, this file's sigmoid, np.inner(h, W2) + b2
"""

import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    return np.linalg.norm(e[:, None, :] - e[None, :, :], axis=-1)


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind == "f":
        fractional, _ = np.modf(lab)
        if np.any(np.isnan(lab)) or np.any(fractional != 0):
            raise ValueError("labels must be whole numbers")
    if np.any((lab < 0) | (lab >= num_classes)):
        raise ValueError(f"every label must lie in [0, {num_classes})")
    return np.equal.outer(lab.astype(np.int64), np.arange(num_classes)).astype(float)


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    return np.exp(z - np.logaddexp.reduce(z, axis=axis, keepdims=True))


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    return z - np.logaddexp.reduce(z, axis=axis, keepdims=True)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    hidden = sigmoid(np.inner(x, np.asarray(W1, dtype=float)) + b1)
    return np.inner(hidden, np.asarray(W2, dtype=float)) + b2
