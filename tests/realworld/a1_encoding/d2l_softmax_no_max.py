"""Dive into Deep Learning's softmax from scratch: exponentiate, divide by the row sums, no max subtracted.

problem: softmax
label: bug
bug: exp is taken of the raw logits, so logits of 1e4 overflow to inf and the row becomes nan with a
    RuntimeWarning; it also always sums over axis 1 (1-D logits raise, `axis` is ignored).
source: https://github.com/d2l-ai/d2l-en/blob/09d0288f5bd63cce2c879032192c621610621e09/chapter_linear-classification/softmax-regression-scratch.md
repository: d2l-ai/d2l-en ; path: chapter_linear-classification/softmax-regression-scratch.md ; license: MIT-0
adapted: rewritten from the behaviour of softmax(X) (no line copied); d2l.exp and d2l.reduce_sum are numpy's.
"""

import numpy as np


def softmax(logits, axis=-1):
    powered = np.exp(logits)
    partition = np.sum(powered, 1, keepdims=True)
    return powered / partition
