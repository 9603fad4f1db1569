"""Deep Learning from Scratch's common.gradient.numerical_gradient: centred differences with h fixed at 1e-4.

problem: numerical_gradient
label: bug
bug: the step is always h = 1e-4 whatever eps is given (the contract differentiates with eps), and x is
    perturbed in place instead of a copy.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/693339bf0af929f61f5f2cc8952b6f64a386ccbb/common/gradient.py
repository: oreilly-japan/deep-learning-from-scratch ; path: common/gradient.py ; license: MIT
adapted: rewritten from the behaviour of numerical_gradient(f, x) (no line copied); eps is accepted and not used.
"""

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        idx = it.multi_index
        tmp = x[idx]
        x[idx] = float(tmp) + h
        fxh1 = f(x)
        x[idx] = tmp - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp
        it.iternext()
    return grad
