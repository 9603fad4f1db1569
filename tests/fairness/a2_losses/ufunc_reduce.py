"""a2_losses written with numpy's ufunc methods (reduce) and sums taken before dividing.

mse_loss               np.add.reduce over classes, then over the batch, of np.square(t - p); / N
cross_entropy          np.add.reduce twice over t * ln(np.minimum(np.maximum(p, eps), 1)); -/ N
softmax_cross_entropy  the one-hot mask times the log-softmax (np.maximum.reduce, np.add.reduce), -sum / N
binary_cross_entropy   the two terms summed separately over every element, added, then / the number of elements
likelihood             np.multiply.reduce of (one_hot * probs) summed over each row
output_layer_for       sets of problems per answer, tested in turn
"""

import numpy as np


def mse_loss(targets, probs):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.atleast_2d(np.asarray(probs, dtype=float))
    per_example = np.add.reduce(np.square(np.subtract(t, p)), axis=1)
    return float(np.add.reduce(per_example) / t.shape[0])


def cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.minimum(np.maximum(np.atleast_2d(np.asarray(probs, dtype=float)), eps), 1.0)
    per_example = np.add.reduce(np.multiply(t, np.log(p)), axis=1)
    return float(-np.add.reduce(per_example) / t.shape[0])


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    onehot = np.arange(z.shape[1]) == np.asarray(labels, dtype=int)[:, None]
    shifted = z - np.maximum.reduce(z, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.add.reduce(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.add.reduce(log_probs[onehot]) / z.shape[0])


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)
    positive = np.add.reduce(t * np.log(p), axis=None)
    negative = np.add.reduce((1.0 - t) * np.log(1.0 - p), axis=None)
    return float(-(positive + negative) / p.size)


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    onehot = (np.arange(p.shape[1]) == np.asarray(labels, dtype=int)[:, None]).astype(float)
    return float(np.multiply.reduce(np.add.reduce(onehot * p, axis=1)))


_SIGMOID_BCE = {"binary", "multilabel"}
_SOFTMAX_CCE = {"multiclass"}
_NONE_MSE = {"regression"}
_SIGMOID_MSE = {"bounded_regression"}


def output_layer_for(problem):
    if not isinstance(problem, str):
        raise ValueError(f"problem must be a string, not {problem!r}")
    if problem in _SIGMOID_BCE:
        return ("sigmoid", "binary_crossentropy")
    if problem in _SOFTMAX_CCE:
        return ("softmax", "categorical_crossentropy")
    if problem in _NONE_MSE:
        return ("none", "mse")
    if problem in _SIGMOID_MSE:
        return ("sigmoid", "mse")
    raise ValueError(f"unknown problem type: {problem!r}")
