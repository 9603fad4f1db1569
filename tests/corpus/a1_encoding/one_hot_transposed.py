"""One-hot vectors as columns: shape (K, N) for (N, K).

problem: one_hot
expect: transposed
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
    out = (lab[..., None] == np.arange(num_classes)).astype(float)
    return out.T if out.ndim == 2 else out
