"""A course project's softmax with the contract's own signature: max, exp, sum, all along `axis`.

problem: softmax
label: correct
source: https://github.com/heeyil/ZongShe/blob/174811a7f566997e83c9f4108027e08447efe557/DeepLearning/utils/math.py
repository: heeyil/ZongShe ; path: DeepLearning/utils/math.py ; license: unknown
adapted: rewritten from the behaviour of softmax(x, axis=-1) (no line copied).
"""

import numpy as np


def softmax(logits, axis=-1):
    peak = np.max(logits, axis=axis, keepdims=True)
    e = np.exp(logits - peak)
    return e / np.sum(e, axis=axis, keepdims=True)
