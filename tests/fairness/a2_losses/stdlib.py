"""a2_losses written with the standard library's reductions: math.fsum, statistics.fmean, math.prod, match.

mse_loss               math.fsum of every squared difference (an exactly rounded sum), / N
cross_entropy          -math.fsum of t * ln(clip(p, eps, 1)) over every element, / N
softmax_cross_entropy  per row m + math.log(math.fsum(math.exp(v - m))) - z[label], statistics.fmean of the rows
binary_cross_entropy   the elementwise losses (numpy), statistics.fmean of them as a Python list
likelihood             math.prod of the labels' probabilities
output_layer_for       a match statement
"""

import math
import statistics

import numpy as np


def mse_loss(targets, probs):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.atleast_2d(np.asarray(probs, dtype=float))
    return math.fsum(((t - p) ** 2).ravel().tolist()) / t.shape[0]


def cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.clip(np.atleast_2d(np.asarray(probs, dtype=float)), eps, 1.0)
    return -math.fsum((t * np.log(p)).ravel().tolist()) / t.shape[0]


def softmax_cross_entropy(logits, labels):
    rows = np.asarray(logits, dtype=float).tolist()
    labels = np.asarray(labels).reshape(-1).tolist()
    losses = []
    for row, label in zip(rows, labels):
        m = max(row)
        lse = m + math.log(math.fsum(math.exp(v - m) for v in row))
        losses.append(lse - row[int(label)])
    return statistics.fmean(losses)


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)
    losses = -(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))
    return statistics.fmean(losses.ravel().tolist())


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    labels = np.asarray(labels).reshape(-1)
    return math.prod(p[n, int(c)].item() for n, c in enumerate(labels))


def output_layer_for(problem):
    match problem:
        case "binary" | "multilabel":
            return ("sigmoid", "binary_crossentropy")
        case "multiclass":
            return ("softmax", "categorical_crossentropy")
        case "regression":
            return ("none", "mse")
        case "bounded_regression":
            return ("sigmoid", "mse")
        case _:
            raise ValueError(f"unknown problem type: {problem!r}")
