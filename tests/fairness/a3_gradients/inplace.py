"""a3_gradients written with in-place operations on private copies (the style of course assignment solutions).

softmax_jacobian          J = -s sᵀ first, then s added to the diagonal in place through fancy indexing
ce_grad_logits            the course classic: g = softmax(z); g[range(N), labels] -= 1; g /= N
mse_grad_logits           g = s, g[range(N), labels] -= 1, g *= 2/N, g -= ⟨g, s⟩, g *= s: all in place
numerical_gradient        a contiguous private copy and a flat view of it: flat[k] set to x_k ± eps, then restored
loss_surface              a private (A, B, 3) array shifted in place; CE from log Σ exp, MSE from s with s[label] -= 1
train_softmax_regression  W, b private copies updated in place (W -= lr dW); gradients from this file's functions
"""

import numpy as np


def _softmax(z):
    e = np.array(z, dtype=float)
    e -= e.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def softmax_jacobian(logits):
    s = _softmax(logits)
    K = s.shape[-1]
    J = -s[..., :, None] * s[..., None, :]
    idx = np.arange(K)
    J[..., idx, idx] += s
    return J


def ce_grad_logits(logits, labels):
    g = _softmax(logits)
    N = g.shape[0]
    g[np.arange(N), np.asarray(labels, dtype=int)] -= 1.0
    g /= N
    return g


def mse_grad_logits(logits, labels):
    s = _softmax(logits)
    N = s.shape[0]
    g = s.copy()
    g[np.arange(N), np.asarray(labels, dtype=int)] -= 1.0
    g *= 2.0 / N
    g -= np.sum(g * s, axis=1, keepdims=True)
    g *= s
    return g


def numerical_gradient(f, x, eps=1e-6):
    work = np.copy(np.asarray(x, dtype=float), order="C")
    flat = work.reshape(-1)
    grad = np.empty(work.size)
    for k in range(work.size):
        saved = flat[k]
        flat[k] = saved + eps
        high = f(work)
        flat[k] = saved - eps
        low = f(work)
        flat[k] = saved
        grad[k] = (high - low) / (2.0 * eps)
    return grad.reshape(work.shape)


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError("loss must be 'mse' or 'ce'")
    a = np.asarray(y1_values, dtype=float)
    b = np.asarray(y2_values, dtype=float)
    z = np.empty((a.size, b.size, 3))
    z[:, :, 0] = a[:, None]
    z[:, :, 1] = b[None, :]
    z[:, :, 2] = y3
    z -= z.max(axis=-1, keepdims=True)
    if loss == "ce":
        return np.log(np.exp(z).sum(axis=-1)) - z[:, :, label]
    s = np.exp(z)
    s /= s.sum(axis=-1, keepdims=True)
    s[:, :, label] -= 1.0
    s *= s
    return s.sum(axis=-1)


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError("loss must be 'ce' or 'mse'")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels, dtype=int)
    N = X.shape[0]
    if W0 is not None:
        W = np.array(W0, dtype=float)
        K = W.shape[1]
    else:
        K = np.asarray(b0).shape[0] if b0 is not None else int(labels.max()) + 1
        W = np.zeros((X.shape[1], K))
    b = np.zeros(K) if b0 is None else np.array(b0, dtype=float)
    rows = np.arange(N)
    history = np.empty(steps)
    for step in range(steps):
        z = X @ W
        z += b
        if loss == "ce":
            shifted = z - z.max(axis=1, keepdims=True)
            log_norm = np.log(np.exp(shifted).sum(axis=1))
            history[step] = np.mean(log_norm - shifted[rows, labels])
            G = ce_grad_logits(z, labels)
        else:
            d = _softmax(z)
            d[rows, labels] -= 1.0
            history[step] = np.sum(d * d) / N
            G = mse_grad_logits(z, labels)
        W -= lr * (X.T @ G)
        b -= lr * G.sum(axis=0)
    return W, b, history
