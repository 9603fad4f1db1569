"""a3_gradients written with pure-Python loops over indices and the math module.

softmax_jacobian          each row's softmax with math.exp, then J[i][j] = s_i (δ_ij - s_j) in two loops
ce_grad_logits            each row: softmax, minus 1 at the label, divided by N, element by element
mse_grad_logits           each row: g_i = 2 (s_i - ŷ_i) / N, then ∂e/∂z_j = Σ_i g_i s_i (δ_ij - s_j) in two loops
numerical_gradient        np.ndindex over a private copy: set x_k + eps, x_k - eps, restore the saved value
loss_surface              two loops over the grid; each point's three logits through a math softmax
train_softmax_regression  every product, softmax and gradient written as loops over examples, features, classes
"""

import math

import numpy as np


def _softmax_row(row):
    m = max(row)
    exps = [math.exp(v - m) for v in row]
    total = sum(exps)
    return [e / total for e in exps]


def softmax_jacobian(logits):
    z = np.asarray(logits, dtype=float)
    rows = z.reshape(-1, z.shape[-1])
    K = rows.shape[1]
    J = np.zeros((rows.shape[0], K, K))
    for n in range(rows.shape[0]):
        s = _softmax_row(list(rows[n]))
        for i in range(K):
            for j in range(K):
                delta = 1.0 if i == j else 0.0
                J[n, i, j] = s[i] * (delta - s[j])
    return J.reshape(z.shape + (K,))


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels).reshape(-1)
    N, K = z.shape
    grad = np.zeros((N, K))
    for n in range(N):
        s = _softmax_row(list(z[n]))
        for k in range(K):
            target = 1.0 if k == labels[n] else 0.0
            grad[n, k] = (s[k] - target) / N
    return grad


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels).reshape(-1)
    N, K = z.shape
    grad = np.zeros((N, K))
    for n in range(N):
        s = _softmax_row(list(z[n]))
        g = [2.0 * (s[i] - (1.0 if i == labels[n] else 0.0)) / N for i in range(K)]
        for j in range(K):
            total = 0.0
            for i in range(K):
                delta = 1.0 if i == j else 0.0
                total += g[i] * s[i] * (delta - s[j])
            grad[n, j] = total
    return grad


def numerical_gradient(f, x, eps=1e-6):
    work = np.array(x, dtype=float)
    grad = np.zeros(work.shape)
    for idx in np.ndindex(work.shape):
        old = work[idx]
        work[idx] = old + eps
        up = f(work)
        work[idx] = old - eps
        down = f(work)
        work[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError(f"loss must be 'mse' or 'ce', not {loss!r}")
    y1_values = [float(v) for v in np.asarray(y1_values).reshape(-1)]
    y2_values = [float(v) for v in np.asarray(y2_values).reshape(-1)]
    surface = np.zeros((len(y1_values), len(y2_values)))
    for i, y1 in enumerate(y1_values):
        for j, y2 in enumerate(y2_values):
            z = [y1, y2, float(y3)]
            if loss == "ce":
                m = max(z)
                log_total = math.log(sum(math.exp(v - m) for v in z))
                surface[i, j] = -(z[label] - m - log_total)
            else:
                s = _softmax_row(z)
                surface[i, j] = sum(((1.0 if k == label else 0.0) - s[k]) ** 2 for k in range(3))
    return surface


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError(f"loss must be 'ce' or 'mse', not {loss!r}")
    X = np.asarray(X, dtype=float)
    labels = [int(c) for c in np.asarray(labels).reshape(-1)]
    N, D = X.shape
    if W0 is not None:
        K = len(W0[0])
    elif b0 is not None:
        K = len(b0)
    else:
        K = max(labels) + 1
    W = [[0.0] * K for _ in range(D)] if W0 is None else [[float(v) for v in row] for row in W0]
    b = [0.0] * K if b0 is None else [float(v) for v in b0]
    history = []
    for _ in range(steps):
        total = 0.0
        dW = [[0.0] * K for _ in range(D)]
        db = [0.0] * K
        for n in range(N):
            z = [b[k] + sum(X[n, d] * W[d][k] for d in range(D)) for k in range(K)]
            s = _softmax_row(z)
            y = [1.0 if k == labels[n] else 0.0 for k in range(K)]
            if loss == "ce":
                m = max(z)
                total += m + math.log(sum(math.exp(v - m) for v in z)) - z[labels[n]]
                g = [(s[k] - y[k]) / N for k in range(K)]
            else:
                total += sum((y[k] - s[k]) ** 2 for k in range(K))
                gs = [2.0 * (s[k] - y[k]) / N for k in range(K)]
                inner = sum(gs[k] * s[k] for k in range(K))
                g = [s[k] * (gs[k] - inner) for k in range(K)]
            for k in range(K):
                db[k] += g[k]
                for d in range(D):
                    dW[d][k] += X[n, d] * g[k]
        history.append(total / N)
        for k in range(K):
            b[k] -= lr * db[k]
            for d in range(D):
                W[d][k] -= lr * dW[d][k]
    return np.array(W), np.array(b), np.array(history)
