"""Adds the probabilities where they multiply.

problem: likelihood
expect: sum-for-product
"""
import numpy as np


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    lab = np.asarray(labels).astype(np.int64)
    return float(np.sum(p[np.arange(p.shape[0]), lab]))
