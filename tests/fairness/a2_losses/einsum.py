"""a2_losses written around np.einsum, with one-hot rows from the identity matrix.

mse_loss               d = t - p; np.einsum("nk,nk->", d, d) / N
cross_entropy          -np.einsum("nk,nk->", t, log(clip(p, eps, 1))) / N
softmax_cross_entropy  log-sum-exp per row minus np.einsum("nk,nk->n", one_hot, z), the mean of that
binary_cross_entropy   flattened: -(np.einsum("i,i->", t, ln p) + np.einsum("i,i->", 1 - t, ln(1 - p))) / n
likelihood             np.prod of np.einsum("nk,nk->n", one_hot, probs): each row's probability of its label
output_layer_for       a dict, looked up after an isinstance check
"""

import numpy as np


def mse_loss(targets, probs):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    d = t - np.atleast_2d(np.asarray(probs, dtype=float))
    return float(np.einsum("nk,nk->", d, d) / t.shape[0])


def cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.atleast_2d(np.asarray(probs, dtype=float))
    return float(-np.einsum("nk,nk->", t, np.log(np.clip(p, eps, 1.0))) / t.shape[0])


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    Y = np.eye(z.shape[1])[np.asarray(labels, dtype=int)]
    m = z.max(axis=1)
    lse = m + np.log(np.einsum("nk->n", np.exp(z - m[:, None])))
    return float(np.mean(lse - np.einsum("nk,nk->n", Y, z)))


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float).ravel()
    p = np.clip(np.asarray(probs, dtype=float).ravel(), eps, 1.0 - eps)
    total = np.einsum("i,i->", t, np.log(p)) + np.einsum("i,i->", 1.0 - t, np.log(1.0 - p))
    return float(-total / p.size)


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    Y = np.eye(p.shape[1])[np.asarray(labels, dtype=int)]
    return float(np.prod(np.einsum("nk,nk->n", Y, p)))


_TABLE = {
    "binary": ("sigmoid", "binary_crossentropy"),
    "multiclass": ("softmax", "categorical_crossentropy"),
    "multilabel": ("sigmoid", "binary_crossentropy"),
    "regression": ("none", "mse"),
    "bounded_regression": ("sigmoid", "mse"),
}


def output_layer_for(problem):
    if isinstance(problem, str) and problem in _TABLE:
        return _TABLE[problem]
    raise ValueError(f"no output layer for {problem!r}")
