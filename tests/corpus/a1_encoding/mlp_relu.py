"""Uses ReLU where the lecture's network uses σ: no known misconception.

problem: mlp_logits
expect: none
"""
import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    hidden = np.maximum(0.0, np.asarray(x, dtype=float) @ np.asarray(W1, dtype=float).T + b1)
    return hidden @ np.asarray(W2, dtype=float).T + b2
