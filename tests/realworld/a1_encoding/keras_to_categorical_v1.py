"""Keras 1's to_categorical: cast to int, flatten, one row per label, no check of the labels.

problem: one_hot
label: bug
bug: labels are cast to int and never checked: 2.5 becomes class 2 and -1 the last class where the contract
    raises ValueError, a label >= num_classes raises IndexError, and labels of shape (N, M) give (N*M, K).
source: https://github.com/keras-team/keras/blob/023331ec2a7b0086abfc81eca16c84a1692ee653/keras/utils/np_utils.py
repository: keras-team/keras ; path: keras/utils/np_utils.py ; license: MIT
adapted: rewritten from the behaviour of to_categorical(y, nb_classes) (no line copied); nb_classes is
    num_classes.
"""

import numpy as np


def one_hot(labels, num_classes):
    flat = np.array(labels, dtype="int").ravel()
    if not num_classes:
        num_classes = np.max(flat) + 1
    count = flat.shape[0]
    table = np.zeros((count, num_classes))
    table[np.arange(count), flat] = 1
    return table
