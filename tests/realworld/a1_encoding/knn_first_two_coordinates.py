"""A lecture's kNN distance matrix with two loops that reads only the first two coordinates.

problem: encoding_distances
label: bug
bug: only columns 0 and 1 enter the distance, so for d != 2 the result is not ||encodings[i] - encodings[j]||
    (one-hot rows of 3 classes give 0 instead of sqrt 2 between classes 1 and 2).
source: https://github.com/sphinxteam/mlcourse_2019/blob/11a8408cbfd94302da3f3132586ba3661e855c75/lec1/knn1.py
repository: sphinxteam/mlcourse_2019 ; path: lec1/knn1.py ; license: unknown
adapted: rewritten from the behaviour of compute_distances(X) (no line copied).
"""

import numpy as np


def encoding_distances(encodings):
    pts = np.asarray(encodings, dtype=float)
    n = len(pts)
    dist = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            dist[i, j] = np.sqrt((pts[i, 0] - pts[j, 0]) ** 2 + (pts[i, 1] - pts[j, 1]) ** 2)
    return dist
