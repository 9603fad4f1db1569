"""z − log Σ exp(z): log-sum-exp without the max taken out, −inf for rows whose exp overflows.

problem: log_softmax
expect: log-sum-exp-without-max
must_not: unstable-log-sum-exp
"""
import numpy as np


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    with np.errstate(over="ignore", divide="ignore"):
        return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
