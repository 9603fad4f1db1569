"""Visible sanity checks for a3_gradients: shapes, a few known values, what must hold for any logits.

They catch slips; the grader runs more (and different) tests. Run `pytest` in this folder.
"""
import math

import numpy as np


def _function(student, name, **params):
    """numerical_gradient's f, as a plain function; the grading engine only passes functions it knows by name."""
    if type(student).__module__.startswith("autograder."):  # the engine's proxy to the student's process
        from autograder.sandbox.wire import NamedFunction
        return NamedFunction(name, params)
    weights = np.asarray(params.get("weights", 1.0), dtype=float)
    if name == "weighted_squares":
        return lambda x: float(np.sum(weights * np.asarray(x, dtype=float) ** 2))
    if name == "sin_cubic":
        return lambda x: float(np.sum(np.sin(np.asarray(x, dtype=float))) + np.sum(np.asarray(x, dtype=float) ** 3))
    raise ValueError(f"unknown function {name}")


def test_softmax_jacobian_shapes(student):
    out = np.asarray(student.softmax_jacobian(np.array([1.0, 2.0, 3.0])))
    assert out.shape == (3, 3), f"logits (3,) give a (3, 3) Jacobian, got {out.shape}"
    out = np.asarray(student.softmax_jacobian(np.zeros((2, 3))))
    assert out.shape == (2, 3, 3), f"logits (2, 3) give one (3, 3) Jacobian per row: (2, 3, 3), got {out.shape}"


def test_softmax_jacobian_uniform(student):
    out = np.asarray(student.softmax_jacobian(np.zeros(2)))
    expected = np.array([[0.25, -0.25], [-0.25, 0.25]])
    assert np.allclose(out, expected), f"for s = [1/2, 1/2], diag(s) - s sᵀ is\n{expected}\ngot\n{out}"


def test_softmax_jacobian_rows_sum_to_zero(student):
    out = np.asarray(student.softmax_jacobian(np.array([0.3, -1.2, 2.0, 0.5])))
    assert np.allclose(out.sum(axis=1), 0.0), f"the probabilities always sum to 1, so each row sums to 0; got {out.sum(axis=1)}"


def test_ce_grad_logits_known_value(student):
    out = np.asarray(student.ce_grad_logits(np.zeros((1, 2)), np.array([0])))
    assert np.allclose(out, [[-0.5, 0.5]]), f"softmax [1/2, 1/2] minus one-hot [1, 0] is [-1/2, 1/2], got {out}"


def test_ce_grad_logits_mean_over_batch(student):
    out = np.asarray(student.ce_grad_logits(np.zeros((2, 2)), np.array([0, 1])))
    expected = np.array([[-0.25, 0.25], [0.25, -0.25]])
    assert np.allclose(out, expected), f"the gradient of a mean is divided by N = 2: expected\n{expected}\ngot\n{out}"


def test_ce_grad_logits_rows_sum_to_zero(student):
    logits = np.array([[0.2, -1.0, 3.0, 0.0], [1.0, 1.0, -2.0, 0.5], [0.0, 0.0, 0.0, 9.0]])
    out = np.asarray(student.ce_grad_logits(logits, np.array([3, 0, 1])))
    assert out.shape == logits.shape, f"the gradient has the shape of the logits {logits.shape}, got {out.shape}"
    assert np.allclose(out.sum(axis=1), 0.0), f"each row of softmax - one-hot sums to 0, got {out.sum(axis=1)}"


def test_mse_grad_logits_known_value(student):
    out = np.asarray(student.mse_grad_logits(np.zeros((1, 2)), np.array([0])))
    assert np.allclose(out, [[-0.5, 0.5]]), f"at logits [0, 0] with target [1, 0] the MSE gradient is [-1/2, 1/2], got {out}"


def test_mse_grad_logits_shape(student):
    logits = np.array([[0.2, -1.0, 3.0, 0.0], [1.0, 1.0, -2.0, 0.5], [0.0, 0.0, 0.0, 9.0]])
    out = np.asarray(student.mse_grad_logits(logits, np.array([3, 0, 1])))
    assert out.shape == logits.shape, f"the gradient has the shape of the logits {logits.shape}, got {out.shape}"


def test_mse_grad_logits_vanishes_when_saturated(student):
    out = np.asarray(student.mse_grad_logits(np.array([[-15.0, 15.0]]), np.array([0])))
    assert np.all(np.isfinite(out)) and np.max(np.abs(out)) < 1e-6, \
        f"confidently wrong (logits [-15, 15], target 0): the MSE gradient is almost 0, got {out}"


