# Sample submission: a correct solution.
"""Assignment a3_gradients — why cross-entropy trains better.

Lecture 02.3, section 2.2: "Changing the loss function can change the difficulty of optimization."
With MSE the error surface is flat where the loss is large (the softmax is saturated), so gradient
descent stalls; with cross-entropy the gradient with respect to the logits is softmax − one-hot, which
stays large exactly when the prediction is badly wrong.
"""
import numpy as np


def _softmax(z: np.ndarray) -> np.ndarray:
    """Stable softmax along the last axis (given: it was a1's exercise)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """One-hot rows for integer labels (given: it was a1's exercise)."""
    return (np.asarray(labels).astype(np.int64)[..., None] == np.arange(num_classes)).astype(float)


def softmax_jacobian(logits: np.ndarray) -> np.ndarray:
    """∂y'ᵢ/∂zⱼ = y'ᵢ(δᵢⱼ − y'ⱼ), i.e. diag(s) − s sᵀ; (K,) → (K, K) or (N, K) → (N, K, K)."""
    s = _softmax(logits)
    return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]


def ce_grad_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the mean softmax cross-entropy w.r.t. the logits: (softmax − one-hot) / N."""
    z = np.asarray(logits, dtype=float)
    return (_softmax(z) - _one_hot(labels, z.shape[-1])) / z.shape[0]


def mse_grad_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of mean_n Σᵢ (ŷᵢ − y'ᵢ)² w.r.t. the logits, through the softmax Jacobian.

    With g = ∂e/∂y' = 2(y' − ŷ)/N, the chain rule gives ∂e/∂z = Jᵀg = y' ⊙ (g − ⟨g, y'⟩). Every term
    carries a factor y'ᵢ(1 − y'ᵢ) or y'ᵢy'ⱼ: when the softmax saturates the gradient vanishes.
    """
    z = np.asarray(logits, dtype=float)
    s = _softmax(z)
    g = 2.0 * (s - _one_hot(labels, z.shape[-1])) / z.shape[0]
    return s * (g - np.sum(g * s, axis=-1, keepdims=True))


def numerical_gradient(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences (f(x + eps·eₖ) − f(x − eps·eₖ)) / (2 eps) for every coordinate k of x.

    Works on a copy, so the caller's x is left unchanged.
    """
    x = np.array(x, dtype=float, copy=True, order="C")  # C order: reshape(-1) below is a view, whatever x was
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        up = f(x)
        flat[k] = old - eps
        down = f(x)
        flat[k] = old
        gflat[k] = (up - down) / (2.0 * eps)
    return grad


def loss_surface(loss: str, y1_values: np.ndarray, y2_values: np.ndarray, y3: float = -1000.0, label: int = 0) -> np.ndarray:
    """The lecture's error surface: surface[i, j] is the loss for logits (y1_values[i], y2_values[j], y3).

    loss is "mse" (Σᵢ (ŷᵢ − y'ᵢ)²) or "ce" (−ln y'_label), the target class is `label`. Where y1 ≪ y2
    (target class 0) MSE is large but flat; cross-entropy is large and steep.
    """
    if loss not in ("mse", "ce"):
        raise ValueError(f"loss must be 'mse' or 'ce', not {loss!r}")
    a = np.asarray(y1_values, dtype=float)
    b = np.asarray(y2_values, dtype=float)
    z = np.stack(np.broadcast_arrays(a[:, None], b[None, :], np.full((a.size, b.size), float(y3))), axis=-1)
    if loss == "ce":
        m = np.max(z, axis=-1, keepdims=True)
        log_s = z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
        return -log_s[..., label]
    return np.sum((_one_hot(np.full(z.shape[:-1], label), 3) - _softmax(z)) ** 2, axis=-1)


def train_softmax_regression(X: np.ndarray, labels: np.ndarray, loss: str, lr: float = 0.1, steps: int = 100, W0=None, b0=None):
    """Full-batch gradient descent on softmax regression y' = softmax(X W + b) with `loss` "ce" or "mse".

    Returns (W, b, history): W (D, K), b (K,), history the loss before each of the `steps` updates.
    K is max(labels) + 1 unless W0 or b0 gives it. Starts from W0, b0 (zeros when None): deterministic.
    """
    if loss not in ("mse", "ce"):
        raise ValueError(f"loss must be 'mse' or 'ce', not {loss!r}")
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels).astype(np.int64)
    if W0 is not None:
        K = np.shape(W0)[1]
    elif b0 is not None:
        K = np.shape(b0)[0]
    else:
        K = int(labels.max()) + 1
    W = np.zeros((X.shape[1], K)) if W0 is None else np.array(W0, dtype=float, copy=True)
    b = np.zeros(K) if b0 is None else np.array(b0, dtype=float, copy=True)
    Y = _one_hot(labels, K)
    N = X.shape[0]
    history = []
    for _ in range(steps):
        z = X @ W + b
        s = _softmax(z)
        if loss == "ce":
            m = np.max(z, axis=-1, keepdims=True)
            log_s = z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
            history.append(float(-np.mean(np.sum(Y * log_s, axis=-1))))
            G = (s - Y) / N
        else:
            history.append(float(np.mean(np.sum((Y - s) ** 2, axis=-1))))
            g = 2.0 * (s - Y) / N
            G = s * (g - np.sum(g * s, axis=-1, keepdims=True))
        W = W - lr * (X.T @ G)
        b = b - lr * G.sum(axis=0)
    return W, b, np.array(history)
