"""A log-softmax helper called with axis=0: each class normalised over the batch, not each example over its
classes.

problem: softmax_cross_entropy
expect: wrong-axis
must_not: sum-vs-mean, mean-over-all-elements
"""
import numpy as np


def log_softmax_rows(z, axis):
    m = np.max(z, axis=axis, keepdims=True)
    return z - m - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    log_p = log_softmax_rows(z, axis=0)
    total = 0.0
    for i, label in enumerate(np.asarray(labels).astype(int)):
        total -= log_p[i, label]
    return float(total / len(z))
