"""Returns z itself: no known misconception.

problem: sigmoid
expect: none
must_not: sigmoid-overflow
also: mlp_logits:missing-activation
"""
import numpy as np


def sigmoid(z):
    return np.asarray(z, dtype=float)
