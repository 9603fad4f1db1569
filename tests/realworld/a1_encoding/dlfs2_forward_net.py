"""Deep Learning from Scratch 2's forward_net: Affine, Sigmoid, Affine layers applied in turn, logits out.

problem: mlp_logits
label: correct
source: https://github.com/oreilly-japan/deep-learning-from-scratch-2/blob/05518d209df49548d818905a3aecedeb5098865b/ch01/forward_net.py
repository: oreilly-japan/deep-learning-from-scratch-2 ; path: ch01/forward_net.py ; license: MIT
adapted: rewritten from the behaviour of TwoLayerNet.predict(x) (no line copied): the layers are closures, the
    weights are transposed (the book stores W1 as (I, H)), and the Sigmoid layer is the submission's own sigmoid.
"""

import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    def affine(W, b):
        return lambda h: np.dot(h, W.T) + b

    layers = [affine(W1, b1), sigmoid, affine(W2, b2)]  # noqa: F821 - the submission's own sigmoid
    out = x
    for layer in layers:
        out = layer(out)
    return out
