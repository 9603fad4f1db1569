"""a1_encoding written with in-place operations on private copies, and one example at a time where the lecture does.

encoding_distances  one row at a time: e - e[i], squared in place (out=), summed, square-rooted into D[i]
one_hot             zeros, then one class at a time: out[..., k] = (labels == k); whole numbers via astype(int)
softmax             a private float copy: -= max, np.exp(out=), /= the sum, all in place
log_softmax         a private float copy: -= max, then -= log Σ exp of it
sigmoid             s = 1/(1+e^-|z|) for every z, then s *= e^-|z| in place where z < 0 (e^z/(1+e^z))
mlp_logits          the lecture's y = b' + W' σ(b + W x), one example x at a time, rows written into the output
"""

import numpy as np


def encoding_distances(encodings):
    e = np.array(encodings, dtype=float)
    K = e.shape[0]
    D = np.empty((K, K))
    for i in range(K):
        diff = e - e[i]
        np.square(diff, out=diff)
        np.sqrt(diff.sum(axis=1), out=D[i])
    return D


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind not in "iub":
        lab = lab.astype(float)
        if not np.all(np.isfinite(lab)):
            raise ValueError("labels must be finite whole numbers")
        whole = lab.astype(np.int64)
        if np.any(whole != lab):
            raise ValueError("labels must be whole numbers")
        lab = whole
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError(f"labels must be in [0, {num_classes})")
    out = np.zeros(lab.shape + (num_classes,))
    for k in range(num_classes):
        out[..., k] = lab == k
    return out


def softmax(logits, axis=-1):
    z = np.array(logits, dtype=float)
    z -= z.max(axis=axis, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=axis, keepdims=True)
    return z


def log_softmax(logits, axis=-1):
    z = np.array(logits, dtype=float)
    z -= z.max(axis=axis, keepdims=True)
    z -= np.log(np.exp(z).sum(axis=axis, keepdims=True))
    return z


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    s = np.ones_like(z)
    s /= 1.0 + e
    negative = z < 0
    s[negative] *= e[negative]
    return s


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    out = np.empty((x.shape[0], W2.shape[0]))
    for n in range(x.shape[0]):
        out[n] = b2 + W2 @ sigmoid(b1 + W1 @ x[n])
    return out
