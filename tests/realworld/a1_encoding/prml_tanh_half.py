"""PRML's autodiff sigmoid: tanh of half the input, scaled and shifted, which never overflows.

problem: sigmoid
label: correct
source: https://github.com/ctgk/PRML/blob/ac579d31d8eba1e785adc61812a5d10d1e00803e/prml/autodiff/_nonlinear/sigmoid.py
repository: ctgk/PRML ; path: prml/autodiff/_nonlinear/sigmoid.py ; license: MIT
adapted: rewritten from the behaviour of Sigmoid._forward(x) as a function (no line copied).
"""

import numpy as np


def sigmoid(z):
    return np.tanh(z * 0.5) * 0.5 + 0.5
