"""Deep Learning from Scratch's softmax_loss: its stable softmax, then cross_entropy_error with 1e-7 in the log.

problem: softmax_cross_entropy
label: bug
bug: the loss is -ln(p + 1e-7) of the probability, so for logits of +-1e4 it stops at 16.1 instead of the exact
    2e4 that the contract's log-sum-exp form gives.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/07b11618cdb5d5f78ad45464de0730efc07b0a4a/common/functions.py
repository: oreilly-japan/deep-learning-from-scratch ; path: common/functions.py ; license: MIT
adapted: rewritten from the behaviour of softmax_loss(X, t), softmax(x) and cross_entropy_error(y, t) for
    integer labels (no line copied).
"""

import numpy as np


def _dlfs_softmax(x):
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    y = _dlfs_softmax(logits)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), labels] + 1e-7)) / n
