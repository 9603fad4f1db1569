"""a2_losses written with log1p forms and with reductions taken in another order.

mse_loss               the mean over the batch per class first, then the sum over classes: Σ_k mean_n (t - p)²
cross_entropy          only the entries whose target is not 0 contribute: -Σ t[t != 0] ln p[t != 0] / N
softmax_cross_entropy  log1p form: the max's own term is exp(0) = 1, so lse = m + log1p(Σ over the other classes)
binary_cross_entropy   ln(1 - p) as np.log1p(-p)
likelihood             np.take_along_axis picks each row's label, np.prod multiplies them
output_layer_for       two dicts, one for the activation and one for the loss
"""

import numpy as np


def mse_loss(targets, probs):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.atleast_2d(np.asarray(probs, dtype=float))
    return float(np.sum(np.mean((t - p) ** 2, axis=0)))


def cross_entropy(targets, probs, eps=1e-12):
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    p = np.clip(np.atleast_2d(np.asarray(probs, dtype=float)), eps, 1.0)
    used = t != 0
    return float(-np.sum(t[used] * np.log(p[used])) / t.shape[0])


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels, dtype=int)
    rows = np.arange(z.shape[0])
    top = np.argmax(z, axis=1)
    m = z[rows, top]
    others = np.exp(z - m[:, None])
    others[rows, top] = 0.0
    lse = m + np.log1p(np.sum(others, axis=1))
    return float(np.mean(lse - z[rows, labels]))


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)
    return float(-np.mean(t * np.log(p) + (1.0 - t) * np.log1p(-p)))


def likelihood(probs, labels):
    p = np.asarray(probs, dtype=float)
    idx = np.asarray(labels, dtype=int).reshape(-1, 1)
    return float(np.prod(np.take_along_axis(p, idx, axis=1)))


_ACTIVATION = {
    "binary": "sigmoid",
    "multiclass": "softmax",
    "multilabel": "sigmoid",
    "regression": "none",
    "bounded_regression": "sigmoid",
}
_LOSS = {
    "binary": "binary_crossentropy",
    "multiclass": "categorical_crossentropy",
    "multilabel": "binary_crossentropy",
    "regression": "mse",
    "bounded_regression": "mse",
}


def output_layer_for(problem):
    if not isinstance(problem, str) or problem not in _ACTIVATION:
        raise ValueError(f"unknown problem type: {problem!r}")
    return (_ACTIVATION[problem], _LOSS[problem])
