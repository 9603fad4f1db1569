"""a2_losses written with in-place operations on private copies.

mse_loss               d = p - t (a new array), d *= d in place, d.sum() / N
cross_entropy          a private copy of p: np.clip(out=), np.log(out=), *= t, then -sum / N
softmax_cross_entropy  a private copy of z: -= the row max in place; loss = ln Σ exp(shifted) - shifted[label]
binary_cross_entropy   a private copy of p clipped in place; the two log terms built in place, -mean
likelihood             a boolean mask (class == label) selects each row's probability, np.prod of those
output_layer_for       try the dict lookup, turn KeyError or TypeError into ValueError
"""

import numpy as np


def mse_loss(targets, probs):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    d = np.atleast_2d(np.asarray(probs, dtype=float)) - t
    d *= d
    return float(d.sum() / d.shape[0])


def cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.array(np.atleast_2d(probs), dtype=float)
    np.clip(p, eps, 1.0, out=p)
    np.log(p, out=p)
    p *= t
    return float(-p.sum() / p.shape[0])


def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    z -= z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1))
    picked = z[np.arange(z.shape[0]), np.asarray(labels, dtype=int)]
    return float(np.mean(log_norm - picked))


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.array(probs, dtype=float)
    np.clip(p, eps, 1.0 - eps, out=p)
    q = np.ones_like(p)
    q -= p
    np.log(p, out=p)
    np.log(q, out=q)
    p *= t
    q *= 1.0 - t
    p += q
    return float(-p.mean())


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    mask = np.arange(p.shape[1]) == np.asarray(labels, dtype=int)[:, None]
    return float(np.prod(p[mask]))


_TABLE = {
    "binary": ("sigmoid", "binary_crossentropy"),
    "multiclass": ("softmax", "categorical_crossentropy"),
    "multilabel": ("sigmoid", "binary_crossentropy"),
    "regression": ("none", "mse"),
    "bounded_regression": ("sigmoid", "mse"),
}


def output_layer_for(problem):
    try:
        return _TABLE[problem]
    except (KeyError, TypeError):
        raise ValueError(f"unknown problem type: {problem!r}") from None
