"""The Jacobian of a softmax written without the max subtracted: nan for logits around 1e4.

problem: softmax_jacobian
expect: no-max-subtraction
"""
import numpy as np


def softmax_jacobian(logits):
    e = np.exp(np.asarray(logits, dtype=float))
    s = e / e.sum(axis=-1, keepdims=True)
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]
