"""a3_gradients written with numpy's ufunc methods and distributed (multiplied-out) products.

softmax_jacobian          diag(s) as I * s[..., None, :] (δ_ij s_j), the outer part with np.multiply, np.subtract
ce_grad_logits            np.subtract(s, Y), np.true_divide by N; the softmax with np.maximum.reduce and np.add.reduce
mse_grad_logits           Jᵀg multiplied out: s ⊙ g - s ⊙ Σ(s ⊙ g), the sum by np.add.reduce
numerical_gradient        fresh copies for every coordinate: x.copy() with .flat[k] += eps, another with .flat[k] -= eps
loss_surface              z stacked to (A, B, 3); np.maximum.reduce and np.add.reduce along the last axis
train_softmax_regression  no matrix product: dW = np.add.reduce(X[:, :, None] * G[:, None, :]) over the examples
"""

import numpy as np


def _softmax(z):
    e = np.exp(np.subtract(z, np.maximum.reduce(z, axis=-1, keepdims=True)))
    return np.true_divide(e, np.add.reduce(e, axis=-1, keepdims=True))


def _one_hot(labels, K):
    return np.equal.outer(np.asarray(labels, dtype=int), np.arange(K)).astype(float)


def softmax_jacobian(logits):
    s = _softmax(np.asarray(logits, dtype=float))
    diag = np.eye(s.shape[-1]) * s[..., None, :]
    return np.subtract(diag, np.multiply(s[..., :, None], s[..., None, :]))


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return np.true_divide(np.subtract(_softmax(z), _one_hot(labels, z.shape[1])), z.shape[0])


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    s = _softmax(z)
    g = 2.0 * np.subtract(s, _one_hot(labels, z.shape[1])) / z.shape[0]
    sg = np.multiply(s, g)
    return sg - s * np.add.reduce(sg, axis=1, keepdims=True)


def numerical_gradient(f, x, eps=1e-6):
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape)
    for k in range(x.size):
        plus = x.copy()
        plus.flat[k] += eps
        minus = x.copy()
        minus.flat[k] -= eps
        grad.flat[k] = (f(plus) - f(minus)) / (2.0 * eps)
    return grad


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError(f"loss must be 'mse' or 'ce', not {loss!r}")
    a = np.asarray(y1_values, dtype=float)
    b = np.asarray(y2_values, dtype=float)
    z = np.stack([np.repeat(a[:, None], b.size, axis=1), np.repeat(b[None, :], a.size, axis=0)], axis=-1)
    z = np.concatenate([z, np.full(z.shape[:2] + (1,), float(y3))], axis=-1)
    if loss == "ce":
        m = np.maximum.reduce(z, axis=-1)
        lse = m + np.log(np.add.reduce(np.exp(z - m[..., None]), axis=-1))
        return lse - z[..., label]
    target = np.equal(np.arange(3), label).astype(float)
    return np.add.reduce(np.square(target - _softmax(z)), axis=-1)


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError(f"loss must be 'ce' or 'mse', not {loss!r}")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels, dtype=int)
    if W0 is not None:
        K = np.shape(W0)[-1]
    elif b0 is not None:
        K = np.size(b0)
    else:
        K = int(np.maximum.reduce(labels)) + 1
    W = np.array(W0, dtype=float) if W0 is not None else np.zeros((X.shape[1], K))
    b = np.array(b0, dtype=float) if b0 is not None else np.zeros(K)
    Y = _one_hot(labels, K)
    history = []
    for _ in range(steps):
        z = np.add.reduce(X[:, :, None] * W[None, :, :], axis=1) + b
        if loss == "ce":
            m = np.maximum.reduce(z, axis=1, keepdims=True)
            log_s = z - m - np.log(np.add.reduce(np.exp(z - m), axis=1, keepdims=True))
            history.append(float(-np.add.reduce(np.add.reduce(Y * log_s, axis=1)) / len(X)))
            G = ce_grad_logits(z, labels)
        else:
            history.append(float(np.add.reduce(np.square(Y - _softmax(z)), axis=None) / len(X)))
            G = mse_grad_logits(z, labels)
        W = W - lr * np.add.reduce(X[:, :, None] * G[:, None, :], axis=0)
        b = b - lr * np.add.reduce(G, axis=0)
    return W, b, np.array(history)
