"""The CS231n layers.softmax_loss pattern: log-probabilities from the shifted logits, mean of the picked ones.

problem: softmax_cross_entropy
label: correct
source: https://github.com/hurricanelx/LxNet/blob/efa40231f1f8dfe21f95bd7e27dabc8365c929c4/LxNet/Layers/Softmax.py
repository: hurricanelx/LxNet ; path: LxNet/Layers/Softmax.py ; license: unknown
adapted: rewritten from the behaviour of Softmax.loss(x, y) (no line copied); only the loss is returned.
"""

import numpy as np


def softmax_cross_entropy(logits, labels):
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_z = np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    log_probs = shifted - log_z
    n = logits.shape[0]
    return -np.sum(log_probs[np.arange(n), labels]) / n
