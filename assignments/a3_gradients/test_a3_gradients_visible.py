"""Visible checks for a3_gradients: shapes, a few known values, what must hold for any logits.

They use the grader's own comparisons, so a failure says what was expected, what came back, on which input,
and the likely mistake when the answer is exactly what that mistake gives. They catch slips; the grader runs
more (and different) checks. Run `pytest` in this folder, `check("ce_grad_logits")` in the notebook, or
`autograder check a3_gradients`.
"""
import math

import numpy as np
from _kit.catalogue import Message
from _kit.grading import slips
from _kit.grading.compare import claim, expect_array, expect_numeric, expect_scalar, expect_unchanged
from _kit.grading.diagnosis import Suspect


class _Named:
    """A function handed to numerical_gradient where the student's code runs here; a call shows it by its name,
    as it shows the engine's NamedFunction."""

    def __init__(self, name, function):
        self.name, self.function = name, function

    def __call__(self, x):
        return self.function(x)

    def __repr__(self):
        return self.name


def _function(student, name, **params):
    """numerical_gradient's f: by name for the grading engine (it rebuilds it in the student's process), as a
    plain function where the student's code runs here."""
    if not getattr(type(student), "in_process", False):  # the engine's proxy answers any attribute: ask its class
        from _kit.sandbox.wire import NamedFunction  # under the engine _kit is the kit itself
        return NamedFunction(name, params)
    weights = np.asarray(params.get("weights", 1.0), dtype=float)
    if name == "weighted_squares":
        return _Named(name, lambda x: float(np.sum(weights * np.asarray(x, dtype=float) ** 2)))
    if name == "sin_cubic":
        return _Named(name, lambda x: float(np.sum(np.sin(np.asarray(x, dtype=float)))
                                                        + np.sum(np.asarray(x, dtype=float) ** 3)))
    raise ValueError(f"unknown function {name}")


def test_softmax_jacobian_shapes(student):
    expect_numeric(student.softmax_jacobian(np.array([1.0, 2.0, 3.0])), (3, 3), call=student.last_call)
    expect_numeric(student.softmax_jacobian(np.zeros((2, 3))), (2, 3, 3), call=student.last_call)


def test_softmax_jacobian_uniform(student):
    expected = np.array([[0.25, -0.25], [-0.25, 0.25]])  # s = [1/2, 1/2]: diag(s) − s sᵀ
    expect_array(student.softmax_jacobian(np.zeros(2)), expected, call=student.last_call,
                 suspects=[Suspect("sign", -expected, Message("hint:jacobian-sign")),
                           Suspect("diagonal-only", np.diag([0.25, 0.25]), Message("hint:diagonal-only")),
                           Suspect("missing-diagonal", np.full((2, 2), -0.25), Message("hint:missing-diagonal"))])


def test_softmax_jacobian_rows_sum_to_zero(student):
    out = expect_numeric(student.softmax_jacobian(np.array([0.3, -1.2, 2.0, 0.5])), (4, 4), call=student.last_call)
    claim(np.allclose(out, out.T) and np.allclose(out.sum(axis=1), 0.0), "claim:jacobian_properties",
          call=student.last_call)


def test_ce_grad_logits_known_value(student):
    expected = np.array([[-0.5, 0.5]])  # softmax [1/2, 1/2] minus one-hot [1, 0]
    expect_array(student.ce_grad_logits(np.zeros((1, 2)), np.array([0])), expected, call=student.last_call,
                 suspects=[slips.flipped_gradient(expected),
                           Suspect("missing-one-hot", np.array([[0.5, 0.5]]), Message("hint:missing-one-hot"))])


def test_ce_grad_logits_mean_over_batch(student):
    expected = np.array([[-0.25, 0.25], [0.25, -0.25]])
    expect_array(student.ce_grad_logits(np.zeros((2, 2)), np.array([0, 1])), expected, call=student.last_call,
                 suspects=[slips.not_divided_by_n(expected, 2), slips.flipped_gradient(expected)])


def test_ce_grad_logits_rows_sum_to_zero(student):
    logits = np.array([[0.2, -1.0, 3.0, 0.0], [1.0, 1.0, -2.0, 0.5], [0.0, 0.0, 0.0, 9.0]])
    out = expect_numeric(student.ce_grad_logits(logits, np.array([3, 0, 1])), logits.shape, call=student.last_call)
    claim(np.allclose(out.sum(axis=1), 0.0), "claim:gradient_rows", call=student.last_call,
          sums=str(np.round(out.sum(axis=1), 4)))


def test_mse_grad_logits_known_value(student):
    expected = np.array([[-0.5, 0.5]])  # at logits [0, 0], target [1, 0]: g = 2(y' − ŷ) = [−1, 1], Jᵀg = [−1/2, 1/2]
    expect_array(student.mse_grad_logits(np.zeros((1, 2)), np.array([0])), expected, call=student.last_call,
                 suspects=[Suspect("missing-jacobian", np.array([[-1.0, 1.0]]), Message("hint:missing-jacobian")),
                           slips.missing_factor_2(expected), slips.flipped_gradient(expected)])


def test_mse_grad_logits_mean_over_batch(student):
    expected = np.array([[-0.25, 0.25], [0.25, -0.25]])
    expect_array(student.mse_grad_logits(np.zeros((2, 2)), np.array([0, 1])), expected, call=student.last_call,
                 suspects=[slips.not_divided_by_n(expected, 2), slips.missing_factor_2(expected)])


