"""Binary cross-entropy without clipping.

problem: binary_cross_entropy
expect: log-of-zero
"""
import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    t, p = np.asarray(targets, dtype=float), np.asarray(probs, dtype=float)
    return float(np.mean(-(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))))
