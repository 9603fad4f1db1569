"""Rows of an identity matrix picked by the flattened labels, then squeezed.

problem: one_hot
label: bug
bug: no ValueError for bad labels (a negative one picks the last row, a float one raises IndexError), and
    the squeeze and flatten lose the labels' shape: one label gives (K,) and labels of shape (N, M) give (N*M, K).
source: https://github.com/ysh9108/sc2-hrl/blob/6f1f0ecc7cf54b8051617caddec428de846f02ef/common/utils.py
repository: ysh9108/sc2-hrl ; path: common/utils.py ; license: unknown
adapted: rewritten from the behaviour of one_hot(a, num_classes) (no line copied).
"""

import numpy as np


def one_hot(labels, num_classes):
    return np.squeeze(np.eye(num_classes)[labels.reshape(-1)])
