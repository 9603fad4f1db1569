"""(one-hot − softmax) / N: the sign flipped.

problem: ce_grad_logits
expect: sign
"""
import numpy as np


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return (_one_hot(labels, z.shape[-1]) - _softmax(z)) / z.shape[0]
