"""An iris softmax-regression fit: a bias column in X, zero weights, full-batch gradient descent on cross-entropy.

problem: train_softmax_regression
label: bug
bug: only the cross-entropy is trained (loss="mse" trains CE), K is the number of distinct labels rather than
    max(labels) + 1 (a missing class shifts every later column), W0 and b0 are ignored, and the loss adds 1e-15
    inside the log.
source: https://github.com/Jay-prakashpandey/Agentic_AI_Projects/blob/a29e807394f2efcea128ae4ba2fc3571dbb0db9d/Machine_learning/classification/logistic_regrassion.py
repository: Jay-prakashpandey/Agentic_AI_Projects ; path: Machine_learning/classification/logistic_regrassion.py
    ; license: unknown
adapted: rewritten from the behaviour of LogisticRegression.fit(train_x, train_y, iteration) (no line copied):
    learning_rate is lr, iteration is steps, the losses list is the history, and the bias row of the weights is b.
"""

import numpy as np


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    m, n = X.shape
    k = len(np.unique(labels))
    weights = np.zeros((n + 1, k))
    Xb = np.c_[np.ones(m), X]
    Y = np.eye(k)[labels]
    history = []
    for _ in range(steps):
        z = np.dot(Xb, weights)
        exp_z = np.exp(z - np.max(z, axis=1, keepdims=True))
        y_pred = exp_z / np.sum(exp_z, axis=1, keepdims=True)
        history.append((-1 / m) * np.sum(Y * np.log(y_pred + 1e-15)))
        gradient = (1 / m) * np.dot(Xb.T, (y_pred - Y))
        weights -= lr * gradient
    return weights[1:], weights[0], np.array(history)
