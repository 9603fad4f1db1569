"""Returns softmax itself for log_softmax.

problem: log_softmax
expect: missing-log
"""
import numpy as np


def log_softmax(logits, axis=-1):
    return softmax(logits, axis=axis)
