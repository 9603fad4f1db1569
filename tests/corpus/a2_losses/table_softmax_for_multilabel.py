"""Multi-label gets the multi-class row (softmax + categorical_crossentropy).

problem: output_layer_for
expect: wrong-table-row
"""
import numpy as np


def output_layer_for(problem):
    table = {
        "binary": ("sigmoid", "binary_crossentropy"),
        "multiclass": ("softmax", "categorical_crossentropy"),
        "multilabel": ("softmax", "categorical_crossentropy"),
        "regression": ("none", "mse"),
        "bounded_regression": ("sigmoid", "mse"),
    }
    if problem not in table:
        raise ValueError(problem)
    return table[problem]
