"""Sums over the whole array (np.sum without axis).

problem: softmax
expect: wrong-axis
"""
import numpy as np


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - np.max(z))
    return e / np.sum(e)
