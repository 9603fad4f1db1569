"""An early Autograd example's logistic function written with tanh, the halving of the argument missing.

problem: sigmoid
label: bug
bug: 0.5 * (tanh(z) + 1) is sigma(2z), not sigma(z): sigmoid(1) gives 0.881 instead of 0.731.
source: https://github.com/HIPS/autograd/blob/eb2ffdb232d603d3b13fbca76c6812963975c62f/examples/logistic_regression.py
repository: HIPS/autograd ; path: examples/logistic_regression.py ; license: MIT
adapted: rewritten from the behaviour of sigmoid(x) (no line copied); autograd.numpy is numpy.
"""

import numpy as np


def sigmoid(z):
    return 0.5 * (np.tanh(z) + 1)
