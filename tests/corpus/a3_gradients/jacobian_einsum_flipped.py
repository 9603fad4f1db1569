"""s sᵀ − diag(s) with einsum, one vector handled as a batch of one: the sign flipped.

problem: softmax_jacobian
expect: sign
"""
import numpy as np


def softmax_jacobian(logits):
    z = np.asarray(logits, dtype=float)
    batch = np.atleast_2d(z)
    s = _softmax(batch)
    J = np.einsum("ni,nj->nij", s, s) - np.einsum("ni,ij->nij", s, np.eye(s.shape[1]))
    return J[0] if z.ndim == 1 else J
