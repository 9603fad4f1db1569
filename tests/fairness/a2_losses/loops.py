"""a2_losses written with pure-Python loops over indices and the math module.

mse_loss               loops over examples and classes, a running sum of squares, divided by N at the end
cross_entropy          loops: each probability clipped with min/max to [eps, 1], -t * math.log(p) summed, / N
softmax_cross_entropy  each row: m + math.log(Σ math.exp(z - m)) - z[label], summed, / N
binary_cross_entropy   each element: p clipped to [eps, 1 - eps], -(t ln p + (1 - t) ln(1 - p)), / count
likelihood             a running product of probs[n][labels[n]]
output_layer_for       a list of (problem, answer) pairs scanned in a for loop; ValueError after the loop
"""

import math

import numpy as np


def mse_loss(targets, probs):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.atleast_2d(np.asarray(probs, dtype=float))
    N, K = t.shape
    total = 0.0
    for n in range(N):
        for k in range(K):
            diff = t[n, k] - p[n, k]
            total += diff * diff
    return total / N


def cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.atleast_2d(np.asarray(probs, dtype=float))
    N, K = t.shape
    total = 0.0
    for n in range(N):
        for k in range(K):
            q = min(max(p[n, k], eps), 1.0)
            total -= t[n, k] * math.log(q)
    return total / N


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    labels = [int(c) for c in np.asarray(labels).reshape(-1)]
    total = 0.0
    for n, row in enumerate(z):
        m = max(row)
        s = 0.0
        for v in row:
            s += math.exp(v - m)
        total += m + math.log(s) - row[labels[n]]
    return total / len(z)


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float).reshape(-1)
    p = np.asarray(probs, dtype=float).reshape(-1)
    total = 0.0
    for i in range(len(p)):
        q = min(max(p[i], eps), 1.0 - eps)
        total -= t[i] * math.log(q) + (1.0 - t[i]) * math.log(1.0 - q)
    return total / len(p)


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    labels = np.asarray(labels).reshape(-1)
    product = 1.0
    for n in range(len(labels)):
        product *= p[n][int(labels[n])]
    return product


_TABLE = [
    ("binary", ("sigmoid", "binary_crossentropy")),
    ("multiclass", ("softmax", "categorical_crossentropy")),
    ("multilabel", ("sigmoid", "binary_crossentropy")),
    ("regression", ("none", "mse")),
    ("bounded_regression", ("sigmoid", "mse")),
]


def output_layer_for(problem):
    for name, answer in _TABLE:
        if problem == name:
            return answer
    raise ValueError(f"unknown problem type: {problem!r}")
