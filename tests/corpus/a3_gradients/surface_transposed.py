"""Returns the surface transposed: y2 along the rows.

problem: loss_surface
expect: transposed
"""
import numpy as np


_reference_loss_surface = loss_surface


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    return _reference_loss_surface(loss, y1_values, y2_values, y3, label).T
