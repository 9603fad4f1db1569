"""Deep Learning from Scratch's sigmoid: 1 / (1 + exp(-x)) for every x.

problem: sigmoid
label: bug
bug: exp(-z) overflows for z below about -709 (RuntimeWarning: overflow), where the contract asks for no
    overflow and the e^z / (1 + e^z) form for z < 0.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/07b11618cdb5d5f78ad45464de0730efc07b0a4a/common/functions.py
repository: oreilly-japan/deep-learning-from-scratch ; path: common/functions.py ; license: MIT
adapted: rewritten from the behaviour of sigmoid(x) (no line copied).
"""

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))
