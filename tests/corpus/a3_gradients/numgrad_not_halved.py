"""(f(x + eps) − f(x − eps)) / eps: the central difference not halved.

problem: numerical_gradient
expect: central-difference-not-halved
"""
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    x = np.array(x, dtype=float, copy=True)
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        up = f(x)
        flat[k] = old - eps
        down = f(x)
        flat[k] = old
        gflat[k] = (up - down) / eps
    return grad
