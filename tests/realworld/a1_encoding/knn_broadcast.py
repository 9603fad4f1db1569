"""The same lecture's vectorised version: broadcast every difference, square, sum over the last axis.

problem: encoding_distances
label: correct
source: https://github.com/sphinxteam/mlcourse_2019/blob/11a8408cbfd94302da3f3132586ba3661e855c75/lec1/knn1.py
repository: sphinxteam/mlcourse_2019 ; path: lec1/knn1.py ; license: unknown
adapted: rewritten from the behaviour of the "vectorized version using numpy" line (no line copied),
    wrapped in the contract's function.
"""

import numpy as np


def encoding_distances(encodings):
    pts = np.asarray(encodings, dtype=float)
    return np.sqrt(np.sum((pts[:, np.newaxis] - pts) ** 2, 2))
