"""Takes the log of the probabilities without clipping.

problem: cross_entropy
expect: log-of-zero
"""
import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    t, p = np.asarray(targets, dtype=float), np.asarray(probs, dtype=float)
    return float(np.mean(-np.sum(t * np.log(p), axis=-1)))
