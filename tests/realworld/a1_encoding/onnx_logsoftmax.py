"""ONNX's reference LogSoftmax from its backend test cases: (x - max) - log(sum(exp(x - max))).

problem: log_softmax
label: correct
source: https://github.com/onnx/onnx/blob/0c6586e6f6ebda17fddee6d61d906128080ec5f9/onnx/backend/test/case/node/logsoftmax.py
repository: onnx/onnx ; path: onnx/backend/test/case/node/logsoftmax.py ; license: Apache-2.0
adapted: rewritten from the behaviour of logsoftmax(x, axis=-1) (no line copied).
"""

import numpy as np


def log_softmax(logits, axis=-1):
    m = np.max(logits, axis=axis, keepdims=True)
    total = np.sum(np.exp(logits - m), axis=axis, keepdims=True)
    return (logits - m) - np.log(total)
