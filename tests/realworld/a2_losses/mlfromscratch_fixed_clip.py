"""ML-From-Scratch's CrossEntropy loss (a binary cross-entropy per entry), clipped to a fixed 1e-15, averaged.

problem: binary_cross_entropy
label: bug
bug: probabilities are clipped to [1e-15, 1 - 1e-15] whatever eps is given, so p = 0 with t = 1 costs 34.5
    instead of the contract's -ln(eps) (27.6 with the default).
source: https://github.com/eriklindernoren/ML-From-Scratch/blob/203c9550e85381694a04c2f7832a0ec4b09199b8/mlfromscratch/deep_learning/loss_functions.py
repository: eriklindernoren/ML-From-Scratch ; path: mlfromscratch/deep_learning/loss_functions.py ; license: MIT
adapted: rewritten from the behaviour of CrossEntropy.loss(y, p) (no line copied), averaged with np.mean as the
    library's NeuralNetwork does; eps is accepted and not used.
"""

import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    p = np.clip(probs, 1e-15, 1 - 1e-15)
    return np.mean(-targets * np.log(p) - (1 - targets) * np.log(1 - p))
