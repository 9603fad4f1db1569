"""Returns exp(z − max) without dividing by the sum: no known misconception.

problem: softmax
expect: none
must_not: wrong-axis, no-max-subtraction
"""
import numpy as np


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    return np.exp(z - np.max(z, axis=axis, keepdims=True))
