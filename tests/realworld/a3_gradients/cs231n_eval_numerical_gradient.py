"""CS231n's eval_numerical_gradient (a cleaned-up copy): centred differences, perturbing x itself in place.

problem: numerical_gradient
label: bug
bug: it perturbs the caller's array in place rather than a copy (the contract: "works on a copy"), so an f that
    reads or keeps that array sees x +- eps; the result is right only for an f that depends on its argument alone.
source: https://github.com/eliben/deep-learning-samples/blob/b4e4009db318db849a49a21c20b6d48e23802a2e/gradients/numgrad.py
repository: eliben/deep-learning-samples ; path: gradients/numgrad.py ; license: unknown
adapted: rewritten from the behaviour of eval_numerical_gradient(f, x, verbose=False, h=1e-5) (no line copied);
    the signature is the exercise's, so h is eps; verbose printing is left out.
"""

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + eps
        f_plus = f(x)
        x[ix] = old - eps
        f_minus = f(x)
        x[ix] = old
        grad[ix] = (f_plus - f_minus) / (2 * eps)
        it.iternext()
    return grad
