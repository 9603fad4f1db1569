"""ML-From-Scratch's SquareLoss.gradient times its Softmax.gradient, as its output Activation layer chains them.

problem: mse_grad_logits
label: bug
bug: the softmax is treated as elementwise: (y' - y) y'(1 - y') keeps only the diagonal of the Jacobian (no
    -y'_i y'_j terms) and drops the factor 2/N of the contract's mean squared error.
source: https://github.com/eriklindernoren/ML-From-Scratch/blob/203c9550e85381694a04c2f7832a0ec4b09199b8/mlfromscratch/deep_learning/loss_functions.py
repository: eriklindernoren/ML-From-Scratch ; path: mlfromscratch/deep_learning/loss_functions.py ; license: MIT
adapted: rewritten from the behaviour of SquareLoss.gradient(y, y_pred) and of Softmax.gradient(x) in
    mlfromscratch/deep_learning/activation_functions.py (at 2067d12c384524adb993217e0e3c661d289dc6f2), chained as
    the Activation layer's backward_pass does (no line copied).
"""

import numpy as np


def mse_grad_logits(logits, labels):
    e_x = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    p = e_x / np.sum(e_x, axis=-1, keepdims=True)
    y = np.eye(logits.shape[1])[labels]
    loss_grad = -(y - p)
    return loss_grad * (p * (1 - p))
