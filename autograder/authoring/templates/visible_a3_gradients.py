"""Visible checks for a3_gradients: every kind of input the grader tries, with other values.

Each check says its category (worked examples, random batches, rows of very different scale, saturated
logits, other shapes, optional arguments, read-only inputs, the lecture's claims, ...); the grader's hidden
checks try the same categories with other numbers, so a function that passes every check here is not
surprised by its grade. They use the grader's own comparisons and precision, so a failure says what was
expected, what came back, on which input, and the likely mistake when the answer is exactly what that mistake
gives. Run `pytest` in this folder, `check("ce_grad_logits")` in the notebook, or `autograder check a3_gradients`.
"""
import math

import numpy as np

from autograder.checker import slips
from autograder.checker import tolerance as tol
from autograder.checker.compare import (
    Given,
    category,
    claim,
    expect_array,
    expect_float64,
    expect_numeric,
    expect_scalar,
    expect_unchanged,
    read_only,
)
from autograder.checker.diagnosis import Suspect, compose
from autograder.checker.message import Message
from autograder.checker.values import NamedFunction

# Inputs of the checks below (the expected values are the reference's, written out as numbers)
LOGITS = np.array([[0.3, -1.2, 2.5, 0.7], [1.1, 0.4, -0.6, -2.2], [-0.5, 3.1, 0.9, 0.0]])
LABELS = np.array([2, 0, 1])
LOGITS_SCALED = np.array([[10000.5, 9999.0, 10001.25], [0.25, -0.5, 1.0], [-10000.0, -10002.5, -9999.75]])
LABELS_SCALED = np.array([1, 2, 0])
X = np.array([[4.2, 0.3], [-3.6, 2.4], [0.5, -4.4], [3.1, -0.6], [-4.5, 3.5], [-0.2, -3.3]])
Y = np.array([0, 1, 2, 0, 1, 2])
W0 = np.array([[0.5, -0.25, 0.1], [-0.3, 0.2, 0.4]])
B0 = np.array([0.1, 0.0, -0.2])
X_SCALED = X * np.array([1000.0, 1.0])
W0_SCALED = np.array([[1.0, -1.0, 0.0], [0.5, 0.2, -0.4]])


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
        return NamedFunction(name, params)
    weights = np.asarray(params.get("weights", 1.0), dtype=float)
    if name == "weighted_squares":
        return _Named(name, lambda x: float(np.sum(weights * np.asarray(x, dtype=float) ** 2)))
    if name == "squared_sum":
        return _Named(name, lambda x: float(np.sum(np.asarray(x, dtype=float)) ** 2))
    if name == "sin_cubic":
        return _Named(name, lambda x: float(np.sum(np.sin(np.asarray(x, dtype=float)))
                                                        + np.sum(np.asarray(x, dtype=float) ** 3)))
    raise ValueError(f"unknown function {name}")


@category("shapes")
def test_softmax_jacobian_shapes(student):
    expect_numeric(student.softmax_jacobian(np.array([1.0, 2.0, 3.0])), (3, 3), call=student.last_call)
    expect_numeric(student.softmax_jacobian(np.zeros((2, 3))), (2, 3, 3), call=student.last_call)


@category("known")
def test_softmax_jacobian_uniform(student):
    expected = np.array([[0.25, -0.25], [-0.25, 0.25]])  # s = [1/2, 1/2]: diag(s) − s sᵀ
    expect_array(student.softmax_jacobian(np.zeros(2)), expected, call=student.last_call,
                 suspects=[Suspect("sign", -expected, Message("hint:jacobian-sign")),
                           Suspect("diagonal-only", np.diag([0.25, 0.25]), Message("hint:diagonal-only")),
                           Suspect("missing-diagonal", np.full((2, 2), -0.25), Message("hint:missing-diagonal"))])


@category("properties")
def test_softmax_jacobian_rows_sum_to_zero(student):
    out = expect_numeric(student.softmax_jacobian(np.array([0.3, -1.2, 2.0, 0.5])), (4, 4), call=student.last_call)
    claim(np.allclose(out, out.T) and np.allclose(out.sum(axis=1), 0.0), "claim:jacobian_properties",
          call=student.last_call)


