"""A study of gradient flow's binary_cross_entropy: clip to [eps, 1 - eps], then the mean of both log terms.

problem: binary_cross_entropy
label: correct
source: https://github.com/MBELSABAH/activation-gradient-flow/blob/1895f168359a476e8416c12871107512c3295e97/src/losses.py
repository: MBELSABAH/activation-gradient-flow ; path: src/losses.py ; license: unknown
adapted: rewritten from the behaviour of binary_cross_entropy(y_true, y_pred, eps=1e-8) (no line copied); the
    signature is the exercise's, so eps defaults to the contract's 1e-12 (the source's default is 1e-8).
"""

import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    p = np.clip(probs, eps, 1 - eps)
    return -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))
