"""CS231n-style kNN distances without loops: the Gram expansion, square root taken without clamping at 0.

problem: encoding_distances
label: bug
bug: |a|^2 + |b|^2 - 2 a.b rounds to a tiny negative number on the diagonal for many inputs, and its square
    root is nan (with a RuntimeWarning) where the contract's D[i, i] is 0.
source: https://github.com/IskornevME/computer_science/blob/master/knn.py
repository: IskornevME/computer_science ; path: knn.py ; license: unknown
adapted: rewritten from the behaviour of KNearestNeighbor.compute_distances_no_loops, a version not at the
    commit cited by knn_two_loops (no line copied); the test points and the training points are both the encodings.
"""

import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    squared = np.sum(e**2, axis=1)
    return np.sqrt(squared[:, np.newaxis] - 2 * e.dot(e.T) + squared)
