"""Deep Learning from Scratch's MNIST loader: one-hot rows for exactly 10 classes, filled in a loop.

problem: one_hot
label: bug
bug: the width is always 10, whatever num_classes says, so every other number of classes gives the wrong shape,
    and labels are neither checked (no ValueError) nor kept in their shape.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/33ab450b71c34271b13a3d3ea4f79c243e922757/dataset/mnist.py
repository: oreilly-japan/deep-learning-from-scratch ; path: dataset/mnist.py ; license: MIT
adapted: rewritten from the behaviour of _change_ont_hot_label(X) (no line copied); num_classes is accepted
    and, as in the source, not used.
"""

import numpy as np


def one_hot(labels, num_classes):
    flat = np.asarray(labels).ravel()
    table = np.zeros((flat.size, 10))
    for i, row in enumerate(table):
        row[flat[i]] = 1
    return table
