"""scikit-learn's MLP squared_loss: the mean of the squared differences over every entry, halved.

problem: mse_loss
label: bug
bug: the mean is over all N*K entries and halved, where the contract sums over the K classes and takes the mean
    over the batch only: off by a factor 2K.
source: https://github.com/scikit-learn/scikit-learn/blob/01230994da45472f5c27582212986cddafd57549/sklearn/neural_network/_base.py
repository: scikit-learn/scikit-learn ; path: sklearn/neural_network/_base.py ; license: BSD-3-Clause
adapted: rewritten from the behaviour of squared_loss(y_true, y_pred) (no line copied).
"""


def mse_loss(targets, probs):
    return ((targets - probs) ** 2).mean() / 2
