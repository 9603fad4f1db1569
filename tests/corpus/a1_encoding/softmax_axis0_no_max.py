"""exp(z) / Σ exp(z) over the batch axis: the wrong axis and no max subtracted, two mistakes at once.

problem: softmax
expect: no-max-subtraction+wrong-axis
"""
import numpy as np


def softmax(logits, axis=-1):
    e = np.exp(np.asarray(logits, dtype=float))
    return e / e.sum(axis=0)
