"""Forgets the output bias b'.

problem: mlp_logits
expect: missing-bias
"""
import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    hidden = sigmoid(np.asarray(x, dtype=float) @ np.asarray(W1, dtype=float).T + b1)
    return hidden @ np.asarray(W2, dtype=float).T
