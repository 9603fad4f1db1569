"""diag(s) − s sᵀ with np.diag and np.outer: right for one vector, not for a batch.

problem: softmax_jacobian
expect: one-vector-only
"""
import numpy as np


def softmax_jacobian(logits):
    s = _softmax(logits)
    return np.diag(s) - np.outer(s, s)
