"""e^z / (1 + e^z) for every z: nan for large positive z.

problem: sigmoid
expect: sigmoid-overflow
"""
import numpy as np


def sigmoid(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / (1.0 + e)
