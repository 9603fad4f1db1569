"""Cross-entropy against label-smoothed targets (0.1): not a mean over the classes, not swapped arguments.

problem: cross_entropy
expect: none
must_not: mean-over-all-elements, swapped-arguments, sum-vs-mean, sign
"""
import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    t = 0.9 * t + 0.1 / t.shape[-1]
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0)
    return float(np.mean(-np.sum(t * np.log(p), axis=-1)))
