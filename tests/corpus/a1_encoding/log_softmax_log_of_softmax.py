"""log(softmax(z)) with a stable softmax: −inf where softmax underflows.

problem: log_softmax
expect: unstable-log-sum-exp
"""
import numpy as np


def log_softmax(logits, axis=-1):
    return np.log(softmax(logits, axis=axis))
