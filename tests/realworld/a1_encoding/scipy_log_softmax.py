"""SciPy's special.log_softmax: shift by a finite max, then subtract the log of the summed exponentials.

problem: log_softmax
label: correct
source: https://github.com/scipy/scipy/blob/v1.10.0/scipy/special/_logsumexp.py
repository: scipy/scipy ; path: scipy/special/_logsumexp.py ; license: BSD-3-Clause
adapted: rewritten from the behaviour of log_softmax(x, axis=None) (no line copied); the contract's axis is
    passed through and _asarray_validated is np.asarray.
"""

import numpy as np


def log_softmax(logits, axis=-1):
    x = np.asarray(logits)
    x_max = np.amax(x, axis=axis, keepdims=True)
    if x_max.ndim > 0:
        x_max[~np.isfinite(x_max)] = 0
    elif not np.isfinite(x_max):
        x_max = 0
    shifted = x - x_max
    with np.errstate(divide="ignore"):
        log_total = np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return shifted - log_total
