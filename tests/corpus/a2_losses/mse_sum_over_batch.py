"""Sums the per-example losses where the mean is asked.

problem: mse_loss
expect: sum-vs-mean
"""
import numpy as np


def mse_loss(targets, probs):
    t, p = np.asarray(targets, dtype=float), np.asarray(probs, dtype=float)
    return float(np.sum((t - p) ** 2))