@category("known")
def test_ce_grad_logits_known_value(student):
    expected = np.array([[-0.5, 0.5]])  # softmax [1/2, 1/2] minus one-hot [1, 0]
    expect_array(student.ce_grad_logits(np.zeros((1, 2)), np.array([0])), expected, call=student.last_call,
                 suspects=[slips.flipped_gradient(expected),
                           Suspect("missing-one-hot", np.array([[0.5, 0.5]]), Message("hint:missing-one-hot")),
                           compose(slips.flipped_gradient(expected), slips.not_divided_by_n(expected, 1))])


@category("known")
def test_ce_grad_logits_mean_over_batch(student):
    expected = np.array([[-0.25, 0.25], [0.25, -0.25]])
    expect_array(student.ce_grad_logits(np.zeros((2, 2)), np.array([0, 1])), expected, call=student.last_call,
                 suspects=[slips.not_divided_by_n(expected, 2), slips.flipped_gradient(expected),
                           compose(slips.flipped_gradient(expected), slips.not_divided_by_n(expected, 2))])


@category("properties")
def test_ce_grad_logits_rows_sum_to_zero(student):
    logits = np.array([[0.2, -1.0, 3.0, 0.0], [1.0, 1.0, -2.0, 0.5], [0.0, 0.0, 0.0, 9.0]])
    out = expect_numeric(student.ce_grad_logits(logits, np.array([3, 0, 1])), logits.shape, call=student.last_call)
    claim(np.allclose(out.sum(axis=1), 0.0), "claim:gradient_rows", call=student.last_call,
          sums=str(np.round(out.sum(axis=1), 4)))


@category("known")
def test_mse_grad_logits_known_value(student):
    expected = np.array([[-0.5, 0.5]])  # at logits [0, 0], target [1, 0]: g = 2(y' − ŷ) = [−1, 1], Jᵀg = [−1/2, 1/2]
    expect_array(student.mse_grad_logits(np.zeros((1, 2)), np.array([0])), expected, call=student.last_call,
                 suspects=[Suspect("missing-jacobian", np.array([[-1.0, 1.0]]), Message("hint:missing-jacobian")),
                           slips.missing_factor_2(expected), slips.flipped_gradient(expected)])


@category("known")
def test_mse_grad_logits_mean_over_batch(student):
    expected = np.array([[-0.25, 0.25], [0.25, -0.25]])
    expect_array(student.mse_grad_logits(np.zeros((2, 2)), np.array([0, 1])), expected, call=student.last_call,
                 suspects=[slips.not_divided_by_n(expected, 2), slips.missing_factor_2(expected)])


@category("claims")
def test_mse_grad_logits_vanishes_when_saturated(student):
    out = expect_numeric(student.mse_grad_logits(np.array([[-15.0, 15.0]]), np.array([0])), (1, 2),
                         call=student.last_call)
    claim(np.max(np.abs(out)) < 1e-6, "claim:mse_grad_vanishes_here", call=student.last_call,
          got=str(np.array2string(out, precision=3)))


@category("known")
def test_numerical_gradient_weighted_squares(student):
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    weights = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 0.5]])
    expected = 2 * weights * x
    expect_array(student.numerical_gradient(_function(student, "weighted_squares", weights=weights), x), expected,
                 call=student.last_call, tol=tol.central_differences(float(np.sum(weights * x * x)), 1e-6),
                 suspects=[slips.central_not_halved(expected)])


@category("known")
def test_numerical_gradient_known_value(student):
    x = np.array([0.0, 1.0, -2.0])
    expected = np.cos(x) + 3 * x ** 2
    expect_array(student.numerical_gradient(_function(student, "sin_cubic"), x), expected, call=student.last_call,
                 tol=tol.central_differences(9.0, 1e-6, truncation=1e-11), suspects=[slips.central_not_halved(expected)])


@category("unchanged")
def test_numerical_gradient_leaves_x_unchanged(student):
    x = read_only(np.array([1.0, 2.0, 3.0]))
    got, after = student.call_with_args_after("numerical_gradient", _function(student, "sin_cubic"), x)
    expect_array(got, np.cos(x) + 3 * x ** 2, call=student.last_call, tol=tol.central_differences(38.0, 1e-6, 1e-11))
    expect_unchanged({"f": None, "x": x}, after, call=student.last_call)


