"""a1_encoding written with numpy's ufunc methods: reduce, outer, at, and np.piecewise.

encoding_distances  squared norms read off the Gram matrix's diagonal, np.add.outer(n, n) - 2G, clipped, sqrt
one_hot             np.add.at(zeros, (row, label), 1) on the flattened labels; whole numbers tested with np.fmod
softmax             np.maximum.reduce for the max, np.add.reduce for the sum (keepdims)
log_softmax         shifted - log(np.add.reduce(exp(shifted))), with np.maximum.reduce for the shift
sigmoid             np.piecewise: 1/(1+e^-z) on z >= 0, e^z/(1+e^z) on the rest
mlp_logits          no matrix product: x[:, None, :] * W1[None], summed by np.add.reduce over the inputs
"""

import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    gram = np.dot(e, e.T)
    norms = np.diag(gram)
    squared = np.add.outer(norms, norms) - 2.0 * gram
    return np.sqrt(np.clip(squared, 0.0, None))


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind == "f":
        if np.any(np.isnan(lab)) or np.any(np.fmod(lab[np.isfinite(lab)], 1.0) != 0.0):
            raise ValueError("labels must be whole numbers")
    if np.any(np.less(lab, 0)) or np.any(np.greater_equal(lab, num_classes)):
        raise ValueError(f"labels must be in [0, {num_classes})")
    flat = lab.astype(np.int64).reshape(-1)
    out = np.zeros((flat.size, num_classes))
    np.add.at(out, (np.arange(flat.size), flat), 1.0)
    return out.reshape(lab.shape + (num_classes,))


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - np.maximum.reduce(z, axis=axis, keepdims=True))
    return e / np.add.reduce(e, axis=axis, keepdims=True)


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    shifted = np.subtract(z, np.maximum.reduce(z, axis=axis, keepdims=True))
    return np.subtract(shifted, np.log(np.add.reduce(np.exp(shifted), axis=axis, keepdims=True)))


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.piecewise(
        z,
        [z >= 0],
        [lambda v: 1.0 / (1.0 + np.exp(-v)), lambda v: np.exp(v) / (1.0 + np.exp(v))],
    )


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    hidden = sigmoid(np.add.reduce(x[:, np.newaxis, :] * W1[np.newaxis, :, :], axis=-1) + b1)
    return np.add.reduce(hidden[:, np.newaxis, :] * W2[np.newaxis, :, :], axis=-1) + b2
