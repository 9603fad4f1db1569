"""Dive into Deep Learning's squared_loss: the halved squared difference, element by element.

problem: mse_loss
label: bug
bug: it returns the (N, K) array (y' - y)^2 / 2, neither summed over the classes nor averaged over the batch,
    where the contract returns one float.
source: https://github.com/d2l-ai/d2l-en/blob/013ce9e6442c9edb050fcc24948b768f99f7f05b/chapter_linear-networks/linear-regression-scratch.md
repository: d2l-ai/d2l-en ; path: chapter_linear-networks/linear-regression-scratch.md ; license: MIT-0
adapted: rewritten from the behaviour of squared_loss(y_hat, y) (no line copied); y_hat is probs, y is targets.
"""


def mse_loss(targets, probs):
    return (probs - targets.reshape(probs.shape)) ** 2 / 2
