"""The squared errors summed and divided by N − 1: not a sum over the batch.

problem: mse_loss
expect: divided-by-n-minus-1
must_not: sum-vs-mean
"""
import numpy as np


def mse_loss(targets, probs):
    t = np.asarray(targets, dtype=float)
    p = np.asarray(probs, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum((t - p) ** 2) / (len(t) - 1))
