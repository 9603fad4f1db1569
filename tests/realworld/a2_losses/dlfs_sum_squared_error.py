"""Deep Learning from Scratch's sum_squared_error: half the sum of squared differences over everything.

problem: mse_loss
label: bug
bug: 0.5 * sum over the whole batch, where the contract asks for the mean over the batch of sum_i (y_i - y'_i)^2:
    off by a factor N / 2.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/07b11618cdb5d5f78ad45464de0730efc07b0a4a/common/functions.py
repository: oreilly-japan/deep-learning-from-scratch ; path: common/functions.py ; license: MIT
adapted: rewritten from the behaviour of sum_squared_error(y, t) (no line copied); y is probs, t is targets.
"""

import numpy as np


def mse_loss(targets, probs):
    return 0.5 * np.sum((probs - targets) ** 2)
