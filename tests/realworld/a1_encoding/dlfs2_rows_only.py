"""Deep Learning from Scratch 2's softmax: stable per row for 2-D input, per vector for 1-D, nothing else.

problem: softmax
label: bug
bug: `axis` is ignored (a 2-D input is always normalised along axis 1) and an input of 3 or more dimensions
    comes back unchanged.
source: https://github.com/oreilly-japan/deep-learning-from-scratch-2/blob/5473be8cd112c446c62c77535766280d445c17a7/common/functions.py
repository: oreilly-japan/deep-learning-from-scratch-2 ; path: common/functions.py ; license: MIT
adapted: rewritten from the behaviour of softmax(x) (no line copied); `axis` is accepted and not used.
"""

import numpy as np


def softmax(logits, axis=-1):
    x = logits
    if x.ndim == 2:
        x = x - x.max(axis=1, keepdims=True)
        x = np.exp(x)
        x /= x.sum(axis=1, keepdims=True)
    elif x.ndim == 1:
        x = x - np.max(x)
        x = np.exp(x) / np.sum(np.exp(x))
    return x
