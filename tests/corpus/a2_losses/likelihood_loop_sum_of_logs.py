"""A loop that adds the logs of the probabilities: the log-likelihood.

problem: likelihood
expect: log-likelihood
"""
import numpy as np


def likelihood(probs, labels):
    total = 0.0
    for row, label in zip(np.asarray(probs, dtype=float), labels):
        total += np.log(row[int(label)])
    return float(total)
