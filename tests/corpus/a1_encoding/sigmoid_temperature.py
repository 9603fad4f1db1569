"""σ(z / 2): a sigmoid with temperature 2. Not the flipped sign.

problem: sigmoid
expect: none
must_not: sign, sigmoid-overflow
"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float) / 2.0
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
