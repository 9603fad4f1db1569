"""Returns the root of the loss: no known misconception.

problem: mse_loss
expect: none
must_not: sum-vs-mean, mean-over-all-elements
"""
import numpy as np


def mse_loss(targets, probs):
    t, p = np.asarray(targets, dtype=float), np.asarray(probs, dtype=float)
    return float(np.sqrt(np.mean(np.sum((t - p) ** 2, axis=-1))))
