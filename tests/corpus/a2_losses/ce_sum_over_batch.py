"""Sums over the batch where the mean is asked.

problem: cross_entropy
expect: sum-vs-mean
"""
import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0)
    return float(np.sum(-np.sum(t * np.log(p), axis=-1)))
