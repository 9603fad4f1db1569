"""(softmax − one-hot) / (N − 1), as the sample variance divides: not a missing division by N.

problem: ce_grad_logits
expect: divided-by-n-minus-1
must_not: not-divided-by-n, sum-vs-mean
"""
import numpy as np


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (_softmax(z) - _one_hot(labels, z.shape[-1])) / (z.shape[0] - 1)
