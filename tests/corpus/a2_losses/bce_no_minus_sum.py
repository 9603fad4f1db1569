"""Both terms, summed over every element, without the minus sign.

problem: binary_cross_entropy
expect: sign+sum-vs-mean
"""
import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)
    return float(np.sum(t * np.log(p) + (1 - t) * np.log(1 - p)))
