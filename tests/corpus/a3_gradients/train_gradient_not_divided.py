"""Gradient descent whose gradient is not divided by N: no misconception the kit checks here.

problem: train_softmax_regression
expect: none
"""
import numpy as np


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels).astype(np.int64)
    K = np.shape(W0)[1] if W0 is not None else (np.shape(b0)[0] if b0 is not None else int(labels.max()) + 1)
    W = np.zeros((X.shape[1], K)) if W0 is None else np.array(W0, dtype=float, copy=True)
    b = np.zeros(K) if b0 is None else np.array(b0, dtype=float, copy=True)
    Y = _one_hot(labels, K)
    history = []
    for _ in range(steps):
        s = _softmax(X @ W + b)
        if loss == "ce":
            history.append(float(-np.mean(np.sum(Y * np.log(np.clip(s, 1e-300, 1)), axis=-1))))
            G = s - Y
        else:
            history.append(float(np.mean(np.sum((Y - s) ** 2, axis=-1))))
            g = 2.0 * (s - Y)
            G = s * (g - np.sum(g * s, axis=-1, keepdims=True))
        W = W - lr * (X.T @ G)
        b = b - lr * G.sum(axis=0)
    return W, b, np.array(history)
