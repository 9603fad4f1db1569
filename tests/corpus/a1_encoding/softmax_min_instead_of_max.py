"""The min subtracted instead of the max: right for ordinary logits, overflows for huge ones. Not the same
answers as a missing max: nothing known to name.

problem: softmax
expect: none
must_not: no-max-subtraction, wrong-axis
"""
import numpy as np


def softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z - z.min(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)
