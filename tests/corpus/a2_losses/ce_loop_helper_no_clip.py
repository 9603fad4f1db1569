"""A loop over the examples with a helper that takes the log without clipping: inf where a probability is 0.

problem: cross_entropy
expect: log-of-zero
"""
import numpy as np


def log_prob(p):
    return np.log(p)


def cross_entropy(targets, probs, eps=1e-12):
    total = 0.0
    for t_row, p_row in zip(np.asarray(targets, dtype=float), np.asarray(probs, dtype=float)):
        with np.errstate(divide="ignore", invalid="ignore"):
            total += -np.sum(t_row * log_prob(p_row))
    return float(total / len(targets))
