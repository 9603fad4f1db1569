"""2 (y' − ŷ) / N: the gradient with respect to the probabilities.

problem: mse_grad_logits
expect: missing-jacobian
"""
import numpy as np


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return 2.0 * (_softmax(z) - _one_hot(labels, z.shape[-1])) / z.shape[0]
