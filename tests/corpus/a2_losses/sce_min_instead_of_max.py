"""log-sum-exp shifted by the min instead of the max: exp still overflows on huge logits. Not the log of softmax
nor a log-sum-exp without any shift: named by what they all share, inf on huge logits.

problem: softmax_cross_entropy
expect: no-stable-log-sum-exp
must_not: unstable-log-sum-exp, log-sum-exp-without-max
"""
import numpy as np


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    m = z.min(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))
    return float(np.mean(lse - z[np.arange(len(z)), np.asarray(labels).astype(int)]))
