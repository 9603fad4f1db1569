"""scikit-learn's MLP binary_log_loss: clipped to machine epsilon, both log terms summed, divided by the rows.

problem: binary_cross_entropy
label: bug
bug: the sum is divided by the number of rows, not of entries, so with K outputs per row the loss is K times the
    contract's mean over every element; the clip also ignores eps (machine epsilon instead).
source: https://github.com/scikit-learn/scikit-learn/blob/01230994da45472f5c27582212986cddafd57549/sklearn/neural_network/_base.py
repository: scikit-learn/scikit-learn ; path: sklearn/neural_network/_base.py ; license: BSD-3-Clause
adapted: rewritten from the behaviour of binary_log_loss(y_true, y_prob) (no line copied): scipy's xlogy is
    t * log(p), equal here since p is in (0, 1) after the clip; eps is accepted and not used.
"""

import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    tiny = np.finfo(probs.dtype).eps
    p = np.clip(probs, tiny, 1 - tiny)
    total = (targets * np.log(p)).sum() + ((1 - targets) * np.log(1 - p)).sum()
    return -total / p.shape[0]
