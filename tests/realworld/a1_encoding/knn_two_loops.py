"""CS231n-style kNN distances with two loops and Python's built-in sum.

problem: encoding_distances
label: correct
source: https://github.com/IskornevME/computer_science/blob/491b12896b4d1450f803cd9b0a54c989a4d91b71/knn.py
repository: IskornevME/computer_science ; path: knn.py ; license: unknown
adapted: rewritten from the behaviour of KNearestNeighbor.compute_distances_two_loops (no line copied);
    the test points and the training points are both the encodings.
"""

import numpy as np


def encoding_distances(encodings):
    rows = np.asarray(encodings, dtype=float)
    k = rows.shape[0]
    out = np.zeros((k, k))
    for a in range(k):
        for b in range(k):
            out[a][b] = np.sqrt(sum((rows[a] - rows[b]) ** 2))
    return out
