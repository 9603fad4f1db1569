"""z − log Σ exp(z − max): the max taken out inside the log and never taken off z.

problem: log_softmax
expect: max-not-added-back
"""
import numpy as np


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    m = z.max(axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
