"""Sums each row's labels, then the mean over rows.

problem: binary_cross_entropy
expect: sum-vs-mean
"""
import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.clip(np.atleast_2d(np.asarray(probs, dtype=float)), eps, 1.0 - eps)
    return float(np.mean(np.sum(-(t * np.log(p) + (1.0 - t) * np.log(1.0 - p)), axis=-1)))
