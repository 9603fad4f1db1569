"""(softmax − one-hot) / (N K): the gradient of a loss averaged over the classes too.

problem: ce_grad_logits
expect: mean-over-all-elements
"""
import numpy as np


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return (_softmax(z) - _one_hot(labels, z.shape[-1])) / z.size
