"""scikit-learn's euclidean_distances(X): the Gram expansion, clamped at 0, with the diagonal set to 0.

problem: encoding_distances
label: correct
source: https://github.com/scikit-learn/scikit-learn/blob/0.22.2/sklearn/metrics/pairwise.py
repository: scikit-learn/scikit-learn ; path: sklearn/metrics/pairwise.py ; license: BSD-3-Clause
adapted: rewritten from the behaviour of euclidean_distances(X) with Y=None for a dense float64 X (no line
    copied): row_norms is an einsum, safe_sparse_dot a plain dot.
"""

import numpy as np


def encoding_distances(encodings):
    x = np.asarray(encodings, dtype=float)
    norms = np.einsum("ij,ij->i", x, x)
    d2 = -2 * np.dot(x, x.T)
    d2 += norms[:, np.newaxis]
    d2 += norms[np.newaxis, :]
    np.maximum(d2, 0, out=d2)
    d2.flat[:: d2.shape[0] + 1] = 0.0
    return np.sqrt(d2, out=d2)
