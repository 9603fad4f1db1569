"""np.eye(K)[labels − 1].T: the classes counted from 1, and one-hot columns instead of rows.

problem: one_hot
expect: labels-from-one+transposed
"""
import numpy as np


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind == "f" and np.any(lab != np.round(lab)):
        raise ValueError("labels must be whole numbers")
    lab = lab.astype(int)
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError("label out of range")
    out = np.eye(num_classes)[lab - 1]
    return out.T if out.ndim == 2 else out
