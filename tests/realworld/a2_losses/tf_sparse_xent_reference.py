"""TensorFlow's numpy reference for sparse softmax cross-entropy in its kernel tests, averaged over the batch.

problem: softmax_cross_entropy
label: bug
bug: the loss is -ln(p + 1e-20) of the probability, so for logits of +-1e4 it stops at 46.05 instead of the
    exact 2e4 of the contract's log-sum-exp form.
source: https://github.com/tensorflow/tensorflow/blob/v2.4.0/tensorflow/python/kernel_tests/sparse_xent_op_test.py
repository: tensorflow/tensorflow ; path: tensorflow/python/kernel_tests/sparse_xent_op_test.py ; license: Apache-2.0
adapted: rewritten from the behaviour of SparseXentTest._npXent(features, labels) (no line copied); the
    per-example losses are averaged, as the contract's mean asks.
"""

import numpy as np


def softmax_cross_entropy(logits, labels):
    feats = np.reshape(logits, [-1, logits.shape[-1]])
    labs = np.reshape(labels, [-1])
    n = feats.shape[0]
    e = np.exp(feats - np.reshape(np.amax(feats, axis=1), [n, 1]))
    probs = e / np.reshape(np.sum(e, axis=1), [n, 1])
    onehot = np.zeros_like(probs).astype(probs.dtype)
    onehot[np.arange(n), labs] = 1.0
    per_example = -np.sum(onehot * np.log(probs + 1.0e-20), axis=1)
    return np.mean(per_example)
