"""The slips that show on the right answer itself: transposed, N times it, half of it, its sign flipped.

Each takes the expected value (and a size) and returns the Suspect the slip gives, with no other computation:
nothing here knows how to compute an answer, so this module travels with the visible checks into a notebook
or a visible-test folder (authoring/carry.py) and the self-check names these slips as the grader does.
The mistakes that need the input to be recomputed stay in misconceptions.py, on the trusted side only.

A slip that shows on any answer carries its `transform` (what it does to an answer), so that on the trusted
side it composes with another mistake into a compound: the sign flipped and not divided by N, −N × the answer.
A factor that is 1 on this input (N = 1) still gives its suspect: the right answer, never named alone (it is no
evidence), but the other mistake of a pair composed with it is what the pair gives here.
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
        "transposed",
        expected.T,
        Message("hint:transposed", got=str(expected.T.shape), expected=str(expected.shape)),
        transform=_transpose,
    )


def _transpose(value):
    value = np.asarray(value, float)
    return value.T if value.ndim == 2 else None


def _times(factor: float):
    return lambda value: factor * np.asarray(value, float)


def sum_over_batch(expected: float, n: int) -> Suspect:
    """The sum over the N examples where the mean is asked: N × the loss."""
    return Suspect("sum-vs-mean", n * float(expected), Message("hint:sum-over-batch", n=n), transform=_times(n))


def sum_over_elements(expected: float, n: int) -> Suspect:
    """The sum over every element where their mean is asked."""
    return Suspect("sum-vs-mean", n * float(expected), Message("hint:sum-over-elements", n=n), transform=_times(n))


def sum_over_labels(expected: float, k: int) -> Suspect:
    """Each row's labels summed, then the mean over rows: K × the mean over every element."""
    return Suspect("sum-vs-mean", k * float(expected), Message("hint:sum-over-labels", k=k), transform=_times(k))


def mean_over_all_elements(expected: float, k: int) -> Suspect:
    """np.mean over every element where the classes are summed: the loss divided by K."""
    hint = Message("hint:mean-over-all-elements", k=k)
    return Suspect("mean-over-all-elements", np.asarray(expected, float) / k, hint, transform=_times(1 / k))


def divided_by_n_minus_1(expected, n: int) -> Suspect | None:
    """A mean over the batch taken as the sum over N − 1 (as the sample variance divides): N / (N − 1) × it."""
    if n <= 2:  # N = 2 gives 2 × the answer, what a sum gives: no evidence of which
        return None
    factor = n / (n - 1)
    return Suspect(
        "divided-by-n-minus-1",
        factor * np.asarray(expected, float),
        Message("hint:divided-by-n-minus-1", n=n),
        transform=_times(factor),
    )


def swapped_arguments(loss_with_swapped_arguments: float) -> Suspect:
    """The loss of (predictions, labels) for (labels, predictions): the log taken of the labels."""
    return Suspect("swapped-arguments", float(loss_with_swapped_arguments), Message("hint:swapped-arguments"))


def negated_loss(expected: float) -> Suspect:
    """The loss without its minus sign: Σ ŷ ln y' ≤ 0."""
    return Suspect("sign", -float(expected), Message("hint:sign-loss"), transform=_times(-1.0))


def not_divided_by_n(expected: np.ndarray, n: int) -> Suspect:
    """A gradient of the mean loss that was not divided by N: N × the gradient."""
    hint = Message("hint:not-divided-by-n", n=n)
    return Suspect("not-divided-by-n", n * np.asarray(expected, float), hint, transform=_times(n))


def flipped_gradient(expected: np.ndarray) -> Suspect:
    """The negative of the gradient (one-hot − softmax for softmax − one-hot)."""
    return Suspect("sign", -np.asarray(expected, float), Message("hint:gradient-sign"), transform=_times(-1.0))


def negated(expected) -> Suspect:
    """The negative of the answer (−log softmax for log softmax)."""
    return Suspect("sign", -np.asarray(expected, float), Message("hint:sign-result"), transform=_times(-1.0))


def missing_factor_2(expected: np.ndarray) -> Suspect:
    """Half the gradient: d(ŷ − y')²/dy' taken as (y' − ŷ)."""
    return Suspect(
        "missing-factor-2", np.asarray(expected, float) / 2, Message("hint:missing-factor-2"), transform=_times(0.5)
    )


def central_not_halved(expected: np.ndarray) -> Suspect:
    """(f(x + eps) − f(x − eps)) / eps: twice the central difference."""
    return Suspect(
        "central-difference-not-halved",
        2 * np.asarray(expected, float),
        Message("hint:central-difference-not-halved"),
        transform=_times(2.0),
    )


def mse_mean_over_classes(expected: np.ndarray, k: int) -> Suspect:
    """An MSE surface averaged over the K classes instead of summed."""
    return Suspect(
        "mean-over-all-elements",
        np.asarray(expected, float) / k,
        Message("hint:mean-over-all-elements", k=k),
        transform=_times(1 / k),
    )


def complement(expected) -> Suspect:
    """1 − σ(z) for σ(z): e^(+z) written for e^(−z) in the sigmoid."""
    return Suspect("sign", 1.0 - np.asarray(expected, float), Message("hint:sigmoid-sign"))


def batch_only(expected) -> Suspect:
    """The answer for one vector (K,) given with a batch axis, (1, K): the input made 2-D and never made 1-D
    again."""
    expected = np.asarray(expected, float)
    hint = Message("hint:batch-only", got=str((1, *expected.shape)), expected=str(expected.shape))
    return Suspect("batch-only", expected[None], hint, transform=_add_batch_axis)


def _add_batch_axis(value):
    return np.asarray(value, float)[None]


def one_vector_only(expected) -> Suspect:
    """On one vector, a function written for one vector only gives the right answer: it composes with another
    mistake as that mistake alone (a batch shows it, judged row by row: compare.Rows)."""
    return Suspect("one-vector-only", np.asarray(expected, float), Message("hint:one-vector-only"), transform=_same)


def _same(value):
    return np.asarray(value, float)
