"""1 / (1 + exp(−z)) for every z: correct values, but exp overflows (a warning) for z ≪ 0.

problem: sigmoid
expect: sigmoid-overflow
"""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
