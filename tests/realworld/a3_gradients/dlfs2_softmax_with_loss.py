"""Deep Learning from Scratch 2's SoftmaxWithLoss.backward: its softmax, minus 1 at each label, divided by N.

problem: ce_grad_logits
label: correct
source: https://github.com/oreilly-japan/deep-learning-from-scratch-2/blob/5473be8cd112c446c62c77535766280d445c17a7/common/layers.py
repository: oreilly-japan/deep-learning-from-scratch-2 ; path: common/layers.py ; license: MIT
adapted: rewritten from the behaviour of SoftmaxWithLoss.forward (its softmax) and backward(dout=1) for integer
    labels (no line copied).
"""

import numpy as np


def ce_grad_logits(logits, labels):
    y = logits - logits.max(axis=1, keepdims=True)
    y = np.exp(y)
    y /= y.sum(axis=1, keepdims=True)
    batch_size = labels.shape[0]
    dx = y.copy()
    dx[np.arange(batch_size), labels] -= 1
    return dx / batch_size
