"""Classes counted from 1 as in the lecture (class 1, 2, 3): np.eye(K)[labels - 1].

problem: one_hot
expect: labels-from-one
"""
import numpy as np


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind not in "iub":
        if lab.dtype.kind != "f" or np.any(lab != np.round(lab)):
            raise ValueError("labels must be whole numbers")
    lab = lab.astype(np.int64)
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError("label out of range")
    return np.eye(num_classes)[lab - 1]
