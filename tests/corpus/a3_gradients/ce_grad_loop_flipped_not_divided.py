"""A loop over the rows, one-hot minus softmax, never divided by N: two mistakes at once. At N = 1 the answer is
exactly the flipped sign; the checks with N > 1 show the factor N too.

problem: ce_grad_logits
expect: not-divided-by-n+sign
must_not: sign, not-divided-by-n
"""
import numpy as np


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    grads = []
    for row, label in zip(z, labels):
        e = np.exp(row - row.max())
        p = e / e.sum()
        y = np.zeros_like(p)
        y[int(label)] = 1.0
        grads.append(y - p)
    return np.array(grads)
