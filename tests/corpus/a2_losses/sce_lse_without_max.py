"""A loop computing log Σ exp(z) − z_label without the max: inf on huge logits, as the log of softmax gives on
every check that fails, so named by what they share.

problem: softmax_cross_entropy
expect: no-stable-log-sum-exp
must_not: unstable-log-sum-exp, log-sum-exp-without-max
"""
import numpy as np


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    total = 0.0
    for row, label in zip(z, labels):
        total += np.log(np.sum(np.exp(row))) - row[int(label)]
    return float(total / len(z))
