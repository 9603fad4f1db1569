"""Returns ones everywhere: wrong, but no known misconception gives it.

problem: softmax
expect: none
must_not: wrong-axis, no-max-subtraction
"""
import numpy as np


def softmax(logits, axis=-1):
    return np.ones_like(np.asarray(logits, dtype=float))
