"""np.mean(np.sum(..., axis=0)): summed over the batch and averaged over the classes, the axes swapped.

problem: mse_loss
expect: mean-over-all-elements+sum-vs-mean
"""
import numpy as np


def mse_loss(targets, probs):
    t = np.asarray(targets, dtype=float)
    p = np.asarray(probs, dtype=float)
    return float(np.mean(np.sum((t - p) ** 2, axis=0)))
