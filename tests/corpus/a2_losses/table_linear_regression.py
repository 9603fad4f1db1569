"""Names the regression activation 'linear' instead of the lecture's 'none': no known misconception.

problem: output_layer_for
expect: none
must_not: wrong-table-row
"""
import numpy as np


def output_layer_for(problem):
    table = {
        "binary": ("sigmoid", "binary_crossentropy"),
        "multiclass": ("softmax", "categorical_crossentropy"),
        "multilabel": ("sigmoid", "binary_crossentropy"),
        "regression": ("linear", "mse"),
        "bounded_regression": ("sigmoid", "mse"),
    }
    if problem not in table:
        raise ValueError(problem)
    return table[problem]
