"""The same CS231n solution, vectorised: stable softmax probabilities first, then the log of the picked ones.

problem: softmax_cross_entropy
label: bug
bug: the log is taken of the probabilities, and for logits of +-1e4 the label's probability rounds to 0: the
    loss is inf (RuntimeWarning) where the contract's log-sum-exp form is exact and finite.
source: https://github.com/kaiweihuang/CS231n/blob/a713aad4eff1264b85c48337a1049cda3b2eab5b/assignment1/cs231n/classifiers/softmax.py
repository: kaiweihuang/CS231n ; path: assignment1/cs231n/classifiers/softmax.py ; license: unknown
adapted: rewritten from the behaviour of the loss part of softmax_loss_vectorized(W, X, y, reg) (no line copied):
    the scores X.dot(W) are the given logits and reg is 0.
"""

import numpy as np


def softmax_cross_entropy(logits, labels):
    n = logits.shape[0]
    shifted = logits - np.max(logits, axis=1)[:, np.newaxis]
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1)[:, np.newaxis]
    return np.sum(-np.log(probs[range(n), list(labels)])) / n
