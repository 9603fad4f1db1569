"""−ln softmax(z)[label] with a stable softmax: inf for huge logits, as a log-sum-exp without the max gives on
every check that fails; named by what the two share (no stable log-sum-exp), never one way of writing it.

problem: softmax_cross_entropy
expect: no-stable-log-sum-exp
"""
import numpy as np


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    p = e / np.sum(e, axis=-1, keepdims=True)
    lab = np.asarray(labels).astype(np.int64)
    return float(np.mean(-np.log(p[np.arange(len(z)), lab])))
