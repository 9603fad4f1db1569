"""Drops the factor 2 of the derivative of the square.

problem: mse_grad_logits
expect: missing-factor-2
"""
import numpy as np


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    s = _softmax(z)
    g = (s - _one_hot(labels, z.shape[-1])) / z.shape[0]
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))
