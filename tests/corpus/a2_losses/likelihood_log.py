"""Returns the log-likelihood Σ ln y'.

problem: likelihood
expect: log-likelihood
"""
import numpy as np


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    lab = np.asarray(labels).astype(np.int64)
    return float(np.sum(np.log(p[np.arange(p.shape[0]), lab])))
