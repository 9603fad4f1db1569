"""a3_gradients written with matrix products where a textbook writes sums, and the bias folded into the weights.

softmax_jacobian          diag(s) as s[..., None] * I, minus the outer product s sᵀ as a matmul of (K, 1) by (1, K)
ce_grad_logits            softmax row sums as a product with a vector of ones; (s - Y) multiplied by 1/N
mse_grad_logits           Jᵀ g literally: this file's Jacobian, transposed, matmul with g as a column
numerical_gradient        np.unravel_index(k, shape) gives each coordinate of a private copy (any memory layout)
loss_surface              three named logit arrays broadcast against each other (no stacking), written-out terms
train_softmax_regression  the bias trick: X gets a column of ones, Θ = [W; b] is (D + 1, K), Θ -= lr X1ᵀ G
"""

import numpy as np


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / (e @ np.ones(e.shape[-1]))[..., None]


def softmax_jacobian(logits):
    s = _softmax(np.asarray(logits, dtype=float))
    diag = s[..., :, None] * np.eye(s.shape[-1])
    return diag - s[..., :, None] @ s[..., None, :]


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    Y = np.eye(z.shape[1])[np.asarray(labels, dtype=int)]
    return (_softmax(z) - Y) * (1.0 / z.shape[0])


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    Y = np.eye(z.shape[1])[np.asarray(labels, dtype=int)]
    g = 2.0 * (_softmax(z) - Y) / z.shape[0]
    J = softmax_jacobian(z)
    return (np.swapaxes(J, -1, -2) @ g[..., None])[..., 0]


def numerical_gradient(f, x, eps=1e-6):
    work = np.asarray(x).astype(float)
    grad = np.zeros(work.shape)
    for k in range(work.size):
        idx = np.unravel_index(k, work.shape)
        saved = work[idx]
        work[idx] = saved + eps
        f_plus = f(work)
        work[idx] = saved - eps
        f_minus = f(work)
        work[idx] = saved
        grad[idx] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError("loss must be 'mse' or 'ce'")
    z1 = np.asarray(y1_values, dtype=float)[:, None]
    z2 = np.asarray(y2_values, dtype=float)[None, :]
    z3 = np.full((z1.shape[0], z2.shape[1]), float(y3))
    m = np.maximum(np.maximum(z1, z2), z3)
    e1, e2, e3 = np.exp(z1 - m), np.exp(z2 - m), np.exp(z3 - m)
    total = e1 + e2 + e3
    shifted = [z1 - m, z2 - m, z3 - m]
    if loss == "ce":
        return np.log(total) - shifted[label]
    s = [e1 / total, e2 / total, e3 / total]
    t = [1.0 if k == label else 0.0 for k in range(3)]
    return (t[0] - s[0]) ** 2 + (t[1] - s[1]) ** 2 + (t[2] - s[2]) ** 2


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError("loss must be 'ce' or 'mse'")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels, dtype=int)
    N, D = X.shape
    if W0 is not None:
        K = np.asarray(W0).shape[1]
    elif b0 is not None:
        K = np.asarray(b0).shape[0]
    else:
        K = labels.max() + 1
    theta = np.zeros((D + 1, K))
    if W0 is not None:
        theta[:D] = W0
    if b0 is not None:
        theta[D] = b0
    X1 = np.hstack([X, np.ones((N, 1))])
    Y = np.eye(K)[labels]
    history = []
    for _ in range(steps):
        z = X1 @ theta
        s = _softmax(z)
        if loss == "ce":
            m = z.max(axis=1, keepdims=True)
            log_s = z - m - np.log(np.exp(z - m) @ np.ones((K, 1)))
            history.append(-np.sum(Y * log_s) / N)
            G = ce_grad_logits(z, labels)
        else:
            history.append(np.sum((Y - s) ** 2) / N)
            G = mse_grad_logits(z, labels)
        theta -= lr * (X1.T @ G)
    return theta[:D].copy(), theta[D].copy(), np.array(history)
