"""a3_gradients written with np.logaddexp for every log-sum-exp, and factored forms.

softmax_jacobian          s = exp(z - logaddexp.reduce(z)), factored: J = s[..., :, None] * (I - s[..., None, :])
ce_grad_logits            exp(z - np.logaddexp.reduce(z, axis=1)) minus the one-hot rows, / N
mse_grad_logits           the factor 2/N taken out to the end: (2/N) s ⊙ ((s - ŷ) - ⟨s - ŷ, s⟩)
numerical_gradient        np.nditer with multi_index over a private copy, read-write (the classic course loop)
loss_surface              CE = np.logaddexp.reduce(z) - z_label; MSE from s = exp(z - logaddexp.reduce(z))
train_softmax_regression  the CE history as the mean of logaddexp.reduce(z) - z_label; gradients written inline
"""

import numpy as np


def _softmax(z):
    return np.exp(z - np.logaddexp.reduce(z, axis=-1, keepdims=True))


def _one_hot(labels, K):
    return (np.asarray(labels, dtype=int)[:, None] == np.arange(K)).astype(float)


def softmax_jacobian(logits):
    s = _softmax(np.asarray(logits, dtype=float))
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return (_softmax(z) - _one_hot(labels, z.shape[1])) / z.shape[0]


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    s = _softmax(z)
    r = s - _one_hot(labels, z.shape[1])
    return (2.0 / z.shape[0]) * s * (r - np.sum(r * s, axis=1, keepdims=True))


def numerical_gradient(f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + eps
        fxph = f(x)
        x[ix] = old - eps
        fxmh = f(x)
        x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * eps)
        it.iternext()
    return grad


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError(f"unknown loss: {loss!r}")
    a = np.asarray(y1_values, dtype=float)
    b = np.asarray(y2_values, dtype=float)
    z = np.empty((a.size, b.size, 3))
    z[..., 0] = a[:, None]
    z[..., 1] = b[None, :]
    z[..., 2] = y3
    lse = np.logaddexp.reduce(z, axis=-1)
    if loss == "ce":
        return lse - z[..., label]
    s = np.exp(z - lse[..., None])
    s[..., label] -= 1.0
    return np.sum(s**2, axis=-1)


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError(f"unknown loss: {loss!r}")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels, dtype=int)
    if W0 is not None:
        K = len(W0[0])
    elif b0 is not None:
        K = len(b0)
    else:
        K = int(np.max(labels)) + 1
    W = np.zeros((X.shape[1], K)) if W0 is None else np.array(W0, dtype=float)
    b = np.zeros(K) if b0 is None else np.array(b0, dtype=float)
    N = len(X)
    rows = np.arange(N)
    Y = _one_hot(labels, K)
    history = []
    for _ in range(steps):
        z = X @ W + b
        lse = np.logaddexp.reduce(z, axis=1)
        s = np.exp(z - lse[:, None])
        if loss == "ce":
            history.append(float(np.mean(lse - z[rows, labels])))
            G = (s - Y) / N
        else:
            history.append(float(np.mean(np.sum((s - Y) ** 2, axis=1))))
            r = s - Y
            G = (2.0 / N) * s * (r - np.sum(r * s, axis=1, keepdims=True))
        W = W - lr * X.T @ G
        b = b - lr * G.sum(axis=0)
    return W, b, np.array(history)