@category("shapes")
def test_loss_surface_shape(student):
    for loss in ("mse", "ce"):
        expect_numeric(student.loss_surface(loss, np.linspace(-1, 1, 3), np.linspace(-2, 2, 4)), (3, 4),
                       call=student.last_call)


@category("known")
def test_loss_surface_known_values(student):
    expect_array(student.loss_surface("ce", np.array([0.0]), np.array([0.0])), [[math.log(2)]], call=student.last_call)
    expect_array(student.loss_surface("mse", np.array([0.0]), np.array([0.0])), [[0.5]], call=student.last_call,
                 suspects=[slips.mse_mean_over_classes(np.array([[0.5]]), 3)])


@category("claims")
def test_loss_surface_where_the_prediction_is_wrong(student):
    mse = expect_numeric(student.loss_surface("mse", np.array([-8.0]), np.array([8.0])), (1, 1), call=student.last_call)
    claim(1.99 < float(mse[0, 0]) <= 2.0, "claim:mse_near_maximum", call=student.last_call, got=f"{float(mse[0, 0]):.6g}")
    expect_array(student.loss_surface("ce", np.array([-8.0]), np.array([8.0])), [[16.0]], call=student.last_call,
                 tol=tol.Tolerance(rtol=1e-6))


@category("shapes")
def test_train_softmax_regression_shapes(student):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [2.0, 0.0], [0.0, 2.0], [-2.0, -2.0]])
    labels = np.array([0, 1, 2, 0, 1, 2])
    result = student.train_softmax_regression(X, labels, "ce", lr=0.1, steps=5)
    claim(isinstance(result, (tuple, list)) and len(result) == 3, "claim:three_results", call=student.last_call)
    W, b, history = result
    expect_numeric(W, (2, 3), call=student.last_call)
    expect_numeric(b, (3,), call=student.last_call)
    expect_numeric(history, (5,), call=student.last_call)


@category("defaults")
def test_train_softmax_regression_first_loss_from_zeros(student):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    labels = np.array([0, 1, 2])
    for loss, expected in (("ce", math.log(3)), ("mse", 2 / 3)):  # every logit 0: each class has probability 1/3
        history = expect_numeric(student.train_softmax_regression(X, labels, loss, steps=1)[2], (1,),
                                 call=student.last_call)
        expect_scalar(history[0], expected, call=student.last_call)


@category("claims")
def test_train_softmax_regression_ce_loss_decreases(student):
    X = np.array([[2.0, 0.0], [2.5, 0.5], [-2.0, 0.0], [-2.5, -0.5]])
    history = expect_numeric(student.train_softmax_regression(X, np.array([0, 0, 1, 1]), "ce", lr=0.5, steps=30)[2],
                             (30,), call=student.last_call)
    claim(history[-1] < history[0], "claim:loss_decreases", call=student.last_call, first=f"{history[0]:.4g}",
          last=f"{history[-1]:.4g}")



# ---- more of each kind -------------------------------------------------------------------------------------
@category("random")
def test_softmax_jacobian_batch_of_three(student):
    expect_array(student.softmax_jacobian(LOGITS), __reference__.softmax_jacobian(LOGITS), call=student.last_call,
                 tol=tol.probabilities())


@category("scale")
def test_softmax_jacobian_rows_of_different_scale(student):
    expect_array(student.softmax_jacobian(LOGITS_SCALED), __reference__.softmax_jacobian(LOGITS_SCALED),
                 call=student.last_call, tol=tol.probabilities())


@category("unchanged")
def test_softmax_jacobian_read_only_input(student):
    logits = read_only(LOGITS)
    got, after = student.call_with_args_after("softmax_jacobian", logits)
    expect_array(got, __reference__.softmax_jacobian(LOGITS), call=student.last_call, tol=tol.probabilities())
    expect_unchanged({"logits": logits}, after, call=student.last_call)


@category("float64")
def test_softmax_jacobian_float64(student):
    expect_float64(student.softmax_jacobian(np.zeros(2)), [[0.25, -0.25], [-0.25, 0.25]], call=student.last_call,
                   tol=tol.probabilities())


