"""Deep Learning from Scratch's cross_entropy_error: one-hot targets turned into indices, 1e-7 added inside log.

problem: cross_entropy
label: bug
bug: targets are reduced to their argmax (soft targets lose all but one class) and 1e-7 is added to the
    probabilities instead of clipping them to [eps, 1]: a probability of 0 costs 16.1 instead of -ln(eps) = 27.6.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/07b11618cdb5d5f78ad45464de0730efc07b0a4a/common/functions.py
repository: oreilly-japan/deep-learning-from-scratch ; path: common/functions.py ; license: MIT
adapted: rewritten from the behaviour of cross_entropy_error(y, t) (no line copied); y is probs, t is targets,
    and eps is accepted and not used.
"""

import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    y, t = probs, targets
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n
