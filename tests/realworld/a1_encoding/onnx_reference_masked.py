"""ONNX's reference-evaluator Sigmoid: one formula for the positive entries, the other for the rest, by masks.

problem: sigmoid
label: correct
source: https://github.com/onnx/onnx/blob/015d9f3814a08e7ec2cdbbfe46fcfc53a860be0f/onnx/reference/ops/op_sigmoid.py
repository: onnx/onnx ; path: onnx/reference/ops/op_sigmoid.py ; license: Apache-2.0
adapted: rewritten from the behaviour of sigmoid(x) (no line copied).
"""

import numpy as np


def sigmoid(z):
    out = np.empty_like(z)
    pos = z > 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    neg = ~pos
    out[neg] = np.exp(z[neg]) / (1 + np.exp(z[neg]))
    return out
