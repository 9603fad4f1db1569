"""numpy-ml's Sigmoid activation called as an object: 1-D input made a row, then 1 / (1 + exp(-z)).

problem: sigmoid
label: bug
bug: a 1-D input comes back with shape (1, n) instead of z's shape, and exp(-z) overflows for z below about
    -709 (RuntimeWarning), where the contract asks for no overflow.
source: https://github.com/ddbourgin/numpy-ml/blob/0f5b1ce39be5919731b33a439a138d18d01adeaa/numpy_ml/neural_nets/activations/activations.py
repository: ddbourgin/numpy-ml ; path: numpy_ml/neural_nets/activations/activations.py ; license: GPL-3.0-only
adapted: rewritten from the behaviour of ActivationBase.__call__ followed by Sigmoid.fn (no line copied).
"""

import numpy as np


def sigmoid(z):
    if z.ndim == 1:
        z = z.reshape(1, -1)
    return 1 / (1 + np.exp(-z))
