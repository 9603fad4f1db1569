"""A softmax with temperature 2: exp((z − max) / 2) normalised. Not the wrong axis, not a missing max.

problem: softmax
expect: none
must_not: wrong-axis, no-max-subtraction, not-normalised
"""
import numpy as np


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    e = np.exp((z - z.max(axis=axis, keepdims=True)) / 2.0)
    return e / e.sum(axis=axis, keepdims=True)
