"""A course project's softmax_loss gradient: a -1 at each label plus the softmax, divided by N.

problem: ce_grad_logits
label: correct
source: https://github.com/xs2445/CNN-PyCUDA-EECS4750-Project/blob/72eb8fbeda8fe97427096f935155f5cb3ac2b42d/utils/Lossfunctions.py
repository: xs2445/CNN-PyCUDA-EECS4750-Project ; path: utils/Lossfunctions.py ; license: unknown
adapted: rewritten from the behaviour of the gradient part of softmax_loss(x, y) (no line copied).
"""

import numpy as np


def ce_grad_logits(logits, labels):
    n = logits.shape[0]
    x = logits - np.max(logits, axis=1, keepdims=True)
    x_exp = np.exp(x)
    neg = np.zeros_like(x)
    neg[range(n), labels] = -1
    pos = (x_exp.T / np.sum(x_exp, axis=1)).T
    return (neg + pos) / n
