"""Assignment a2_losses — comparing a prediction with a label.

Lecture 02.3, section 2.2: the loss (損失函數) e measures the gap between the one-hot label ŷ and the
softmax output y'. Mean Square Error e = Σᵢ (ŷᵢ − y'ᵢ)²; cross-entropy (交叉熵) e = −Σᵢ ŷᵢ ln y'ᵢ.
Minimising cross-entropy is maximising likelihood. Every loss here is a mean over the batch (axis 0).
"""

import numpy as np


def mse_loss(targets: np.ndarray, probs: np.ndarray) -> float:
    """Mean over the batch of e = Σᵢ (ŷᵢ − y'ᵢ)²; targets (one-hot or soft) and probs are (N, K)."""
    # YOUR CODE HERE
    raise NotImplementedError


def cross_entropy(targets: np.ndarray, probs: np.ndarray, eps: float = 1e-12) -> float:
    """Mean over the batch of e = −Σᵢ ŷᵢ ln y'ᵢ, with probs clipped to [eps, 1] so that ln 0 never happens.

    targets are one-hot rows or soft targets (rows of probabilities, e.g. label smoothing): every class counts.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean cross-entropy of softmax(logits) against integer labels (N,), from the logits directly.

    −ln y'_label = log Σⱼ exp(zⱼ) − z_label, with the log-sum-exp taken after subtracting the max, so the
    loss is exact and finite even for logits of ±1e4 (where softmax itself rounds to 0 and 1).
    """
    # YOUR CODE HERE
    raise NotImplementedError


def binary_cross_entropy(targets: np.ndarray, probs: np.ndarray, eps: float = 1e-12) -> float:
    """Mean over every element of −[t ln p + (1−t) ln(1−p)], probs clipped to [eps, 1−eps].

    The loss of the lecture's table for a sigmoid output (binary, multi-label, bounded regression).
    """
    # YOUR CODE HERE
    raise NotImplementedError


def likelihood(probs: np.ndarray, labels: np.ndarray) -> float:
    """∏ₙ y'ₙ,labelₙ: the probability that the model gives to the labels that were observed.

    Its negative log, divided by N, is the mean cross-entropy: maximising one minimises the other.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def output_layer_for(problem: str) -> tuple:
    """The lecture's table (問題類型 → 最後一層激勵函數, 損失函數) as (activation, loss).

    "binary" → ("sigmoid", "binary_crossentropy"); "multiclass" → ("softmax", "categorical_crossentropy");
    "multilabel" → ("sigmoid", "binary_crossentropy"); "regression" → ("none", "mse") (the lecture's MSE/RMSE:
    "rmse" is also accepted); "bounded_regression" → ("sigmoid", "mse") (binary_crossentropy is also accepted).
    ValueError otherwise.
    """
    # YOUR CODE HERE
    raise NotImplementedError
