"""scikit-learn's MLP log_loss: probabilities clipped to machine epsilon, summed and divided by the rows.

problem: cross_entropy
label: bug
bug: the clip is to [2.2e-16, 1 - 2.2e-16] whatever eps is given, so a probability of 0 costs 36.0 instead of
    the contract's -ln(eps) (27.6 with the default).
source: https://github.com/scikit-learn/scikit-learn/blob/01230994da45472f5c27582212986cddafd57549/sklearn/neural_network/_base.py
repository: scikit-learn/scikit-learn ; path: sklearn/neural_network/_base.py ; license: BSD-3-Clause
adapted: rewritten from the behaviour of log_loss(y_true, y_prob) (no line copied): scipy's xlogy is t * log(p),
    equal here since p > 0 after the clip; eps is accepted and not used.
"""

import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    tiny = np.finfo(probs.dtype).eps
    p = np.clip(probs, tiny, 1 - tiny)
    t = targets
    if p.shape[1] == 1:
        p = np.append(1 - p, p, axis=1)
    if t.shape[1] == 1:
        t = np.append(1 - t, t, axis=1)
    return -(t * np.log(p)).sum() / p.shape[0]
