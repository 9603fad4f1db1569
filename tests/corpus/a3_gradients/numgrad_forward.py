"""The forward difference (f(x + eps) − f(x)) / eps.

problem: numerical_gradient
expect: forward-difference
"""
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    x = np.array(x, dtype=float, copy=True)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    f0 = f(x)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        gflat[k] = (f(x) - f0) / eps
        flat[k] = old
    return grad
