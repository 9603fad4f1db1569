"""Sums over the batch where the mean is asked.

problem: softmax_cross_entropy
expect: sum-vs-mean
"""
import numpy as np


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    lab = np.asarray(labels).astype(np.int64)
    m = np.max(z, axis=-1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=-1))
    return float(np.sum(lse - z[np.arange(z.shape[0]), lab]))
