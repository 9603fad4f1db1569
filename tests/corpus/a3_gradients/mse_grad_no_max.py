"""The chain rule right, through a softmax without the max subtracted: nan for logits around 1e4.

problem: mse_grad_logits
expect: no-max-subtraction
"""
import numpy as np


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z)
    s = e / e.sum(axis=-1, keepdims=True)
    g = 2.0 * (s - _one_hot(labels, z.shape[-1])) / z.shape[0]
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))
