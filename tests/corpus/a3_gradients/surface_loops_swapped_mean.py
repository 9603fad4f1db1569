"""A double loop with the indices swapped (y2 along the rows), and the squares averaged over the three classes.

problem: loss_surface
expect: mean-over-all-elements+transposed
"""
import numpy as np


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError("loss must be 'mse' or 'ce'")
    out = np.zeros((len(y2_values), len(y1_values)))
    for j, b in enumerate(y2_values):
        for i, a in enumerate(y1_values):
            z = np.array([a, b, y3], dtype=float)
            if loss == "ce":
                m = z.max()
                out[j, i] = -(z[label] - m - np.log(np.sum(np.exp(z - m))))
            else:
                y = np.zeros(3)
                y[label] = 1.0
                out[j, i] = np.mean((y - _softmax(z)) ** 2)
    return out
