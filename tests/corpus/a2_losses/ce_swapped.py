"""Labels and predictions swapped: −Σ y' ln ŷ (with ŷ clipped).

problem: cross_entropy
expect: swapped-arguments
"""
import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    t = np.clip(np.asarray(targets, dtype=float), eps, 1.0)
    p = np.asarray(probs, dtype=float)
    return float(np.mean(-np.sum(p * np.log(t), axis=-1)))
