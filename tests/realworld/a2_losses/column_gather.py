"""A course project's softmax_loss that picks the labels' logits with x[:, y] instead of x[range(N), y].

problem: softmax_cross_entropy
label: bug
bug: x[:, y] takes every row's logits at every label, an N x N block, so the loss subtracts the sum of N^2
    shifted logits instead of N: wrong for any batch of more than one example.
source: https://github.com/xs2445/CNN-PyCUDA-EECS4750-Project/blob/72eb8fbeda8fe97427096f935155f5cb3ac2b42d/utils/Lossfunctions.py
repository: xs2445/CNN-PyCUDA-EECS4750-Project ; path: utils/Lossfunctions.py ; license: unknown
adapted: rewritten from the behaviour of the loss part of softmax_loss(x, y) (no line copied).
"""

import numpy as np


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    x = logits - np.max(logits, axis=1, keepdims=True)
    loss = -np.sum(x[:, labels])
    loss += np.sum(np.log(np.sum(np.exp(x), axis=1)))
    return loss / n