@category("random")
def test_ce_grad_logits_batch_of_three(student):
    expected = __reference__.ce_grad_logits(LOGITS, LABELS)
    expect_array(student.ce_grad_logits(LOGITS, LABELS), expected, call=student.last_call, tol=tol.of_scale(1 / 3),
                 suspects=[slips.not_divided_by_n(expected, 3), slips.flipped_gradient(expected),
                           compose(slips.flipped_gradient(expected), slips.not_divided_by_n(expected, 3))])


@category("extreme")
def test_ce_grad_logits_huge_logits(student):
    expected = np.array([[0.5, -0.5, 0.0], [0.0, 0.5, -0.5]])  # softmax rounds to exactly 0 and 1 here
    expect_array(student.ce_grad_logits(np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]]), np.array([1, 2])), expected,
                 call=student.last_call, tol=tol.of_scale(0.5),
                 suspects=[slips.flipped_gradient(expected), slips.not_divided_by_n(expected, 2),
                           compose(slips.flipped_gradient(expected), slips.not_divided_by_n(expected, 2))])


@category("claims")
def test_ce_grad_logits_stays_large_when_wrong(student):
    out = expect_numeric(student.ce_grad_logits(np.array([[-15.0, 15.0]]), np.array([0])), (1, 2), call=student.last_call)
    expect_array(out, [[-1.0, 1.0]], call=student.last_call, tol=tol.of_scale(1.0))


@category("scale")
def test_ce_grad_logits_rows_of_different_scale(student):
    expect_array(student.ce_grad_logits(LOGITS_SCALED, LABELS_SCALED),
                 __reference__.ce_grad_logits(LOGITS_SCALED, LABELS_SCALED), call=student.last_call, tol=tol.of_scale(1 / 3))


@category("shapes")
def test_ce_grad_logits_one_example_four_classes(student):
    expect_array(student.ce_grad_logits(LOGITS[:1], LABELS[:1]), __reference__.ce_grad_logits(LOGITS[:1], LABELS[:1]),
                 call=student.last_call, tol=tol.of_scale(1.0))


@category("unchanged")
def test_ce_grad_logits_read_only_inputs(student):
    logits, labels = read_only(LOGITS), read_only(LABELS)
    got, after = student.call_with_args_after("ce_grad_logits", logits, labels)
    expect_array(got, __reference__.ce_grad_logits(LOGITS, LABELS), call=student.last_call, tol=tol.of_scale(1 / 3))
    expect_unchanged({"logits": logits, "labels": labels}, after, call=student.last_call)


@category("float64")
def test_ce_grad_logits_float64(student):
    expect_float64(student.ce_grad_logits(np.zeros((1, 2)), np.array([0])), [[-0.5, 0.5]], call=student.last_call,
                   tol=tol.of_scale(1.0))


