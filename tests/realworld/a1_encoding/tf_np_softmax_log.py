"""TensorFlow's numpy reference for LogSoftmax in its kernel tests: the log of the (stable) softmax.

problem: log_softmax
label: bug
bug: log is taken of the softmax, which underflows to 0 for a logit about 745 below the max, so the result is
    -inf (with a RuntimeWarning) where the contract's z - max - log sum exp is finite.
source: https://github.com/tensorflow/tensorflow/blob/r1.15/tensorflow/python/kernel_tests/softmax_op_test.py
repository: tensorflow/tensorflow ; path: tensorflow/python/kernel_tests/softmax_op_test.py ; license: Apache-2.0
adapted: rewritten from the behaviour of SoftmaxTest._npSoftmax(features, dim, log=True) as a function
    (no line copied); the float16 branch is left out.
"""

import numpy as np


def log_softmax(logits, axis=-1):
    dim = axis
    if dim == -1:
        dim = len(logits.shape) - 1
    kept = list(logits.shape)
    kept[dim] = 1
    e = np.exp(logits - np.reshape(np.amax(logits, axis=dim), kept))
    probs = e / np.reshape(np.sum(e, axis=dim), kept)
    return np.log(probs)
