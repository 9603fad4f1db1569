"""numpy-ml's CrossEntropy.grad: y_pred - y, the scaling by the batch size left commented out.

problem: ce_grad_logits
label: bug
bug: the gradient is softmax - one-hot without the division by N, so it is N times the gradient of the mean
    loss that the contract asks for.
source: https://github.com/ddbourgin/numpy-ml/blob/3bf1893083d3133f0fcd5fd4ce7624eeb4be03b3/numpy_ml/neural_nets/losses/losses.py
repository: ddbourgin/numpy-ml ; path: numpy_ml/neural_nets/losses/losses.py ; license: GPL-3.0-only
adapted: rewritten from the behaviour of CrossEntropy.grad(y, y_pred) (no line copied): y_pred is the softmax
    of the logits (as numpy-ml's Softmax layer computes it) and y the one-hot labels; the checks are left out.
"""

import numpy as np


def ce_grad_logits(logits, labels):
    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    y_pred = e / e.sum(axis=-1, keepdims=True)
    y = np.eye(logits.shape[1])[labels]
    return y_pred - y
