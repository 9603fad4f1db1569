"""Dive into Deep Learning from scratch: its softmax (no max subtracted), then the mean of -log of the picked.

problem: softmax_cross_entropy
label: bug
bug: exp of raw logits overflows for logits of 1e4 (inf / inf = nan, RuntimeWarning), and even without
    overflow the log of a probability that rounds to 0 is -inf; the contract's log-sum-exp form stays exact.
source: https://github.com/d2l-ai/d2l-en/blob/09d0288f5bd63cce2c879032192c621610621e09/chapter_linear-classification/softmax-regression-scratch.md
repository: d2l-ai/d2l-en ; path: chapter_linear-classification/softmax-regression-scratch.md ; license: MIT-0
adapted: rewritten from the behaviour of cross_entropy(softmax(X), y) as the book's model and loss use them
    (no line copied).
"""

import numpy as np


def _d2l_softmax(X):
    e = np.exp(X)
    return e / e.sum(1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    y_hat = _d2l_softmax(logits)
    return -np.mean(np.log(y_hat[list(range(len(y_hat))), labels]))
