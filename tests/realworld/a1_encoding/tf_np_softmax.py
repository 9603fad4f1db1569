"""TensorFlow's numpy reference softmax from its kernel tests, reshaping the max and the sum instead of keepdims.

problem: softmax
label: correct
source: https://github.com/tensorflow/tensorflow/blob/r1.15/tensorflow/python/kernel_tests/softmax_op_test.py
repository: tensorflow/tensorflow ; path: tensorflow/python/kernel_tests/softmax_op_test.py ; license: Apache-2.0
adapted: rewritten from the behaviour of SoftmaxTest._npSoftmax(features, dim, log=False) as a function
    (no line copied); the float16 branch is left out.
"""

import numpy as np


def softmax(logits, axis=-1):
    dim = axis
    if dim == -1:
        dim = len(logits.shape) - 1
    kept = list(logits.shape)
    kept[dim] = 1
    e = np.exp(logits - np.reshape(np.amax(logits, axis=dim), kept))
    return e / np.reshape(np.sum(e, axis=dim), kept)
