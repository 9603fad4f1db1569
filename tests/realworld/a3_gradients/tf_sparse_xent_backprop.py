"""TensorFlow's numpy reference for the sparse softmax cross-entropy backprop in its kernel tests.

problem: ce_grad_logits
label: bug
bug: the backprop is probs - one-hot for each example, the gradient of the summed loss, not divided by N as the
    gradient of the contract's mean loss is.
source: https://github.com/tensorflow/tensorflow/blob/v2.4.0/tensorflow/python/kernel_tests/sparse_xent_op_test.py
repository: tensorflow/tensorflow ; path: tensorflow/python/kernel_tests/sparse_xent_op_test.py ; license: Apache-2.0
adapted: rewritten from the behaviour of SparseXentTest._npXent(features, labels) (no line copied); only the
    backprop is returned.
"""

import numpy as np


def ce_grad_logits(logits, labels):
    feats = np.reshape(logits, [-1, logits.shape[-1]])
    labs = np.reshape(labels, [-1])
    n = feats.shape[0]
    e = np.exp(feats - np.reshape(np.amax(feats, axis=1), [n, 1]))
    probs = e / np.reshape(np.sum(e, axis=1), [n, 1])
    onehot = np.zeros_like(probs).astype(probs.dtype)
    onehot[np.arange(n), labs] = 1.0
    return probs - onehot
