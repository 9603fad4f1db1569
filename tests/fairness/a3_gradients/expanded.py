"""a3_gradients written with expanded and log1p forms, reductions regrouped.

softmax_jacobian          each row's np.diag(s) - np.outer(s, s), stacked (a (K,) input gives its (K, K))
ce_grad_logits            np.where(class == label, s - 1, s) / N, s = exp(z - lse) with lse in log1p form
mse_grad_logits           ⟨s - ŷ, s⟩ expanded to ‖s‖² - s_label: ∂e/∂z = (2/N) s ⊙ (s - ŷ - ‖s‖² + s_label)
numerical_gradient        add and subtract in place on a private copy: x_k += eps, x_k -= 2 eps, x_k += eps
loss_surface              CE in log1p form (m + log1p(Σ others) - z_label); MSE expanded: 1 - 2 s_label + Σ s²
train_softmax_regression  per-example gradients left unscaled, summed, then divided: dW = Xᵀ(s - Y) / N (MSE expanded)
"""

import numpy as np


def _log_sum_exp(z):
    """log Σ exp(z) along the last axis as m + log1p(Σ exp(z - m) over every entry but the first max)."""
    top = np.argmax(z, axis=-1)[..., None]
    m = np.take_along_axis(z, top, axis=-1)
    others = np.exp(z - m)
    np.put_along_axis(others, top, 0.0, axis=-1)
    return m + np.log1p(np.sum(others, axis=-1, keepdims=True))


def _softmax(z):
    return np.exp(z - _log_sum_exp(z))


def softmax_jacobian(logits):
    z = np.asarray(logits, dtype=float)
    rows = _softmax(z).reshape(-1, z.shape[-1])
    J = np.array([np.diag(s) - np.outer(s, s) for s in rows])
    return J.reshape(z.shape + (z.shape[-1],))


def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    s = _softmax(z)
    is_label = np.arange(z.shape[1]) == np.asarray(labels, dtype=int)[:, None]
    return np.where(is_label, s - 1.0, s) / z.shape[0]


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels, dtype=int)
    s = _softmax(z)
    Y = np.eye(z.shape[1])[labels]
    s_label = s[np.arange(len(z)), labels][:, None]
    norm2 = np.sum(s * s, axis=1, keepdims=True)
    return 2.0 / len(z) * s * (s - Y - norm2 + s_label)


def numerical_gradient(f, x, eps=1e-6):
    x = np.array(x, dtype=float, order="C")
    flat = x.reshape(-1)
    grad = np.zeros(x.size)
    for i in range(x.size):
        flat[i] += eps
        fp = f(x)
        flat[i] -= 2 * eps
        fm = f(x)
        flat[i] += eps
        grad[i] = (fp - fm) / (2 * eps)
    return grad.reshape(x.shape)


def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    if loss not in ("mse", "ce"):
        raise ValueError(f"loss must be 'mse' or 'ce', got {loss!r}")
    a = np.asarray(y1_values, dtype=float)
    b = np.asarray(y2_values, dtype=float)
    z = np.stack(np.broadcast_arrays(a[:, None], b[None, :], np.array(float(y3))), axis=-1)
    if loss == "ce":
        return _log_sum_exp(z)[..., 0] - z[..., label]
    s = _softmax(z)
    return 1.0 - 2.0 * s[..., label] + np.sum(s * s, axis=-1)


def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    if loss not in ("ce", "mse"):
        raise ValueError(f"loss must be 'ce' or 'mse', got {loss!r}")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels, dtype=int)
    N = X.shape[0]
    K = np.shape(W0)[1] if W0 is not None else np.shape(b0)[0] if b0 is not None else int(labels.max()) + 1
    W = np.zeros((X.shape[1], K)) if W0 is None else np.array(W0, dtype=float)
    b = np.zeros(K) if b0 is None else np.array(b0, dtype=float)
    rows = np.arange(N)
    Y = np.eye(K)[labels]
    history = []
    for _ in range(steps):
        z = X @ W + b
        s = _softmax(z)
        if loss == "ce":
            history.append(float(np.mean(_log_sum_exp(z)[:, 0] - z[rows, labels])))
            G = s - Y
        else:
            history.append(float(np.sum((Y - s) ** 2) / N))
            G = 2.0 * s * (s - Y - np.sum(s * s, axis=1, keepdims=True) + s[rows, labels][:, None])
        W = W - lr * (X.T @ G) / N
        b = b - lr * G.sum(axis=0) / N
    return W, b, np.array(history)
