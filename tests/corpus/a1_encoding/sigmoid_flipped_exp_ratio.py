"""e^(−z) / (1 + e^(−z)): the sign flipped, and nan where e^(−z) overflows.

problem: sigmoid
expect: sigmoid-overflow+sign
"""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(-z)
        return e / (1 + e)
