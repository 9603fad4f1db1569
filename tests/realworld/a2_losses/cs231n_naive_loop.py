"""A CS231n softmax_loss_naive solution: per example, the shifted score of the label against its log-sum-exp.

problem: softmax_cross_entropy
label: correct
source: https://github.com/kaiweihuang/CS231n/blob/a713aad4eff1264b85c48337a1049cda3b2eab5b/assignment1/cs231n/classifiers/softmax.py
repository: kaiweihuang/CS231n ; path: assignment1/cs231n/classifiers/softmax.py ; license: unknown
adapted: rewritten from the behaviour of the loss part of softmax_loss_naive(W, X, y, reg) (no line copied): the
    scores X[i].dot(W) are the given logits and reg is 0.
"""

import numpy as np


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    total = 0.0
    for i in range(n):
        shifted = logits[i] - np.max(logits[i])
        total += -shifted[labels[i]] + np.log(np.sum(np.exp(shifted)))
    return total / n
