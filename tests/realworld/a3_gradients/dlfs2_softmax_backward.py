"""Deep Learning from Scratch 2's Softmax.backward (dx = y dout - y sum(y dout)) fed the MSE gradient.

problem: mse_grad_logits
label: correct
source: https://github.com/oreilly-japan/deep-learning-from-scratch-2/blob/5473be8cd112c446c62c77535766280d445c17a7/common/layers.py
repository: oreilly-japan/deep-learning-from-scratch-2 ; path: common/layers.py ; license: MIT
adapted: rewritten from the behaviour of Softmax.forward and Softmax.backward(dout) (no line copied); the book has
    no mean-squared-error layer, so dout = 2 (y' - one-hot) / N is written from the contract.
"""

import numpy as np


def mse_grad_logits(logits, labels):
    out = logits - logits.max(axis=1, keepdims=True)
    out = np.exp(out)
    out /= out.sum(axis=1, keepdims=True)
    n, k = out.shape
    dout = 2.0 * (out - np.eye(k)[labels]) / n
    dx = out * dout
    sumdx = np.sum(dx, axis=1, keepdims=True)
    dx -= out * sumdx
    return dx
