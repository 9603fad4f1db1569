"""Deep Learning from Scratch, chapter 3: subtract the overall max, divide by the overall sum.

problem: softmax
label: bug
bug: the max and the sum are over the whole array, not along `axis`: a batch of rows is normalised as one
    vector (rows do not sum to 1) and a row far below another underflows to 0/0.
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/246bd0ec08e7f82bd35283af5d7588c1f429b486/ch03/softmax.py
repository: oreilly-japan/deep-learning-from-scratch ; path: ch03/softmax.py ; license: MIT
adapted: rewritten from the behaviour of softmax(a) (no line copied); `axis` is accepted and not used.
"""

import numpy as np


def softmax(logits, axis=-1):
    c = np.max(logits)
    ea = np.exp(logits - c)
    return ea / np.sum(ea)
