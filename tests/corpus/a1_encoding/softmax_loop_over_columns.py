"""A loop over the columns, each normalised over the batch: the softmax of each class across the examples.

problem: softmax
expect: wrong-axis
"""
import numpy as np


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    if z.ndim == 1:
        e = np.exp(z - z.max())
        return e / e.sum()
    out = np.empty_like(z)
    for j in range(z.shape[1]):
        col = z[:, j]
        e = np.exp(col - col.max(axis=0))
        out[:, j] = e / e.sum(axis=0)
    return out
