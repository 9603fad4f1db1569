"""A from-scratch network's sigmoid with the minus sign of the exponent dropped.

problem: sigmoid
label: bug
bug: 1 / (1 + exp(z)) is sigma(-z): every output is mirrored (sigmoid(2) gives 0.119 instead of 0.881),
    and exp(z) overflows for large positive z.
source: https://github.com/S1m0nCi/Python-Neural-Network/blob/1f182113980588cf5543f6337fe226746fb2c42c/python-neural-network/functions/sigmoid.py
repository: S1m0nCi/Python-Neural-Network ; path: python-neural-network/functions/sigmoid.py ; license: unknown
adapted: rewritten from the behaviour of sigmoid(x) (no line copied).
"""

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(z))
