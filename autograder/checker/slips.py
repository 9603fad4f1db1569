"""The slips that show on the right answer itself: transposed, N times it, half of it, its sign flipped.

Each takes the expected value (and a size) and returns the Suspect the slip gives, with no other computation:
nothing here knows how to compute an answer, so this module travels with the visible checks into a notebook
or a visible-test folder (authoring/carry.py) and the self-check names these slips as the grader does.
The mistakes that need the input to be recomputed stay in misconceptions.py, on the trusted side only.
"""

from __future__ import annotations

import numpy as np

from .diagnosis import Suspect
from .message import Message


def squared_distance(distances: np.ndarray) -> Suspect:
    """‖eᵢ − eⱼ‖² for ‖eᵢ − eⱼ‖: the square root forgotten."""
    return Suspect("squared-distance", np.asarray(distances, float) ** 2, Message("hint:squared-distance"))


def transposed(expected: np.ndarray) -> Suspect | None:
    """The right 2-D answer transposed (classes on the wrong axis, matrix products in the wrong order)."""
    expected = np.asarray(expected, float)
    if expected.ndim != 2:
        return None
    return Suspect(
        "transposed", expected.T, Message("hint:transposed", got=str(expected.T.shape), expected=str(expected.shape))
    )


def sum_over_batch(expected: float, n: int) -> Suspect | None:
    """The sum over the N examples where the mean is asked: N × the loss."""
    return Suspect("sum-vs-mean", n * float(expected), Message("hint:sum-over-batch", n=n)) if n > 1 else None


def sum_over_elements(expected: float, n: int) -> Suspect | None:
    """The sum over every element where their mean is asked."""
    return Suspect("sum-vs-mean", n * float(expected), Message("hint:sum-over-elements", n=n)) if n > 1 else None


def sum_over_labels(expected: float, k: int) -> Suspect | None:
    """Each row's labels summed, then the mean over rows: K × the mean over every element."""
    return Suspect("sum-vs-mean", k * float(expected), Message("hint:sum-over-labels", k=k)) if k > 1 else None


def mean_over_all_elements(expected: float, k: int) -> Suspect | None:
    """np.mean over every element where the classes are summed: the loss divided by K."""
    return (
        Suspect("mean-over-all-elements", float(expected) / k, Message("hint:mean-over-all-elements", k=k))
        if k > 1
        else None
    )


def swapped_arguments(loss_with_swapped_arguments: float) -> Suspect:
    """The loss of (predictions, labels) for (labels, predictions): the log taken of the labels."""
    return Suspect("swapped-arguments", float(loss_with_swapped_arguments), Message("hint:swapped-arguments"))


def negated_loss(expected: float) -> Suspect:
    """The loss without its minus sign: Σ ŷ ln y' ≤ 0."""
    return Suspect("sign", -float(expected), Message("hint:sign-loss"))


def not_divided_by_n(expected: np.ndarray, n: int) -> Suspect | None:
    """A gradient of the mean loss that was not divided by N: N × the gradient."""
    return (
        Suspect("not-divided-by-n", n * np.asarray(expected, float), Message("hint:not-divided-by-n", n=n))
        if n > 1
        else None
    )


def flipped_gradient(expected: np.ndarray) -> Suspect:
    """The negative of the gradient (one-hot − softmax for softmax − one-hot)."""
    return Suspect("sign", -np.asarray(expected, float), Message("hint:gradient-sign"))


def missing_factor_2(expected: np.ndarray) -> Suspect:
    """Half the gradient: d(ŷ − y')²/dy' taken as (y' − ŷ)."""
    return Suspect("missing-factor-2", np.asarray(expected, float) / 2, Message("hint:missing-factor-2"))


def central_not_halved(expected: np.ndarray) -> Suspect:
    """(f(x + eps) − f(x − eps)) / eps: twice the central difference."""
    return Suspect(
        "central-difference-not-halved", 2 * np.asarray(expected, float), Message("hint:central-difference-not-halved")
    )


def mse_mean_over_classes(expected: np.ndarray, k: int) -> Suspect:
    """An MSE surface averaged over the K classes instead of summed."""
    return Suspect(
        "mean-over-all-elements", np.asarray(expected, float) / k, Message("hint:mean-over-all-elements", k=k)
    )


def complement(expected) -> Suspect:
    """1 − σ(z) for σ(z): e^(+z) written for e^(−z) in the sigmoid."""
    return Suspect("sign", 1.0 - np.asarray(expected, float), Message("hint:sigmoid-sign"))
