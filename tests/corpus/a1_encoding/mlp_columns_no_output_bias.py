"""W' σ(W x + b) with x as columns and no b': transposed, and the output bias left out.

problem: mlp_logits
expect: missing-bias+transposed
"""
import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    x = np.asarray(x, dtype=float)
    hidden = sigmoid(np.asarray(W1, dtype=float) @ x.T + np.asarray(b1, dtype=float)[:, None])
    return np.asarray(W2, dtype=float) @ hidden
