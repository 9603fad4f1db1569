"""ONNX's reference SoftmaxCrossEntropyLoss from its backend test cases: log of the softmax, float32 gather, mean.

problem: softmax_cross_entropy
label: bug
bug: log is taken of the softmax, which is 0 for a label far below the max (logits of +-1e4), so the loss is
    inf with a RuntimeWarning; the picked values are also stored as float32.
source: https://github.com/onnx/onnx/blob/074235cd6b5ad12545076cc7c4ca0a4de61a2aba/onnx/backend/test/case/node/softmaxcrossentropy.py
repository: onnx/onnx ; path: onnx/backend/test/case/node/softmaxcrossentropy.py ; license: Apache-2.0
adapted: rewritten from the behaviour of softmaxcrossentropy(x, target) with no weight, reduction 'mean' and no
    ignore_index for 2-D input (no line copied).
"""

import numpy as np


def softmax_cross_entropy(logits, labels):
    top = np.max(logits, axis=1, keepdims=True)
    ex = np.exp(logits - top)
    p = ex / np.sum(ex, axis=1, keepdims=True)
    logp = np.log(p)
    n = logp.shape[0]
    picked = np.zeros((n,), dtype=np.float32)
    for i in range(n):
        picked[i] = -logp[i][labels[i]]
    return np.mean(picked)
