"""a1_encoding written with the standard library doing the arithmetic, numpy only carrying the arrays.

encoding_distances  math.dist for each pair from itertools.combinations, the matrix filled symmetrically
one_hot             Python lists: math.isfinite and int(v) == v for each label, rows [float(j == c) ...]
softmax             np.apply_along_axis of a 1-D softmax: math.exp after the max, math.fsum for the total
log_softmax         np.apply_along_axis of a 1-D log-softmax: v - m - math.log(math.fsum(...))
sigmoid             np.vectorize of a scalar softplus form: σ(z) = exp(-softplus(-z)),
                    softplus(u) = max(u, 0) + log1p(exp(-|u|)) with math.log1p and math.exp
mlp_logits          np.tensordot over the input axis for each layer, this file's sigmoid
"""

import itertools
import math

import numpy as np


def encoding_distances(encodings):
    rows = np.asarray(encodings, dtype=float).tolist()
    K = len(rows)
    D = np.zeros((K, K))
    for i, j in itertools.combinations(range(K), 2):
        D[i, j] = D[j, i] = math.dist(rows[i], rows[j])
    return D


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    classes = []
    for v in lab.reshape(-1).tolist():
        if not math.isfinite(v) or int(v) != v:
            raise ValueError(f"label {v!r} is not a whole number")
        c = int(v)
        if not 0 <= c < num_classes:
            raise ValueError(f"label {c} is outside [0, {num_classes})")
        classes.append(c)
    rows = [[float(j == c) for j in range(num_classes)] for c in classes]
    return np.array(rows, dtype=float).reshape(lab.shape + (num_classes,))


def _softmax_1d(v):
    m = max(v)
    exps = [math.exp(x - m) for x in v]
    total = math.fsum(exps)
    return np.array([x / total for x in exps])


def softmax(logits, axis=-1):
    return np.apply_along_axis(_softmax_1d, axis, np.asarray(logits, dtype=float))


def _log_softmax_1d(v):
    m = max(v)
    log_total = math.log(math.fsum(math.exp(x - m) for x in v))
    return np.array([x - m - log_total for x in v])


def log_softmax(logits, axis=-1):
    return np.apply_along_axis(_log_softmax_1d, axis, np.asarray(logits, dtype=float))


def _softplus(u):
    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))


def _sigmoid_scalar(v):
    return math.exp(-_softplus(-v))


_sigmoid = np.vectorize(_sigmoid_scalar, otypes=[float])


def sigmoid(z):
    return _sigmoid(np.asarray(z, dtype=float))


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    hidden = sigmoid(np.tensordot(x, np.asarray(W1, dtype=float), axes=([1], [1])) + b1)
    return np.tensordot(hidden, np.asarray(W2, dtype=float), axes=([1], [1])) + b2
