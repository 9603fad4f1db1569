"""numpy-ml's CrossEntropy.loss: checks the targets are 0/1 and the rows sum to 1, then a plain sum.

problem: cross_entropy
label: bug
bug: it returns the sum over the batch, not the mean (the source says so), adds machine epsilon instead of
    clipping to [eps, 1], and fails an assertion on soft targets that the contract accepts.
source: https://github.com/ddbourgin/numpy-ml/blob/3bf1893083d3133f0fcd5fd4ce7624eeb4be03b3/numpy_ml/neural_nets/losses/losses.py
repository: ddbourgin/numpy-ml ; path: numpy_ml/neural_nets/losses/losses.py ; license: GPL-3.0-only
adapted: rewritten from the behaviour of CrossEntropy.loss(y, y_pred) with utils.testing's is_binary and
    is_stochastic (no line copied); eps is accepted and not used.
"""

import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    assert np.array_equal(targets, targets.astype(bool)), "Matrix must be binary"
    assert len(probs[probs < 0]) == len(probs[probs > 1]) == 0, "Array should be stochastic along the columns"
    assert np.allclose(np.sum(probs, axis=1), np.ones(probs.shape[0])), "Array should be stochastic along the columns"
    tiny = np.finfo(float).eps
    return -np.sum(targets * np.log(probs + tiny))
