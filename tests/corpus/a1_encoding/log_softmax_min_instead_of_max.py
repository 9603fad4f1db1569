"""The min taken out instead of the max: right for ordinary logits, −inf where exp overflows. Not the answers
of a log-sum-exp without any shift: nothing known to name.

problem: log_softmax
expect: none
must_not: log-sum-exp-without-max, unstable-log-sum-exp, max-not-added-back
"""
import numpy as np


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    m = z.min(axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        return z - m - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
