"""A from-scratch network's mse: numpy's mean of the squared differences.

problem: mse_loss
label: bug
bug: np.mean runs over all N*K entries, so the result is the contract's mean over the batch of the class sum
    divided by K.
source: https://github.com/knarfamlap/neural_nets_from_scratch/blob/900ac3e1af17996913bc94be3fed06350e053d87/examples/softmax_example.py
repository: knarfamlap/neural_nets_from_scratch ; path: examples/softmax_example.py ; license: unknown
adapted: rewritten from the behaviour of mse(y_true, y_pred) (no line copied).
"""

import numpy as np


def mse_loss(targets, probs):
    return np.mean(np.power(targets - probs, 2))
