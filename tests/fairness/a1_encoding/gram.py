"""a1_encoding written with expanded (Gram) forms, as the "no loops" exercises of image-classification courses do.

encoding_distances  ||a-b||² = ||a||² + ||b||² - 2 a·b from the Gram matrix e eᵀ, clipped at 0 before the sqrt
one_hot             np.zeros, then np.put_along_axis writes the 1s; whole numbers tested against np.floor
softmax             exp(z - logsumexp(z)), the log-sum-exp written as max + log Σ exp(z - max)
log_softmax         z - (max + log Σ exp(z - max)): the log-sum-exp first, then one subtraction
sigmoid             symmetry: s = 1/(1+e^-|z|) is σ(|z|), and σ(z) = 1 - σ(|z|) where z < 0
mlp_logits          column-vector association (W1 xᵀ + b1) then (W2 h + b2), transposed at the end
"""

import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    sq = np.sum(e**2, axis=1)
    gram = e @ e.T
    d2 = sq[:, np.newaxis] + sq[np.newaxis, :] - 2.0 * gram
    return np.sqrt(np.maximum(d2, 0.0))


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind == "f" and np.any(lab != np.floor(lab)):
        raise ValueError("labels must be whole numbers")
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError(f"labels must be in [0, {num_classes})")
    out = np.zeros(lab.shape + (num_classes,))
    np.put_along_axis(out, lab.astype(int)[..., np.newaxis], 1.0, axis=-1)
    return out


def _logsumexp(z, axis):
    m = np.max(z, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    return np.exp(z - _logsumexp(z, axis))


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    return z - _logsumexp(z, axis)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    s = 1.0 / (1.0 + np.exp(-np.abs(z)))
    return np.where(z < 0, 1.0 - s, s)


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    b1 = np.asarray(b1, dtype=float)
    b2 = np.asarray(b2, dtype=float)
    hidden = sigmoid(np.asarray(W1, dtype=float) @ x.T + b1[:, np.newaxis])
    return (np.asarray(W2, dtype=float) @ hidden + b2[:, np.newaxis]).T
