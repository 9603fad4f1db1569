"""The contract's numerical claims hold for the reference solutions: stable softmax, exact cross-entropy from huge
logits, gradients that agree with central differences, the lecture's error surface, and cross-entropy training
out of a saturated start where MSE stalls."""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import mpmath
import numpy as np
import pytest

from autograder.grading.engine import load_reference

a1 = load_reference("a1_encoding")
a2 = load_reference("a2_losses")
a3 = load_reference("a3_gradients")


@contextmanager
def strict():
    """Any warning is an error, and so is every floating-point overflow, division by zero or invalid operation.

    Underflow stays silent, as numpy's default: exp(-2e4) is 0 to double precision, the right answer.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


def relative_error(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-300))


HUGE = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4], [1e4, 1e4 - 1.0, -1e4], [0.0, -1e4, 1e4]])


def test_softmax_is_finite_and_sums_to_one_for_huge_logits():
    with strict():
        for axis in (-1, 0):
            s = a1.softmax(HUGE, axis=axis)
            assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
            assert np.allclose(s.sum(axis=axis), 1.0, rtol=0, atol=1e-15)
        assert np.allclose(a1.softmax(HUGE + 5e3), a1.softmax(HUGE)), "unchanged by adding a constant"
        assert np.array_equal(a1.softmax(np.array([1e4, 0.0, -1e4])), [1.0, 0.0, 0.0])


def test_softmax_without_the_shift_would_fail_this_check():
    """The strict check can fail: the textbook formula overflows on the same logits."""
    with pytest.raises((FloatingPointError, RuntimeWarning)), strict():
        np.exp(HUGE) / np.exp(HUGE).sum(axis=-1, keepdims=True)


def test_log_softmax_and_sigmoid_stay_finite():
    with strict():
        log_s = a1.log_softmax(HUGE)
        assert np.all(np.isfinite(log_s))
        assert log_s[0].tolist() == [0.0, -1e4, -2e4]
        z = np.array([-1e4, -800.0, -1.0, 0.0, 1.0, 800.0, 1e4])
        sig = a1.sigmoid(z)
        assert np.all(np.isfinite(sig)) and sig[0] == 0.0 and sig[-1] == 1.0 and sig[3] == 0.5
        assert np.allclose(sig[2] + sig[4], 1.0)


def exact_mean_ce(logits, labels) -> float:
    """The mean cross-entropy in 50-digit arithmetic."""
    mpmath.mp.dps = 50
    total = mpmath.mpf(0)
    for row, label in zip(logits, labels):
        lse = mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in row))
        total += lse - mpmath.mpf(float(row[label]))
    return float(total / len(labels))


def test_softmax_cross_entropy_is_exact_for_huge_logits():
    labels = np.array([2, 1, 1, 0])
    with strict():
        got = a2.softmax_cross_entropy(HUGE, labels)
    assert got == pytest.approx(exact_mean_ce(HUGE, labels), rel=1e-15)
    rng = np.random.default_rng(7)
    logits = rng.normal(scale=3000.0, size=(16, 5))
    labels = rng.integers(0, 5, size=16)
    with strict():
        got = a2.softmax_cross_entropy(logits, labels)
    assert got == pytest.approx(exact_mean_ce(logits, labels), rel=1e-13)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_numerical_gradient_agrees_with_the_formulas(seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=2.0, size=(5, 4))
    labels = rng.integers(0, 4, size=5)
    targets = a1.one_hot(labels, 4)
    before = logits.copy()
    ce = a3.numerical_gradient(lambda z: a2.softmax_cross_entropy(z, labels), logits)
    mse = a3.numerical_gradient(lambda z: a2.mse_loss(targets, a1.softmax(z)), logits)
    assert np.array_equal(logits, before), "numerical_gradient leaves x unchanged"
    assert relative_error(ce, a3.ce_grad_logits(logits, labels)) < 1e-7
    assert relative_error(mse, a3.mse_grad_logits(logits, labels)) < 1e-7
    z = logits[0]
    rows = [a3.numerical_gradient(lambda v, k=k: a1.softmax(v)[k], z) for k in range(4)]
    assert relative_error(np.stack(rows), a3.softmax_jacobian(z)) < 1e-7


def test_the_gradient_check_can_fail():
    """A wrong formula (missing the 1/N) is caught at the same tolerance."""
    rng = np.random.default_rng(3)
    logits, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, size=5)
    numeric = a3.numerical_gradient(lambda z: a2.softmax_cross_entropy(z, labels), logits)
    assert relative_error(numeric, 5 * a3.ce_grad_logits(logits, labels)) > 1e-1


def test_loss_surface_reproduces_the_lecture_picture():
    y = np.linspace(-10, 10, 201)  # step 0.1
    mse, ce = a3.loss_surface("mse", y, y), a3.loss_surface("ce", y, y)
    assert mse.shape == ce.shape == (201, 201)
    h = y[1] - y[0]

    def slope(surface, i, j):
        return np.hypot(surface[i + 1, j] - surface[i - 1, j], surface[i, j + 1] - surface[i, j - 1]) / (2 * h)

    i, j = np.argmin(np.abs(y + 8)), np.argmin(np.abs(y - 8))  # y1 = -8 ≪ y2 = 8, target class 0: badly wrong
    assert mse[i, j] == pytest.approx(2.0, abs=1e-5), "MSE: large loss (near its maximum 2)"
    assert slope(mse, i, j) < 1e-5, "MSE: flat, so gradient descent stalls"
    assert ce[i, j] == pytest.approx(16.0, rel=1e-6), "cross-entropy: large loss"
    assert slope(ce, i, j) > 0.5, "cross-entropy: steep, so gradient descent moves"
    i, j = np.argmin(np.abs(y - 8)), np.argmin(np.abs(y + 8))  # y1 ≫ y2: right, both losses near 0
    assert mse[i, j] < 1e-12 and ce[i, j] < 1e-6
    assert mse.max() <= 2.0 and np.all(np.isfinite(ce))


def separable_data():
    """Three well-separated clusters in the plane, 20 points each."""
    rng = np.random.default_rng(0)
    centers = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    labels = np.repeat(np.arange(3), 20)
    return centers[labels] + 0.4 * rng.normal(size=(60, 2)), labels, centers


def test_cross_entropy_trains_out_of_a_saturated_start_where_mse_stalls():
    X, labels, centers = separable_data()
    W0 = 3.0 * centers.T[:, [2, 0, 1]]  # large weights that give every point, confidently, the wrong class

    def accuracy(W, b):
        return float(np.mean(np.argmax(X @ W + b, axis=1) == labels))

    assert accuracy(W0, np.zeros(3)) == 0.0
    W_ce, b_ce, h_ce = a3.train_softmax_regression(X, labels, "ce", lr=0.5, steps=100, W0=W0)
    W_mse, b_mse, h_mse = a3.train_softmax_regression(X, labels, "mse", lr=0.5, steps=100, W0=W0)
    assert len(h_ce) == len(h_mse) == 100
    assert accuracy(W_ce, b_ce) == 1.0
    assert accuracy(W_mse, b_mse) < 0.5 and accuracy(W_ce, b_ce) > accuracy(W_mse, b_mse)
    assert h_ce[-1] < 0.1 * h_ce[0], "cross-entropy falls fast"
    assert h_mse[-1] > 0.95 * h_mse[0], "MSE barely moves on its flat plateau"
    again = a3.train_softmax_regression(X, labels, "ce", lr=0.5, steps=100, W0=W0)
    assert np.array_equal(again[0], W_ce) and np.array_equal(again[2], h_ce), "deterministic given W0"
    assert np.array_equal(W0, 3.0 * centers.T[:, [2, 0, 1]]), "W0 is not changed in place"
