"""a3_gradients written around np.einsum, the full Jacobian where the lecture uses it, and basis vectors.

softmax_jacobian          np.einsum("...i,ij->...ij", s, I) - np.einsum("...i,...j->...ij", s, s)
ce_grad_logits            softmax with an np.einsum row sum, minus rows of np.eye(K), / N
mse_grad_logits           the full Jacobian of this file, contracted with g by np.einsum("nij,ni->nj", J, g)
numerical_gradient        basis vectors: f(x + eps e_k) - f(x - eps e_k), e_k built fresh, x never written to
loss_surface              np.meshgrid(indexing="ij") stacked to (A, B, 3); einsum sums; MSE as einsum of d with d
train_softmax_regression  calls this file's ce_grad_logits / mse_grad_logits; dW = np.einsum("nd,nk->dk", X, G)
"""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / np.einsum("...k->...", e)[..., None]


def softmax_jacobian(logits):
    s = _softmax(np.asarray(logits, dtype=float))
    eye = np.eye(s.shape[-1])
    return np.einsum("...i,ij->...ij", s, eye) - np.einsum("...i,...j->...ij", s, s)


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    Y = np.eye(z.shape[1])[np.asarray(labels, dtype=int)]
    return (_softmax(z) - Y) / z.shape[0]


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    Y = np.eye(z.shape[1])[np.asarray(labels, dtype=int)]
    s = _softmax(z)
    g = 2.0 * (s - Y) / z.shape[0]
    return np.einsum("nij,ni->nj", softmax_jacobian(z), g)


def numerical_gradient(f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.size)
    for k in range(x.size):
        e_k = np.zeros(x.size)
        e_k[k] = 1.0
        e_k = e_k.reshape(x.shape)
        grad[k] = (f(x + eps * e_k) - f(x - eps * e_k)) / (2.0 * eps)
    return grad.reshape(x.shape)


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError(f"unknown loss {loss!r}: use 'mse' or 'ce'")
    A, B = np.meshgrid(np.asarray(y1_values, dtype=float), np.asarray(y2_values, dtype=float), indexing="ij")
    z = np.stack([A, B, np.full(A.shape, float(y3))], axis=-1)
    m = z.max(axis=-1, keepdims=True)
    if loss == "ce":
        log_total = np.log(np.einsum("ijk->ij", np.exp(z - m)))
        return -(z[..., label] - m[..., 0] - log_total)
    d = np.eye(3)[label] - _softmax(z)
    return np.einsum("ijk,ijk->ij", d, d)


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError(f"unknown loss {loss!r}: use 'ce' or 'mse'")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels, dtype=int)
    if W0 is not None:
        K = np.shape(W0)[1]
    elif b0 is not None:
        K = np.shape(b0)[0]
    else:
        K = int(labels.max()) + 1
    W = np.zeros((X.shape[1], K)) if W0 is None else np.array(W0, dtype=float)
    b = np.zeros(K) if b0 is None else np.array(b0, dtype=float)
    Y = np.eye(K)[labels]
    history = np.zeros(steps)
    for step in range(steps):
        z = np.einsum("nd,dk->nk", X, W) + b
        s = _softmax(z)
        if loss == "ce":
            m = z.max(axis=1)
            lse = m + np.log(np.einsum("nk->n", np.exp(z - m[:, None])))
            history[step] = np.mean(lse - np.einsum("nk,nk->n", Y, z))
            G = ce_grad_logits(z, labels)
        else:
            d = Y - s
            history[step] = np.einsum("nk,nk->", d, d) / len(X)
            G = mse_grad_logits(z, labels)
        W = W - lr * np.einsum("nd,nk->dk", X, G)
        b = b - lr * np.einsum("nk->k", G)
    return W, b, history
