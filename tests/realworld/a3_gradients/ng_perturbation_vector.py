"""A Python port of Andrew Ng's computeNumericalGradient: J(theta +- perturb) with a one-entry perturbation vector.

problem: numerical_gradient
label: bug
bug: the step is fixed at 1e-4 whatever eps is given, and perturb[i] indexes rows, so for a 2-D x it shifts a
    whole row at a time and fails past the last row: only 1-D x is handled.
source: https://github.com/jingsuxuyi/machine_learning/blob/b87af6eb93c37c727117591dcb12ee03be0bd242/python/machine_learning_ex4/ex4/computeNumericalGradient.py
repository: jingsuxuyi/machine_learning ; path: python/machine_learning_ex4/ex4/computeNumericalGradient.py
    ; license: unknown
adapted: rewritten from the behaviour of computeNumericalGradient(J, theta) (no line copied); eps is accepted and
    not used.
"""

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    numgrad = np.zeros(x.shape)
    perturb = np.zeros(x.shape)
    delta = 1e-4
    for i in np.arange(x.size):
        perturb[i] = delta
        loss1 = f(x - perturb)
        loss2 = f(x + perturb)
        numgrad[i] = (loss2 - loss1) / 2 / delta
        perturb[i] = 0
    return numgrad
