"""Every input made a batch first: one vector (K,) gives (1, K, K).

problem: softmax_jacobian
expect: batch-only
"""
import numpy as np


def softmax_jacobian(logits):
    s = _softmax(np.atleast_2d(np.asarray(logits, dtype=float)))
    K = s.shape[1]
    return np.einsum("ni,ij->nij", s, np.eye(K)) - np.einsum("ni,nj->nij", s, s)
