"""A helper softmax without the max subtracted: nan for logits around 1e4.

problem: ce_grad_logits
expect: no-max-subtraction
"""
import numpy as np


def my_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.zeros_like(z)
    y[np.arange(len(z)), np.asarray(labels).astype(int)] = 1
    return (my_softmax(z) - y) / len(z)
