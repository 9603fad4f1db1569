"""W x with x as columns (W1 @ x.T): the logits come back as (K, N), one column per example.

problem: mlp_logits
expect: transposed
"""
import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    hidden = sigmoid(np.asarray(W1, dtype=float) @ x.T + np.asarray(b1, dtype=float)[:, None])
    return np.asarray(W2, dtype=float) @ hidden + np.asarray(b2, dtype=float)[:, None]
