"""np.mean((t − p)²): the mean over the classes too.

problem: mse_loss
expect: mean-over-all-elements
"""
import numpy as np


def mse_loss(targets, probs):
    t, p = np.asarray(targets, dtype=float), np.asarray(probs, dtype=float)
    return float(np.mean((t - p) ** 2))
