"""a2_losses written with expanded forms: squares multiplied out, logits of probabilities, logs of products.

mse_loss               Σ(t - p)² multiplied out: (Σt² + Σp² - 2 Σtp) / N
cross_entropy          one flattened dot product: -(t.ravel() @ ln p.ravel()) / N, p clipped by minimum/maximum
softmax_cross_entropy  log-softmax written out, z - m - ln Σ exp(z - m), the label's entry by take_along_axis
binary_cross_entropy   regrouped around the logit: -(t ln(p / (1 - p)) + ln(1 - p)), the mean of that
likelihood             a product as the exp of a sum of logs: exp(Σ ln p[n, label])
output_layer_for       an if/elif chain
"""

import numpy as np


def mse_loss(targets, probs):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.atleast_2d(np.asarray(probs, dtype=float))
    return float((np.sum(t * t) + np.sum(p * p) - 2.0 * np.sum(t * p)) / t.shape[0])


def cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.minimum(np.maximum(np.atleast_2d(np.asarray(probs, dtype=float)), eps), 1.0)
    return float(-(t.ravel() @ np.log(p).ravel()) / t.shape[0])


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    m = np.max(z, axis=1, keepdims=True)
    log_probs = z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))
    picked = np.take_along_axis(log_probs, np.asarray(labels, dtype=int).reshape(-1, 1), axis=1)
    return float(-np.mean(picked))


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)
    return float(-np.mean(t * np.log(p / (1.0 - p)) + np.log(1.0 - p)))


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    picked = p[np.arange(p.shape[0]), np.asarray(labels, dtype=int)]
    return float(np.exp(np.sum(np.log(picked))))


def output_layer_for(problem):
    if problem in ("binary", "multilabel"):
        activation, loss = "sigmoid", "binary_crossentropy"
    elif problem == "multiclass":
        activation, loss = "softmax", "categorical_crossentropy"
    elif problem == "regression":
        activation, loss = "none", "mse"
    elif problem == "bounded_regression":
        activation, loss = "sigmoid", "mse"
    else:
        raise ValueError(f"unknown problem type {problem!r}")
    return (activation, loss)
