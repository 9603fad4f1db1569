"""A helper log-sum-exp that takes the max out and forgets to add it back.

problem: softmax_cross_entropy
expect: max-not-added-back
"""
import numpy as np


def logsumexp(z):
    m = np.max(z, axis=1, keepdims=True)
    return np.log(np.sum(np.exp(z - m), axis=1))


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    lab = np.asarray(labels).astype(int)
    return float(np.mean(logsumexp(z) - z[np.arange(len(z)), lab]))
