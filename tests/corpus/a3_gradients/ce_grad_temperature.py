"""The gradient of a softmax with temperature 2, softmax(z / 2): looks like a scaled slip, is not one.

problem: ce_grad_logits
expect: none
must_not: not-divided-by-n, sign, missing-one-hot, divided-by-n-minus-1, mean-over-all-elements
"""
import numpy as np


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float) / 2.0
    return (_softmax(z) - _one_hot(labels, z.shape[-1])) / (2.0 * z.shape[0])
