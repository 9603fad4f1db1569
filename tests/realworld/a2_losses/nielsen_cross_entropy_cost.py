"""Nielsen's network2 CrossEntropyCost.fn: the binary cross-entropy summed over the outputs, nothing clipped.

problem: binary_cross_entropy
label: bug
bug: it returns the sum over every element instead of the mean, and without clipping p = 0 or 1 gives inf or
    nan (0 * -inf) with RuntimeWarnings.
source: https://github.com/mnielsen/neural-networks-and-deep-learning/blob/04d441d8c0d960fb9f89f487d3652822129bb235/code/network2.py
repository: mnielsen/neural-networks-and-deep-learning ; path: code/network2.py ; license: MIT
adapted: rewritten from the behaviour of CrossEntropyCost.fn(a, y) (no line copied); a is probs, y is targets;
    eps is accepted and not used.
"""

import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    a, y = probs, targets
    return np.sum(-y * np.log(a) - (1 - y) * np.log(1 - a))
