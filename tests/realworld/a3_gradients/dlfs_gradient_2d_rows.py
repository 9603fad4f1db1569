"""Deep Learning from Scratch, chapter 4's numerical_gradient for 2-D input: one row at a time.

problem: numerical_gradient
label: bug
bug: for a 2-D x it calls f on each row alone, so it returns the gradients of f(row), not of f(x) with respect
    to each coordinate; the step is also fixed at 1e-4 (eps unused) and x is perturbed in place.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/a1cb34ec3911c15a8ae695458f928db81ebea025/ch04/gradient_2d.py
repository: oreilly-japan/deep-learning-from-scratch ; path: ch04/gradient_2d.py ; license: MIT
adapted: rewritten from the behaviour of numerical_gradient(f, X) and _numerical_gradient_no_batch(f, x) (no line
    copied); eps is accepted and not used.
"""

import numpy as np


def _gradient_of_vector(f, v):
    h = 1e-4
    g = np.zeros_like(v)
    for i in range(v.size):
        keep = v[i]
        v[i] = float(keep) + h
        up = f(v)
        v[i] = keep - h
        down = f(v)
        g[i] = (up - down) / (2 * h)
        v[i] = keep
    return g


def numerical_gradient(f, x, eps=1e-6):
    if x.ndim == 1:
        return _gradient_of_vector(f, x)
    grad = np.zeros_like(x)
    for i, row in enumerate(x):
        grad[i] = _gradient_of_vector(f, row)
    return grad
