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
    # YOUR CODE HERE
    raise NotImplementedError


def ce_grad_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the mean softmax cross-entropy w.r.t. the logits: (softmax − one-hot) / N."""
    # YOUR CODE HERE
    raise NotImplementedError


def mse_grad_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of mean_n Σᵢ (ŷᵢ − y'ᵢ)² w.r.t. the logits, through the softmax Jacobian.

    With g = ∂e/∂y' = 2(y' − ŷ)/N, the chain rule gives ∂e/∂z = Jᵀg = y' ⊙ (g − ⟨g, y'⟩). Every term
    carries a factor y'ᵢ(1 − y'ᵢ) or y'ᵢy'ⱼ: when the softmax saturates the gradient vanishes.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def numerical_gradient(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences (f(x + eps·eₖ) − f(x − eps·eₖ)) / (2 eps) for every coordinate k of x.

    Works on a copy, so the caller's x is left unchanged.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def loss_surface(
    loss: str, y1_values: np.ndarray, y2_values: np.ndarray, y3: float = -1000.0, label: int = 0
) -> np.ndarray:
    """The lecture's error surface: surface[i, j] is the loss for logits (y1_values[i], y2_values[j], y3).

    loss is "mse" (Σᵢ (ŷᵢ − y'ᵢ)²) or "ce" (−ln y'_label), the target class is `label`. Where y1 ≪ y2
    (target class 0) MSE is large but flat; cross-entropy is large and steep.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def train_softmax_regression(
    X: np.ndarray, labels: np.ndarray, loss: str, lr: float = 0.1, steps: int = 100, W0=None, b0=None
):
    """Full-batch gradient descent on softmax regression y' = softmax(X W + b) with `loss` "ce" or "mse".

    Returns (W, b, history): W (D, K), b (K,), history the loss before each of the `steps` updates.
    K is max(labels) + 1 unless W0 or b0 gives it. Starts from W0, b0 (zeros when None): deterministic.
    """
    # YOUR CODE HERE
    raise NotImplementedError
