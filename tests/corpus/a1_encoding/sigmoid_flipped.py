"""A stable sigmoid with the sign flipped: returns 1 − σ(z) = σ(−z).

problem: sigmoid
expect: sign
must_not: sigmoid-overflow
"""
import numpy as np


def sigmoid(z):
    z = -np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
