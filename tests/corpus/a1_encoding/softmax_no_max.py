"""exp(z) / Σ exp(z) without subtracting the max.

problem: softmax
expect: no-max-subtraction
"""
import numpy as np


def softmax(logits, axis=-1):
    e = np.exp(np.asarray(logits, dtype=float))
    return e / np.sum(e, axis=axis, keepdims=True)
