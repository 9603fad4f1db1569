"""ML-From-Scratch's Softmax.gradient: p (1 - p), elementwise.

problem: softmax_jacobian
label: bug
bug: only the diagonal y'_i (1 - y'_i) is computed, as a (.., K) array, where the contract's Jacobian is the
    (K, K) matrix diag(s) - s s^T with off-diagonal terms -y'_i y'_j.
source: https://github.com/eriklindernoren/ML-From-Scratch/blob/2067d12c384524adb993217e0e3c661d289dc6f2/mlfromscratch/deep_learning/activation_functions.py
repository: eriklindernoren/ML-From-Scratch ; path: mlfromscratch/deep_learning/activation_functions.py ; license: MIT
adapted: rewritten from the behaviour of Softmax.gradient(x) and Softmax.function(x) (no line copied).
"""

import numpy as np


def softmax_jacobian(logits):
    e_x = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    p = e_x / np.sum(e_x, axis=-1, keepdims=True)
    return p * (1 - p)
