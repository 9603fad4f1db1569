"""−log_softmax: the negative log-probabilities, as a loss would use them.

problem: log_softmax
expect: sign
"""
import numpy as np


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True)) - shifted
