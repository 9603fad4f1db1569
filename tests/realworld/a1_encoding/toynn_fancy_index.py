"""One-hot rows by fancy indexing into a zero matrix, for a vector of labels.

problem: one_hot
label: bug
bug: nothing is checked: a negative label silently marks the last class, a label >= num_classes and a
    whole-number float label raise IndexError instead of the contract's ValueError, and only 1-D labels work.
source: https://github.com/wondervictor/Toynn/blob/646aac4e00c75d020550140377048d9e95eb9824/utils.py
repository: wondervictor/Toynn ; path: utils.py ; license: unknown
adapted: rewritten from the behaviour of one_hot(labels, num) (no line copied).
"""

import numpy as np


def one_hot(labels, num_classes):
    rows = labels.shape[0]
    encoded = np.zeros((rows, num_classes))
    encoded[range(rows), labels] = 1
    return encoded
