"""scikit-learn's utils.extmath.softmax: a copy, the row max subtracted in place, exp in place, divided by row sums.

problem: softmax
label: bug
bug: it works on axis 1 of a 2-D array only: 1-D logits raise an AxisError and `axis` is ignored.
source: https://github.com/scikit-learn/scikit-learn/blob/0.24.2/sklearn/utils/extmath.py
repository: scikit-learn/scikit-learn ; path: sklearn/utils/extmath.py ; license: BSD-3-Clause
adapted: rewritten from the behaviour of softmax(X, copy=True) (no line copied); `axis` is accepted and not used.
"""

import numpy as np


def softmax(logits, axis=-1):
    X = np.copy(logits)
    row_max = np.max(X, axis=1).reshape((-1, 1))
    X -= row_max
    np.exp(X, X)
    row_sum = np.sum(X, axis=1).reshape((-1, 1))
    X /= row_sum
    return X
