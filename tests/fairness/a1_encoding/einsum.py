"""a1_encoding written around np.einsum and fancy indexing.

encoding_distances  pairwise differences, squared lengths by np.einsum("ijk,ijk->ij"), sqrt
one_hot             rows of the identity matrix, np.eye(K)[labels]; whole numbers tested with np.mod(labels, 1)
softmax             axis moved last, exp(z - max), the sum by np.einsum("...k->..."), then divided
log_softmax         axis moved last, z - max - log(np.einsum("...k->...", exp(z - max)))
sigmoid             boolean masks: 1/(1+e^-z) where z >= 0, e^z/(1+e^z) where z < 0, each only on its part
mlp_logits          np.einsum("hd,nd->nh") and np.einsum("kh,nh->nk") for the two layers, this file's sigmoid
"""

import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    diff = e[:, np.newaxis, :] - e[np.newaxis, :, :]
    return np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if not np.issubdtype(lab.dtype, np.integer):
        lab = lab.astype(float)
        if np.any(np.isnan(lab)) or np.any(np.mod(lab[np.isfinite(lab)], 1) != 0):
            raise ValueError("labels must be whole numbers")
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError(f"labels must be in [0, {num_classes})")
    return np.eye(num_classes)[lab.astype(int)]


def softmax(logits, axis=-1):
    z = np.moveaxis(np.asarray(logits, dtype=float), axis, -1)
    e = np.exp(z - z.max(axis=-1)[..., np.newaxis])
    total = np.einsum("...k->...", e)
    return np.moveaxis(e / total[..., np.newaxis], -1, axis)


def log_softmax(logits, axis=-1):
    z = np.moveaxis(np.asarray(logits, dtype=float), axis, -1)
    shifted = z - z.max(axis=-1)[..., np.newaxis]
    log_total = np.log(np.einsum("...k->...", np.exp(shifted)))
    return np.moveaxis(shifted - log_total[..., np.newaxis], -1, axis)


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    neg = ~pos
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[neg])
    out[neg] = ez / (1.0 + ez)
    return out


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    hidden = sigmoid(np.einsum("hd,nd->nh", np.asarray(W1, dtype=float), x) + b1)
    return np.einsum("kh,nh->nk", np.asarray(W2, dtype=float), hidden) + b2
