"""(y' − ŷ) / N: no Jacobian and no factor 2, a helper for the "error" written as students often do.

problem: mse_grad_logits
expect: missing-factor-2+missing-jacobian
"""
import numpy as np


def _error(p, y):
    return p - y


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = _one_hot(labels, z.shape[-1])
    return _error(_softmax(z), y) / len(z)
