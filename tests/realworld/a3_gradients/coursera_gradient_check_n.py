"""The deep-learning specialisation's gradient_check_n: for each parameter, copies of theta moved by +-epsilon.

problem: numerical_gradient
label: correct
source: https://github.com/pingrunhuang/CSOnlineCourses/blob/758b28b5f19ba30b5c0c21c63ecd0af0c196e49b/CS230/nn_binary_classification/gradient_check.py
repository: pingrunhuang/CSOnlineCourses ; path: CS230/nn_binary_classification/gradient_check.py ; license: unknown
adapted: rewritten from the behaviour of the gradapprox loop of gradient_check_n(parameters, gradients, X, Y,
    epsilon) (no line copied): theta is x flattened into a column, forward_propagation_n is f of theta in x's
    shape, and gradapprox is returned in x's shape; the signature is the exercise's, so epsilon is eps.
"""

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    theta = np.array(x, dtype=float).reshape(-1, 1)
    count = theta.shape[0]
    j_plus = np.zeros((count, 1))
    j_minus = np.zeros((count, 1))
    gradapprox = np.zeros((count, 1))
    for i in range(count):
        thetaplus = np.copy(theta)
        thetaplus[i][0] = thetaplus[i][0] + eps
        j_plus[i] = f(thetaplus.reshape(np.shape(x)))
        thetaminus = np.copy(theta)
        thetaminus[i][0] = thetaminus[i][0] - eps
        j_minus[i] = f(thetaminus.reshape(np.shape(x)))
        gradapprox[i] = (j_plus[i] - j_minus[i]) / (2 * eps)
    return gradapprox.reshape(np.shape(x))