def test_numerical_gradient_weighted_squares(student):
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    weights = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 0.5]])
    out = np.asarray(student.numerical_gradient(_function(student, "weighted_squares", weights=weights), x))
    assert out.shape == x.shape, f"the gradient has the shape of x {x.shape}, got {out.shape}"
    assert np.allclose(out, 2 * weights * x, atol=1e-6), f"the gradient of Σ w x² is 2 w x =\n{2 * weights * x}\ngot\n{out}"


def test_numerical_gradient_known_value(student):
    x = np.array([0.0, 1.0, -2.0])
    out = np.asarray(student.numerical_gradient(_function(student, "sin_cubic"), x))
    expected = np.cos(x) + 3 * x ** 2
    assert np.allclose(out, expected, atol=1e-6), f"the gradient of Σ (sin x + x³) is cos x + 3x² = {expected}, got {out}"


def test_numerical_gradient_leaves_x_unchanged(student):
    x = np.array([1.0, 2.0, 3.0])
    student.numerical_gradient(_function(student, "sin_cubic"), x)
    assert np.array_equal(x, [1.0, 2.0, 3.0]), f"numerical_gradient must not change the caller's x; it is now {x}"


def test_loss_surface_shape(student):
    for loss in ("mse", "ce"):
        out = np.asarray(student.loss_surface(loss, np.linspace(-1, 1, 3), np.linspace(-2, 2, 4)))
        assert out.shape == (3, 4), f"{loss}: 3 values of y1 and 4 of y2 give a (3, 4) surface, got {out.shape}"


def test_loss_surface_known_values(student):
    ce = float(np.asarray(student.loss_surface("ce", np.array([0.0]), np.array([0.0])))[0, 0])
    mse = float(np.asarray(student.loss_surface("mse", np.array([0.0]), np.array([0.0])))[0, 0])
    assert math.isclose(ce, math.log(2)), f"logits (0, 0, -1000), class 0: cross-entropy is ln 2, got {ce}"
    assert math.isclose(mse, 0.5), f"logits (0, 0, -1000), class 0: MSE is 1/4 + 1/4 = 1/2, got {mse}"


def test_loss_surface_where_the_prediction_is_wrong(student):
    mse = float(np.asarray(student.loss_surface("mse", np.array([-8.0]), np.array([8.0])))[0, 0])
    ce = float(np.asarray(student.loss_surface("ce", np.array([-8.0]), np.array([8.0])))[0, 0])
    assert 1.99 < mse <= 2.0, f"at y1 = -8, y2 = 8 the MSE is close to its maximum 2, got {mse}"
    assert math.isclose(ce, 16.0, rel_tol=1e-6), f"at y1 = -8, y2 = 8 the cross-entropy is about 16, got {ce}"


def test_train_softmax_regression_shapes(student):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [2.0, 0.0], [0.0, 2.0], [-2.0, -2.0]])
    labels = np.array([0, 1, 2, 0, 1, 2])
    W, b, history = student.train_softmax_regression(X, labels, "ce", lr=0.1, steps=5)
    assert np.shape(W) == (2, 3), f"W is (D, K) = (2, 3), got {np.shape(W)}"
    assert np.shape(b) == (3,), f"b is (K,) = (3,), got {np.shape(b)}"
    assert len(history) == 5, f"history holds the loss before each of the 5 steps, got {len(history)} values"


def test_train_softmax_regression_first_loss_from_zeros(student):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    labels = np.array([0, 1, 2])
    _, _, history = student.train_softmax_regression(X, labels, "ce", steps=1)
    assert math.isclose(float(history[0]), math.log(3)), f"from zeros every class gets 1/3: CE is ln 3, got {history[0]}"
    _, _, history = student.train_softmax_regression(X, labels, "mse", steps=1)
    assert math.isclose(float(history[0]), 2 / 3), f"from zeros every class gets 1/3: MSE is 2/3, got {history[0]}"


def test_train_softmax_regression_ce_loss_decreases(student):
    X = np.array([[2.0, 0.0], [2.5, 0.5], [-2.0, 0.0], [-2.5, -0.5]])
    labels = np.array([0, 0, 1, 1])
    _, _, history = student.train_softmax_regression(X, labels, "ce", lr=0.5, steps=30)
    assert history[-1] < history[0], f"gradient descent lowers the loss: it went from {history[0]} to {history[-1]}"