def _softmax(z):
    """The softmax of each row (a1's exercise, given here as in the stub)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _given_jacobian(student, logits, labels, right, s):
    """The MSE gradient through your own Jacobian: judged given your softmax_jacobian."""
    g = 2.0 * (s - np.eye(logits.shape[-1])[labels]) / len(logits)
    return Given("softmax_jacobian", lambda: student.softmax_jacobian(logits), lambda: right,
                 lambda J: np.einsum("nij,ni->nj", J, g), tol.probabilities())


@category("random")
def test_mse_grad_logits_batch_of_three(student):
    expected = __reference__.mse_grad_logits(LOGITS, LABELS)
    expect_array(student.mse_grad_logits(LOGITS, LABELS), expected, call=student.last_call, tol=tol.of_scale(2 / 3),
                 suspects=[slips.not_divided_by_n(expected, 3), slips.missing_factor_2(expected)],
                 given=_given_jacobian(student, LOGITS, LABELS, __reference__.softmax_jacobian(LOGITS), _softmax(LOGITS)))


@category("scale")
def test_mse_grad_logits_rows_of_different_scale(student):
    expect_array(student.mse_grad_logits(LOGITS_SCALED, LABELS_SCALED),
                 __reference__.mse_grad_logits(LOGITS_SCALED, LABELS_SCALED), call=student.last_call,
                 tol=tol.of_scale(2 / 3))


@category("shapes")
def test_mse_grad_logits_one_example_four_classes(student):
    expect_array(student.mse_grad_logits(LOGITS[:1], LABELS[:1]), __reference__.mse_grad_logits(LOGITS[:1], LABELS[:1]),
                 call=student.last_call, tol=tol.of_scale(2.0))


@category("unchanged")
def test_mse_grad_logits_read_only_inputs(student):
    logits, labels = read_only(LOGITS), read_only(LABELS)
    got, after = student.call_with_args_after("mse_grad_logits", logits, labels)
    expect_array(got, __reference__.mse_grad_logits(LOGITS, LABELS), call=student.last_call, tol=tol.of_scale(2 / 3))
    expect_unchanged({"logits": logits, "labels": labels}, after, call=student.last_call)


@category("float64")
def test_mse_grad_logits_float64(student):
    expect_float64(student.mse_grad_logits(np.zeros((1, 2)), np.array([0])), [[-0.5, 0.5]], call=student.last_call,
                   tol=tol.of_scale(2.0))


@category("random")
def test_numerical_gradient_other_weights(student):
    z = LOGITS[:2]
    f = _function(student, "weighted_squares", weights=np.abs(LOGITS[2:]).repeat(2, axis=0))
    expect_array(student.numerical_gradient(f, z), 2 * np.abs(LOGITS[2:]).repeat(2, axis=0) * z, call=student.last_call,
                 tol=tol.central_differences(30.0, 1e-6))


@category("defaults")
def test_numerical_gradient_eps_given(student):
    x = np.array([0.5, -1.0])
    h = 0.1  # central differences at this step: sin x + x³ gives (sin(x+h) − sin(x−h))/2h + 3x² + h²
    expected = (np.sin(x + h) - np.sin(x - h)) / (2 * h) + 3 * x ** 2 + h ** 2
    expect_array(student.numerical_gradient(_function(student, "sin_cubic"), x, eps=h), expected, call=student.last_call,
                 tol=tol.central_differences(2.0, h), suspects=[slips.central_not_halved(expected)])


@category("claims")
def test_numerical_gradient_coordinates_together(student):
    x = np.array([[0.5, -1.0], [2.0, 0.25]])  # f = (Σ x)²: every partial derivative is 2 Σ x = 3.5
    expect_array(student.numerical_gradient(_function(student, "squared_sum"), x, eps=0.01), np.full((2, 2), 3.5),
                 call=student.last_call, tol=tol.central_differences(3.1, 0.01))


@category("shapes")
def test_numerical_gradient_transposed_x(student):
    x = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]]).T  # not contiguous in memory
    expect_array(student.numerical_gradient(_function(student, "weighted_squares"), x), 2 * x, call=student.last_call,
                 tol=tol.central_differences(15.25, 1e-6))


@category("float64")
def test_numerical_gradient_float64(student):
    x = np.array([1.5, -0.5])
    expect_float64(student.numerical_gradient(_function(student, "weighted_squares"), x), 2 * x, call=student.last_call,
                   tol=tol.central_differences(2.5, 1e-6))


@category("random")
def test_loss_surface_other_grid(student):
    a, b = np.array([-2.3, 0.7, 3.1]), np.array([1.3, -1.7])
    for loss in ("mse", "ce"):
        expect_array(student.loss_surface(loss, a, b, y3=0.75, label=1),
                     __reference__.loss_surface("mse", np.array([-2.3, 0.7, 3.1]), np.array([1.3, -1.7]), y3=0.75, label=1)
                     if loss == "mse" else
                     __reference__.loss_surface("ce", np.array([-2.3, 0.7, 3.1]), np.array([1.3, -1.7]), y3=0.75, label=1),
                     call=student.last_call, tol=tol.of_scale(3.0))


@category("defaults")
def test_loss_surface_label_and_y3(student):
    a, b = np.array([1.0]), np.array([2.0])
    expect_array(student.loss_surface("ce", a, b, y3=3.0, label=2), [[math.log(1 + math.exp(-2) + math.exp(-1))]],
                 call=student.last_call, tol=tol.of_scale(3.0))
    expect_array(student.loss_surface("ce", a, b), [[math.log(1 + math.exp(1) + math.exp(-1001))]],
                 call=student.last_call, tol=tol.of_scale(1000.0))


@category("extreme")
def test_loss_surface_large_logits(student):
    a, b = np.array([-1000.0, 1000.0]), np.array([0.0, 500.0])
    for loss in ("mse", "ce"):
        expect_array(student.loss_surface(loss, a, b, y3=0.0),
                     __reference__.loss_surface("mse", np.array([-1000.0, 1000.0]), np.array([0.0, 500.0]), y3=0.0)
                     if loss == "mse" else
                     __reference__.loss_surface("ce", np.array([-1000.0, 1000.0]), np.array([0.0, 500.0]), y3=0.0),
                     call=student.last_call, tol=tol.of_scale(1000.0))


@category("unchanged")
def test_loss_surface_read_only_inputs(student):
    a, b = read_only(np.array([-1.0, 0.0, 1.0])), read_only(np.array([0.5, -0.5]))
    got, after = student.call_with_args_after("loss_surface", "ce", a, b)
    expect_array(got, __reference__.loss_surface("ce", np.array([-1.0, 0.0, 1.0]), np.array([0.5, -0.5])),
                 call=student.last_call, tol=tol.of_scale(1000.0))
    expect_unchanged({"loss": None, "y1_values": a, "y2_values": b}, after, call=student.last_call)


@category("float64")
def test_loss_surface_float64(student):
    expect_float64(student.loss_surface("ce", np.array([0.0]), np.array([0.0])), [[math.log(2)]],
                   call=student.last_call, tol=tol.of_scale(1000.0))


def _expect_training(student, got, expected, call):
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        claim(False, "claim:three_results", call=call)
    for value, right in zip(got, expected):
        expect_array(value, right, call=call, tol=tol.of_scale(max(1.0, *(float(np.max(np.abs(e))) for e in expected))))


@category("random")
def test_train_softmax_regression_from_a_start(student):
    for loss in ("ce", "mse"):
        got = student.train_softmax_regression(X, Y, loss, lr=0.5, steps=10, W0=W0, b0=B0)
        expected = (__reference__.train_softmax_regression(X, Y, "ce", lr=0.5, steps=10, W0=W0, b0=B0) if loss == "ce"
                    else __reference__.train_softmax_regression(X, Y, "mse", lr=0.5, steps=10, W0=W0, b0=B0))
        _expect_training(student, got, expected, student.last_call)


@category("defaults")
def test_train_softmax_regression_defaults_and_b0(student):
    _expect_training(student, student.train_softmax_regression(X, Y, "ce"), __reference__.train_softmax_regression(X, Y, "ce"),
                     student.last_call)
    four = np.array([0.0, 0.0, 0.0, -1.0])  # b0 alone gives K = 4: a class no example has
    _expect_training(student, student.train_softmax_regression(X, Y, "mse", steps=3, b0=four),
                     __reference__.train_softmax_regression(X, Y, "mse", steps=3, b0=np.array([0.0, 0.0, 0.0, -1.0])),
                     student.last_call)


@category("scale")
def test_train_softmax_regression_features_of_different_scale(student):
    got = student.train_softmax_regression(X_SCALED, Y, "ce", lr=1e-5, steps=4, W0=W0_SCALED, b0=B0)
    _expect_training(student, got, __reference__.train_softmax_regression(X_SCALED, Y, "ce", lr=1e-5, steps=4, W0=W0_SCALED,
                                                                          b0=B0), student.last_call)


@category("unchanged")
def test_train_softmax_regression_read_only_inputs(student):
    X_, Y_, W0_, B0_ = (read_only(a) for a in (X, Y, W0, B0))
    got, after = student.call_with_args_after("train_softmax_regression", X_, Y_, "ce", 0.1, 3, W0_, B0_)
    _expect_training(student, got, __reference__.train_softmax_regression(X, Y, "ce", 0.1, 3, W0, B0), student.last_call)
    expect_unchanged({"X": X_, "labels": Y_, "loss": None, "lr": None, "steps": None, "W0": W0_, "b0": B0_}, after,
                     call=student.last_call)


@category("float64")
def test_train_softmax_regression_float64(student):
    got = student.train_softmax_regression(X, Y, "ce", lr=0.1, steps=2)
    call = student.last_call
    _expect_training(student, got, __reference__.train_softmax_regression(X, Y, "ce", lr=0.1, steps=2), call)
    for value in got:
        expect_float64(value, call=call)


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
