"""Returns the softmax itself: the one-hot vector not subtracted and not divided by N.

problem: ce_grad_logits
expect: missing-one-hot+not-divided-by-n
"""
import numpy as np


def ce_grad_logits(logits, labels):
    return _softmax(np.asarray(logits, dtype=float))
