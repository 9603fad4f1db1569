"""log-sum-exp with the max and the sum taken without axis: one normaliser for the whole batch, stable but over
every example's logits at once.

problem: softmax_cross_entropy
expect: wrong-axis
must_not: max-not-added-back, log-sum-exp-without-max
"""
import numpy as np


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    m = z.max()
    lse = m + np.log(np.sum(np.exp(z - m)))
    return float(np.mean(lse - z[np.arange(len(z)), np.asarray(labels).astype(int)]))
