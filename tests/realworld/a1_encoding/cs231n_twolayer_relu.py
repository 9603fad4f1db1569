"""A CS231n assignment 1 TwoLayerNet solution: the scores of an affine - ReLU - affine network.

problem: mlp_logits
label: bug
bug: the hidden layer is a ReLU, max(0, b + W x), where the lecture's network uses the sigmoid sigma(b + W x).
source: https://github.com/kaiweihuang/CS231n/blob/a713aad4eff1264b85c48337a1049cda3b2eab5b/assignment1/cs231n/classifiers/neural_net.py
repository: kaiweihuang/CS231n ; path: assignment1/cs231n/classifiers/neural_net.py ; license: unknown
adapted: rewritten from the behaviour of the forward pass of TwoLayerNet.loss(X) (no line copied); the weights
    are transposed (the assignment stores W1 as (D, H)).
"""

import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    hidden = x.dot(W1.T) + b1
    relu_hidden = np.maximum(0, hidden)
    return relu_hidden.dot(W2.T) + b2
