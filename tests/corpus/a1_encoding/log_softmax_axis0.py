"""log-softmax along axis 0 whatever axis is asked.

problem: log_softmax
expect: wrong-axis
"""
import numpy as np


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
