"""CS231n's "Training a Softmax Classifier" case study: full-batch gradient descent from random W, with L2.

problem: train_softmax_regression
label: bug
bug: it starts from random weights (0.01 randn) instead of W0 or zeros, so it is not deterministic, adds an L2
    penalty (reg = 1e-3) to the loss and the gradient, and knows only the cross-entropy (loss="mse" trains CE).
source: https://github.com/cs231n/cs231n.github.io/blob/02a5dc6489430f6725360d0325174b1148594c68/neural-networks-case-study.md
repository: cs231n/cs231n.github.io ; path: neural-networks-case-study.md ; license: unknown
adapted: rewritten from the behaviour of the notes' "Putting it all together" loop as a function (no line
    copied): step_size is lr, the 200 iterations are steps, the printed losses are the history, K is max(labels) + 1;
    W0, b0 and loss are accepted and not used.
"""

import numpy as np


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    D = X.shape[1]
    K = int(np.max(labels)) + 1
    W = 0.01 * np.random.randn(D, K)
    b = np.zeros((1, K))
    reg = 1e-3
    num_examples = X.shape[0]
    history = []
    for _ in range(steps):
        scores = np.dot(X, W) + b
        exp_scores = np.exp(scores)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        correct_logprobs = -np.log(probs[range(num_examples), labels])
        data_loss = np.sum(correct_logprobs) / num_examples
        history.append(data_loss + 0.5 * reg * np.sum(W * W))
        dscores = probs
        dscores[range(num_examples), labels] -= 1
        dscores /= num_examples
        dW = np.dot(X.T, dscores)
        db = np.sum(dscores, axis=0, keepdims=True)
        dW += reg * W
        W += -lr * dW
        b += -lr * db
    return W, b.ravel(), np.array(history)
