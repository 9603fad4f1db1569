"""s sᵀ − diag(s): the Jacobian with its sign flipped.

problem: softmax_jacobian
expect: sign
"""
import numpy as np


def softmax_jacobian(logits):
    s = _softmax(logits)
    return s[..., :, None] * s[..., None, :] - s[..., :, None] * np.eye(s.shape[-1])