def test_mse_grad_logits_vanishes_when_saturated(student):
    out = expect_numeric(student.mse_grad_logits(np.array([[-15.0, 15.0]]), np.array([0])), (1, 2),
                         call=student.last_call)
    claim(np.max(np.abs(out)) < 1e-6, "claim:mse_grad_vanishes_here", call=student.last_call,
          got=str(np.array2string(out, precision=3)))


def test_numerical_gradient_weighted_squares(student):
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    weights = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 0.5]])
    expected = 2 * weights * x
    expect_array(student.numerical_gradient(_function(student, "weighted_squares", weights=weights), x), expected,
                 call=student.last_call, rtol=1e-5, atol=1e-6, suspects=[slips.central_not_halved(expected)])


def test_numerical_gradient_known_value(student):
    x = np.array([0.0, 1.0, -2.0])
    expected = np.cos(x) + 3 * x ** 2
    expect_array(student.numerical_gradient(_function(student, "sin_cubic"), x), expected, call=student.last_call,
                 rtol=1e-5, atol=1e-6, suspects=[slips.central_not_halved(expected)])


def test_numerical_gradient_leaves_x_unchanged(student):
    x = np.array([1.0, 2.0, 3.0])
    got, after = student.call_with_args_after("numerical_gradient", _function(student, "sin_cubic"), x.copy())
    expect_array(got, np.cos(x) + 3 * x ** 2, call=student.last_call, rtol=1e-5, atol=1e-6)
    expect_unchanged({"f": None, "x": x}, after, call=student.last_call)


def test_loss_surface_shape(student):
    for loss in ("mse", "ce"):
        expect_numeric(student.loss_surface(loss, np.linspace(-1, 1, 3), np.linspace(-2, 2, 4)), (3, 4),
                       call=student.last_call)


def test_loss_surface_known_values(student):
    expect_array(student.loss_surface("ce", np.array([0.0]), np.array([0.0])), [[math.log(2)]], call=student.last_call)
    expect_array(student.loss_surface("mse", np.array([0.0]), np.array([0.0])), [[0.5]], call=student.last_call,
                 suspects=[slips.mse_mean_over_classes(np.array([[0.5]]), 3)])


def test_loss_surface_where_the_prediction_is_wrong(student):
    mse = expect_numeric(student.loss_surface("mse", np.array([-8.0]), np.array([8.0])), (1, 1), call=student.last_call)
    claim(1.99 < float(mse[0, 0]) <= 2.0, "claim:mse_near_maximum", call=student.last_call, got=f"{float(mse[0, 0]):.6g}")
    expect_array(student.loss_surface("ce", np.array([-8.0]), np.array([8.0])), [[16.0]], call=student.last_call,
                 rtol=1e-6)


def test_train_softmax_regression_shapes(student):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [2.0, 0.0], [0.0, 2.0], [-2.0, -2.0]])
    labels = np.array([0, 1, 2, 0, 1, 2])
    result = student.train_softmax_regression(X, labels, "ce", lr=0.1, steps=5)
    claim(isinstance(result, (tuple, list)) and len(result) == 3, "claim:three_results", call=student.last_call)
    W, b, history = result
    expect_numeric(W, (2, 3), call=student.last_call)
    expect_numeric(b, (3,), call=student.last_call)
    expect_numeric(history, (5,), call=student.last_call)


def test_train_softmax_regression_first_loss_from_zeros(student):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    labels = np.array([0, 1, 2])
    for loss, expected in (("ce", math.log(3)), ("mse", 2 / 3)):
        history = expect_numeric(student.train_softmax_regression(X, labels, loss, steps=1)[2], (1,),
                                 call=student.last_call)
        expect_scalar(history[0], expected, call=student.last_call)


def test_train_softmax_regression_ce_loss_decreases(student):
    X = np.array([[2.0, 0.0], [2.5, 0.5], [-2.0, 0.0], [-2.5, -0.5]])
    history = expect_numeric(student.train_softmax_regression(X, np.array([0, 0, 1, 1]), "ce", lr=0.5, steps=30)[2],
                             (30,), call=student.last_call)
    claim(history[-1] < history[0], "claim:loss_decreases", call=student.last_call, first=f"{history[0]:.4g}",
          last=f"{history[-1]:.4g}")


# ---- why it matters: the student's own numbers, shown by check() once a problem passes -------------------
def _numbers(values, digits: int = 4) -> str:
    return "[" + ", ".join(f"{v:.{digits}g}" for v in np.ravel(np.asarray(values, float))) + "]"


def _corner(student, gradient):
    """The lecture's top-left corner: y1 = −8, y2 = 8, y3 = −1000, target class 1 (label 0)."""
    return np.asarray(gradient(np.array([[-8.0, 8.0, -1000.0]]), np.array([0])), float)


def why_ce_grad_logits(student):
    return {"grad": _numbers(_corner(student, student.ce_grad_logits), 3)}


def why_mse_grad_logits(student):
    return {"ce": _numbers(_corner(student, student.ce_grad_logits), 3),
            "mse": _numbers(_corner(student, student.mse_grad_logits), 3)}


def why_loss_surface(student):
    mse = float(np.asarray(student.loss_surface("mse", np.array([-8.0]), np.array([8.0])), float)[0, 0])
    ce = float(np.asarray(student.loss_surface("ce", np.array([-8.0]), np.array([8.0])), float)[0, 0])
    return {"mse": mse, "ce": ce}
