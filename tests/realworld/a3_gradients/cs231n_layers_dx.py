"""The CS231n layers.softmax_loss pattern: dx = probs, minus 1 at each label, divided by N.

problem: ce_grad_logits
label: correct
source: https://github.com/hurricanelx/LxNet/blob/efa40231f1f8dfe21f95bd7e27dabc8365c929c4/LxNet/Layers/Softmax.py
repository: hurricanelx/LxNet ; path: LxNet/Layers/Softmax.py ; license: unknown
adapted: rewritten from the behaviour of Softmax.loss(x, y) (no line copied); only dx is returned.
"""

import numpy as np


def ce_grad_logits(logits, labels):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    dx = np.exp(log_probs)
    n = logits.shape[0]
    dx[np.arange(n), labels] -= 1
    dx /= n
    return dx
