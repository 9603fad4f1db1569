"""Forgets the minus sign: Σ ŷ ln y'.

problem: cross_entropy
expect: sign
"""
import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0)
    return float(np.mean(np.sum(t * np.log(p), axis=-1)))
