"""Nielsen's network2.feedforward: sigma(w a + b) for every layer, the output layer included.

problem: mlp_logits
label: bug
bug: the sigmoid is applied to the output layer too, so it returns sigma(b' + W' sigma(b + W x)) in (0, 1)
    instead of the logits b' + W' sigma(b + W x).
source: https://github.com/mnielsen/neural-networks-and-deep-learning/blob/04d441d8c0d960fb9f89f487d3652822129bb235/code/network2.py
repository: mnielsen/neural-networks-and-deep-learning ; path: code/network2.py ; license: MIT
adapted: rewritten from the behaviour of Network.feedforward(a) (no line copied): the book's column vectors are
    the batch transposed, its biases columns; sigmoid_vec is the submission's own sigmoid.
"""

import numpy as np


def mlp_logits(x, W1, b1, W2, b2):
    a = x.T
    for b, w in zip([b1[:, None], b2[:, None]], [W1, W2]):
        a = sigmoid(np.dot(w, a) + b)  # noqa: F821 - the submission's own sigmoid
    return a.T
