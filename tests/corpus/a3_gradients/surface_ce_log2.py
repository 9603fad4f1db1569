"""Cross-entropy in bits (log base 2): no known misconception.

problem: loss_surface
expect: none
"""
import numpy as np


_reference_loss_surface = loss_surface


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    out = _reference_loss_surface(loss, y1_values, y2_values, y3, label)
    return out / np.log(2) if loss == "ce" else out
