"""Returns exp(z − max) without dividing by the sum: a term of the formula left out.

problem: softmax
expect: not-normalised
must_not: wrong-axis, no-max-subtraction
"""
import numpy as np


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    return np.exp(z - np.max(z, axis=axis, keepdims=True))
