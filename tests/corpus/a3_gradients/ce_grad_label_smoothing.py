"""Label smoothing (0.1): the targets are (1 − 0.1) one-hot + 0.1 / K. Not a missing one-hot vector.

problem: ce_grad_logits
expect: none
must_not: missing-one-hot, not-divided-by-n, sign
"""
import numpy as np


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    K = z.shape[-1]
    smooth = 0.9 * _one_hot(labels, K) + 0.1 / K
    return (_softmax(z) - smooth) / z.shape[0]
