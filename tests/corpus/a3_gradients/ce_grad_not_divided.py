"""softmax − one-hot, not divided by N.

problem: ce_grad_logits
expect: not-divided-by-n
"""
import numpy as np


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return _softmax(z) - _one_hot(labels, z.shape[-1])
