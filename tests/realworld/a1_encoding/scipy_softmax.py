"""SciPy's special.softmax: subtract the max along the axis, exponentiate, divide by the sum along the axis.

problem: softmax
label: correct
source: https://github.com/scipy/scipy/blob/v1.10.0/scipy/special/_logsumexp.py
repository: scipy/scipy ; path: scipy/special/_logsumexp.py ; license: BSD-3-Clause
adapted: rewritten from the behaviour of softmax(x, axis=None) (no line copied); the contract's axis is
    passed through and _asarray_validated is np.asarray.
"""

import numpy as np


def softmax(logits, axis=-1):
    x = np.asarray(logits)
    top = np.amax(x, axis=axis, keepdims=True)
    shifted_exp = np.exp(x - top)
    return shifted_exp / np.sum(shifted_exp, axis=axis, keepdims=True)
