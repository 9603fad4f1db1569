"""City-block (L1) distances instead of Euclidean ones: no known misconception.

problem: encoding_distances
expect: none
must_not: squared-distance
"""
import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    return np.sum(np.abs(e[:, None, :] - e[None, :, :]), axis=-1)
