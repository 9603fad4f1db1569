"""Softmax cross-entropy against label-smoothed targets (0.1): no known mistake.

problem: softmax_cross_entropy
expect: none
must_not: mean-over-all-elements, sum-vs-mean, max-not-added-back
"""
import numpy as np


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    K = z.shape[1]
    m = z.max(axis=1, keepdims=True)
    log_p = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    t = 0.9 * np.eye(K)[np.asarray(labels).astype(int)] + 0.1 / K
    return float(np.mean(-np.sum(t * log_p, axis=1)))
