"""Autograd's logistic-regression example loss: -sum log(p t + (1 - p)(1 - t)), the probability of the label.

problem: binary_cross_entropy
label: bug
bug: p t + (1 - p)(1 - t) is the probability of the label only when t is 0 or 1; for a target of 0.3 it is not
    -[t ln p + (1 - t) ln(1 - p)] (the lecture's table uses soft targets); it also sums instead of averaging and
    does not clip.
source: https://github.com/HIPS/autograd/blob/eb2ffdb232d603d3b13fbca76c6812963975c62f/examples/logistic_regression.py
repository: HIPS/autograd ; path: examples/logistic_regression.py ; license: MIT
adapted: rewritten from the behaviour of training_loss(weights) with the predictions given as probs (no line
    copied); eps is accepted and not used.
"""

import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    label_probabilities = probs * targets + (1 - probs) * (1 - targets)
    return -np.sum(np.log(label_probabilities))
