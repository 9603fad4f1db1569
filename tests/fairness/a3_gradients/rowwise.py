"""a3_gradients written one example (row) at a time with vectorised rows, and the standard library's itertools.

softmax_jacobian          np.apply_along_axis of a 1-D Jacobian, np.diagflat(s) - np.multiply.outer(s, s)
ce_grad_logits            row by row: softmax(z_n) - e_label, stacked, then / N
mse_grad_logits           row by row the contract's Jᵀg literally: (diag(s) - s sᵀ).T @ g for each example
numerical_gradient        itertools.product over the index ranges of x, a private copy perturbed and restored
loss_surface              np.vectorize of a scalar loss of (y1, y2) evaluated on the outer grid
train_softmax_regression  per-example accumulation: dW += np.outer(x_n, g_n), db += g_n, over the batch
"""

import itertools

import numpy as np


def _softmax_row(v):
    e = np.exp(v - np.max(v))
    return e / e.sum()


def _jacobian_row(v):
    s = _softmax_row(v)
    return np.diagflat(s) - np.multiply.outer(s, s)


def softmax_jacobian(logits):
    return np.apply_along_axis(_jacobian_row, -1, np.asarray(logits, dtype=float))


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    K = z.shape[1]
    rows = [_softmax_row(row) - np.eye(K)[int(c)] for row, c in zip(z, np.asarray(labels).reshape(-1))]
    return np.stack(rows) / len(rows)


def _mse_grad_row(v, c, N):
    s = _softmax_row(v)
    g = 2.0 * (s - np.eye(len(v))[c]) / N
    J = np.diag(s) - np.outer(s, s)
    return J.T @ g


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels).reshape(-1)
    return np.stack([_mse_grad_row(z[n], int(labels[n]), len(z)) for n in range(len(z))])


def numerical_gradient(f, x, eps=1e-6):
    work = np.array(x, dtype=float)
    grad = np.zeros(work.shape)
    for idx in itertools.product(*(range(n) for n in work.shape)):
        keep = work[idx]
        work[idx] = keep + eps
        forward = f(work)
        work[idx] = keep - eps
        backward = f(work)
        work[idx] = keep
        grad[idx] = (forward - backward) / (2 * eps)
    return grad


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError(f"unknown loss {loss!r}")

    def point(y1, y2):
        z = np.array([y1, y2, y3], dtype=float)
        if loss == "ce":
            m = z.max()
            return m + np.log(np.sum(np.exp(z - m))) - z[label]
        return np.sum((np.eye(3)[label] - _softmax_row(z)) ** 2)

    grid = np.vectorize(point, otypes=[float])
    return grid(np.asarray(y1_values, dtype=float)[:, None], np.asarray(y2_values, dtype=float)[None, :])


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError(f"unknown loss {loss!r}")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels, dtype=int)
    N, D = X.shape
    if W0 is not None:
        K = np.asarray(W0).shape[1]
    elif b0 is not None:
        K = len(b0)
    else:
        K = int(max(labels)) + 1
    W = np.zeros((D, K)) if W0 is None else np.array(W0, dtype=float)
    b = np.zeros(K) if b0 is None else np.array(b0, dtype=float)
    eye = np.eye(K)
    history = []
    for _ in range(steps):
        total = 0.0
        dW = np.zeros((D, K))
        db = np.zeros(K)
        for x_n, c in zip(X, labels):
            z = x_n @ W + b
            s = _softmax_row(z)
            if loss == "ce":
                m = z.max()
                total += m + np.log(np.sum(np.exp(z - m))) - z[c]
                g = (s - eye[c]) / N
            else:
                total += np.sum((eye[c] - s) ** 2)
                g = _mse_grad_row(z, c, N)
            dW += np.outer(x_n, g)
            db += g
        history.append(total / N)
        W = W - lr * dW
        b = b - lr * db
    return W, b, np.array(history)
