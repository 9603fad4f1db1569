"""a1_encoding written with pure-Python loops over indices and the math module, one number at a time.

encoding_distances  nested loops over class pairs, a running sum of squares, math.sqrt
one_hot             np.ndindex over every label, float.is_integer for the whole-number test
softmax             each 1-D slice along the axis (moved last): max, math.exp, a running sum, division
log_softmax         each slice: v - m - math.log(Σ math.exp(v - m))
sigmoid             each element: 1/(1+e^-z) for z >= 0, e^z/(1+e^z) otherwise (math.exp)
mlp_logits          loops over examples, hidden units and inputs; the hidden layer through this file's sigmoid
"""

import math

import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    K, d = e.shape
    D = np.zeros((K, K))
    for i in range(K):
        for j in range(K):
            total = 0.0
            for k in range(d):
                diff = e[i, k] - e[j, k]
                total += diff * diff
            D[i, j] = math.sqrt(total)
    return D


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    out = np.zeros(lab.shape + (num_classes,))
    for idx in np.ndindex(lab.shape):
        value = float(lab[idx])
        if not value.is_integer():
            raise ValueError(f"label {lab[idx]} is not a whole number")
        if value < 0 or value >= num_classes:
            raise ValueError(f"label {int(value)} is outside [0, {num_classes})")
        out[idx + (int(value),)] = 1.0
    return out


def _rows(z, axis):
    """The 1-D slices of z along axis, as rows of a 2-D array (a copy), and how to put them back."""
    moved = np.moveaxis(np.asarray(z, dtype=float), axis, -1)
    return moved.reshape(-1, moved.shape[-1]).copy(), moved.shape


def _unrows(rows, moved_shape, axis):
    return np.moveaxis(rows.reshape(moved_shape), -1, axis)


def softmax(logits, axis=-1):
    rows, shape = _rows(logits, axis)
    out = np.empty_like(rows)
    for r in range(rows.shape[0]):
        m = max(rows[r])
        exps = [math.exp(v - m) for v in rows[r]]
        total = 0.0
        for value in exps:
            total += value
        for c in range(rows.shape[1]):
            out[r, c] = exps[c] / total
    return _unrows(out, shape, axis)


def log_softmax(logits, axis=-1):
    rows, shape = _rows(logits, axis)
    out = np.empty_like(rows)
    for r in range(rows.shape[0]):
        m = max(rows[r])
        total = 0.0
        for v in rows[r]:
            total += math.exp(v - m)
        log_total = math.log(total)
        for c in range(rows.shape[1]):
            out[r, c] = rows[r, c] - m - log_total
    return _unrows(out, shape, axis)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty(z.shape)
    for idx in np.ndindex(z.shape):
        v = float(z[idx])
        if v >= 0:
            out[idx] = 1.0 / (1.0 + math.exp(-v))
        else:
            e = math.exp(v)
            out[idx] = e / (1.0 + e)
    return out


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    N, D = x.shape
    H, K = len(b1), len(b2)
    pre = np.zeros((N, H))
    for n in range(N):
        for h in range(H):
            total = float(b1[h])
            for d in range(D):
                total += W1[h][d] * x[n, d]
            pre[n, h] = total
    hidden = sigmoid(pre)
    out = np.zeros((N, K))
    for n in range(N):
        for k in range(K):
            total = float(b2[k])
            for h in range(H):
                total += W2[k][h] * hidden[n, h]
            out[n, k] = total
    return out
