"""Deep Learning from Scratch's TwoLayerNet.predict: affine, sigmoid, affine, then softmax.

problem: mlp_logits
label: bug
bug: it returns softmax(y), the probabilities, where the contract asks for the logits y = b' + W' sigma(b + W x)
    (the input of softmax).
source: https://github.com/oreilly-japan/deep-learning-from-scratch/blob/514975f894dcc21ca1895eff9e0bf1e2f442748d/ch04/two_layer_net.py
repository: oreilly-japan/deep-learning-from-scratch ; path: ch04/two_layer_net.py ; license: MIT
adapted: rewritten from the behaviour of TwoLayerNet.predict(x) as a function (no line copied); the weights are
    transposed (the book stores W1 as (D, H)); sigmoid and softmax are the submission's own.
"""

import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    a1 = np.dot(x, W1.T) + b1
    z1 = sigmoid(a1)  # noqa: F821 - the submission's own sigmoid, defined above this code
    a2 = np.dot(z1, W2.T) + b2
    return softmax(a2)  # noqa: F821 - the submission's own softmax
