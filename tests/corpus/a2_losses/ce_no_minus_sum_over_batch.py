"""Σ ŷ ln y' over the whole batch: no minus sign and no mean, two mistakes at once.

problem: cross_entropy
expect: sign+sum-vs-mean
must_not: sign, sum-vs-mean
"""
import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0)
    return float(np.sum(t * np.log(p)))
