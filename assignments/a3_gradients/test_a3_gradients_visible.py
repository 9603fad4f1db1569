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
    expect_array(student.softmax_jacobian(LOGITS), np.array([[[0.07792362525537322, -0.0016189164068516919, -0.06548080464143707, -0.01082390420708445], [-0.0016189164068516919, 0.01864479831230161, -0.0146107424262919, -0.002415139479158017], [-0.06548080464143707, -0.0146107424262919, 0.17777742865324786, -0.09768588158551895], [-0.01082390420708445, -0.002415139479158017, -0.09768588158551895, 0.11092492527176143]], [[0.24316088036025774, -0.16860962539455193, -0.06202801476627399, -0.012523240199431787], [-0.16860962539455193, 0.20563068298972775, -0.030802200556288198, -0.006218857038887625], [-0.06202801476627399, -0.030802200556288198, 0.09511800497475326, -0.00228778965219107], [-0.012523240199431787, -0.006218857038887625, -0.00228778965219107, 0.021029886890510482]], [[0.022560226993705444, -0.019518260082067702, -0.0021626848628305676, -0.0008792820488071682], [-0.019518260082067702, 0.13084887828409675, -0.07915044763766668, -0.03218017056436225], [-0.0021626848628305676, -0.07915044763766668, 0.08487879703566721, -0.0035656645351699458], [-0.0008792820488071682, -0.03218017056436225, -0.0035656645351699458, 0.036625117148339374]]]), call=student.last_call,
                 tol=tol.probabilities())


@category("scale")
def test_softmax_jacobian_rows_of_different_scale(student):
    expect_array(student.softmax_jacobian(LOGITS_SCALED), np.array([[[0.20975543887480402, -0.020000068856390434, -0.1897553700184136], [-0.020000068856390434, 0.06234021495762361, -0.042340146101233184], [-0.1897553700184136, -0.042340146101233184, 0.2320955161196468]], [[0.20098234517563468, -0.03666430959449508, -0.1643180355811396], [-0.03666430959449508, 0.1142826536151334, -0.07761834402063833], [-0.1643180355811396, -0.07761834402063833, 0.24193637960177794]], [[0.24401458645144375, -0.014662019093463043, -0.22935256735798076], [-0.014662019093463043, 0.03348842426943054, -0.018826405175967505], [-0.22935256735798076, -0.018826405175967505, 0.24817897253394822]]]),
                 call=student.last_call, tol=tol.probabilities())


@category("unchanged")
def test_softmax_jacobian_read_only_input(student):
    logits = read_only(LOGITS)
    got, after = student.call_with_args_after("softmax_jacobian", logits)
    expect_array(got, np.array([[[0.07792362525537322, -0.0016189164068516919, -0.06548080464143707, -0.01082390420708445], [-0.0016189164068516919, 0.01864479831230161, -0.0146107424262919, -0.002415139479158017], [-0.06548080464143707, -0.0146107424262919, 0.17777742865324786, -0.09768588158551895], [-0.01082390420708445, -0.002415139479158017, -0.09768588158551895, 0.11092492527176143]], [[0.24316088036025774, -0.16860962539455193, -0.06202801476627399, -0.012523240199431787], [-0.16860962539455193, 0.20563068298972775, -0.030802200556288198, -0.006218857038887625], [-0.06202801476627399, -0.030802200556288198, 0.09511800497475326, -0.00228778965219107], [-0.012523240199431787, -0.006218857038887625, -0.00228778965219107, 0.021029886890510482]], [[0.022560226993705444, -0.019518260082067702, -0.0021626848628305676, -0.0008792820488071682], [-0.019518260082067702, 0.13084887828409675, -0.07915044763766668, -0.03218017056436225], [-0.0021626848628305676, -0.07915044763766668, 0.08487879703566721, -0.0035656645351699458], [-0.0008792820488071682, -0.03218017056436225, -0.0035656645351699458, 0.036625117148339374]]]), call=student.last_call, tol=tol.probabilities())
    expect_unchanged({"logits": logits}, after, call=student.last_call)


@category("float64")
def test_softmax_jacobian_float64(student):
    expect_float64(student.softmax_jacobian(np.zeros(2)), [[0.25, -0.25], [-0.25, 0.25]], call=student.last_call,
                   tol=tol.probabilities())


@category("random")
def test_ce_grad_logits_batch_of_three(student):
    expected = np.array([[0.028393035073917137, 0.006335342463143116, -0.07708580850132467, 0.04235743096426442], [-0.13910034333196017, 0.0964532483461457, 0.03548316710075042, 0.007163927885064022], [0.007697846171613977, -0.05160575443323593, 0.031216305539904402, 0.012691602721717514]])
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
                 np.array([[0.0997965096248326, -0.3110657221584901, 0.21126921253365752], [0.09286689639875767, 0.04386721571563812, -0.1367341121143958], [-0.19245515149690787, 0.011563985362180345, 0.18089116613472758]]), call=student.last_call, tol=tol.of_scale(1 / 3))


@category("shapes")
def test_ce_grad_logits_one_example_four_classes(student):
    expect_array(student.ce_grad_logits(LOGITS[:1], LABELS[:1]), np.array([[0.08517910522175141, 0.019006027389429348, -0.231257425503974, 0.12707229289279326]]),
                 call=student.last_call, tol=tol.of_scale(1.0))


@category("unchanged")
def test_ce_grad_logits_read_only_inputs(student):
    logits, labels = read_only(LOGITS), read_only(LABELS)
    got, after = student.call_with_args_after("ce_grad_logits", logits, labels)
    expect_array(got, np.array([[0.028393035073917137, 0.006335342463143116, -0.07708580850132467, 0.04235743096426442], [-0.13910034333196017, 0.0964532483461457, 0.03548316710075042, 0.007163927885064022], [0.007697846171613977, -0.05160575443323593, 0.031216305539904402, 0.012691602721717514]]), call=student.last_call, tol=tol.of_scale(1 / 3))
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
    expected = np.array([[0.013582799653986118, 0.002192274042241991, -0.03958720529245616, 0.02381213159622805], [-0.10475474803460087, 0.08429978608537482, 0.01803168871009968, 0.0024232732391263386], [0.0022044983276900227, -0.019564012283280766, 0.013344638026168008, 0.004014875929422735]])
    expect_array(student.mse_grad_logits(LOGITS, LABELS), expected, call=student.last_call, tol=tol.of_scale(2 / 3),
                 suspects=[slips.not_divided_by_n(expected, 3), slips.missing_factor_2(expected)],
                 given=_given_jacobian(student, LOGITS, LABELS, np.array([[[0.07792362525537322, -0.0016189164068516919, -0.06548080464143707, -0.01082390420708445], [-0.0016189164068516919, 0.01864479831230161, -0.0146107424262919, -0.002415139479158017], [-0.06548080464143707, -0.0146107424262919, 0.17777742865324786, -0.09768588158551895], [-0.01082390420708445, -0.002415139479158017, -0.09768588158551895, 0.11092492527176143]], [[0.24316088036025774, -0.16860962539455193, -0.06202801476627399, -0.012523240199431787], [-0.16860962539455193, 0.20563068298972775, -0.030802200556288198, -0.006218857038887625], [-0.06202801476627399, -0.030802200556288198, 0.09511800497475326, -0.00228778965219107], [-0.012523240199431787, -0.006218857038887625, -0.00228778965219107, 0.021029886890510482]], [[0.022560226993705444, -0.019518260082067702, -0.0021626848628305676, -0.0008792820488071682], [-0.019518260082067702, 0.13084887828409675, -0.07915044763766668, -0.03218017056436225], [-0.0021626848628305676, -0.07915044763766668, 0.08487879703566721, -0.0035656645351699458], [-0.0008792820488071682, -0.03218017056436225, -0.0035656645351699458, 0.036625117148339374]]]), _softmax(LOGITS)))


@category("scale")
def test_mse_grad_logits_rows_of_different_scale(student):
    expect_array(student.mse_grad_logits(LOGITS_SCALED, LABELS_SCALED),
                 np.array([[-0.02587054212252014, -0.060666020749600646, 0.08653656287212075], [0.07904825229785437, 0.02444287306299672, -0.10349112536085109], [-0.1772385378850471, -0.00039297926493693644, 0.17763151714998401]]), call=student.last_call,
                 tol=tol.of_scale(2 / 3))


@category("shapes")
def test_mse_grad_logits_one_example_four_classes(student):
    expect_array(student.mse_grad_logits(LOGITS[:1], LABELS[:1]), np.array([[0.04074839896195836, 0.006576822126725973, -0.11876161587736847, 0.07143639478868415]]),
                 call=student.last_call, tol=tol.of_scale(2.0))


@category("unchanged")
def test_mse_grad_logits_read_only_inputs(student):
    logits, labels = read_only(LOGITS), read_only(LABELS)
    got, after = student.call_with_args_after("mse_grad_logits", logits, labels)
    expect_array(got, np.array([[0.013582799653986118, 0.002192274042241991, -0.03958720529245616, 0.02381213159622805], [-0.10475474803460087, 0.08429978608537482, 0.01803168871009968, 0.0024232732391263386], [0.0022044983276900227, -0.019564012283280766, 0.013344638026168008, 0.004014875929422735]]), call=student.last_call, tol=tol.of_scale(2 / 3))
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
                     np.array([[0.27150247435628594, 1.6334078960787837], [0.4207705932855403, 1.3759204280541233], [1.3898893912044015, 1.813673919293666]])
                     if loss == "mse" else
                     np.array([[0.472671026593589, 2.575444730560828], [0.7541300659450352, 3.16173485981148], [2.031641779217318, 4.898576575017419]]),
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
                     np.array([[1.5, 2.0], [0.0, 0.0]])
                     if loss == "mse" else
                     np.array([[1000.6931471805599, 1500.0], [-0.0, -0.0]]),
                     call=student.last_call, tol=tol.of_scale(1000.0))


@category("unchanged")
def test_loss_surface_read_only_inputs(student):
    a, b = read_only(np.array([-1.0, 0.0, 1.0])), read_only(np.array([0.5, -0.5]))
    got, after = student.call_with_args_after("loss_surface", "ce", a, b)
    expect_array(got, np.array([[1.7014132779827524, 0.9740769841801067], [0.9740769841801067, 0.4740769841801067], [0.4740769841801067, 0.20141327798275246]]),
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
        expected = ((np.array([[1.0084899254290196, -0.5559241666093221, -0.10256575881969748], [0.42359797131889887, 0.5750953348229729, -0.6986933061418718]]), np.array([0.0359998474835571, -0.014837201514332255, -0.12116264596922492]), np.array([1.244416466521396, 0.15500879157126754, 0.08562697569902637, 0.061999403085861306, 0.04913225136488513, 0.04090432527363695, 0.035145808619911185, 0.030871113390325527, 0.027562667400710256, 0.02492081908718326])) if loss == "ce"
                    else (np.array([[0.8105068243988367, -0.44241288857738, -0.018093935821456637], [0.37293903270122364, 0.3998236645131644, -0.4727626972143879]]), np.array([0.008490509932550577, 0.00879580066831754, -0.11728631060086811]), np.array([0.6134409593209739, 0.46156673189367686, 0.20481630911537907, 0.043296082615498686, 0.02703418609402672, 0.01982533922690568, 0.015685396266644044, 0.012984894449947194, 0.011080565109453622, 0.009664353911647305])))
        _expect_training(student, got, expected, student.last_call)


@category("defaults")
def test_train_softmax_regression_defaults_and_b0(student):
    _expect_training(student, student.train_softmax_regression(X, Y, "ce"), (np.array([[0.9808645712373438, -0.6374376735320184, -0.3434268977053253], [0.34249281699174644, 0.5781126262327297, -0.9206054432244758]]), np.array([0.06433082778559514, -0.027681660953866084, -0.036649166831729044]), np.array([1.0986122886681098, 0.626357525885096, 0.43313654502232796, 0.33009895744000683, 0.2659332732742598, 0.2222950716948565, 0.1908014547325644, 0.16705873092591525, 0.14854771130489156, 0.1337254596996547, 0.12159694939977057, 0.11149312661750438, 0.10294827581109665, 0.09562862285844675, 0.08928891666094078, 0.08374502809459265, 0.07885609570718184, 0.07451256323704981, 0.07062796576799522, 0.06713316590899954, 0.0639722299861834, 0.06109942577121733, 0.05847700209390493, 0.05607352312987466, 0.05386260246203659, 0.05182192947002933, 0.049932512331637174, 0.04817808349991556, 0.046544628428163586, 0.04502000876435547, 0.04359365865943989, 0.042256338172597475, 0.040999931640893446, 0.039817281737591824, 0.038702052065785274, 0.03764861272572962, 0.03665194449864328, 0.035707558208657744, 0.03481142653125146, 0.033959926063970046, 0.033149787902351124, 0.03237805529942752, 0.03164204725230147, 0.030939327070075295, 0.030267675145974633, 0.029625065292007063, 0.029009644104001312, 0.028419712913801007, 0.027853711957939366, 0.027310206451589606, 0.026787874305533393, 0.026285495264343078, 0.025801941277544458, 0.02533616794348707, 0.024887206889024547, 0.024454158967711612, 0.024036188175736096, 0.02363251619873584, 0.023242417514459313, 0.022865214986259357, 0.022500275890957187, 0.022147008331916254, 0.021804857994424647, 0.021473305205859813, 0.021151862267739036, 0.020840071030755376, 0.02053750068735891, 0.020243745759441416, 0.0199584242612908, 0.01968117602025429, 0.019411661139529784, 0.019149558589243557, 0.018894564913488385, 0.018646393042334165, 0.018404771198996486, 0.01816944189338383, 0.01794016099415825, 0.017716696872251744, 0.01749882960949764, 0.017286350266670723, 0.017079060205795065, 0.01687677046207998, 0.01667930116129303, 0.016486480978779857, 0.016298146636695102, 0.016114142436332364, 0.015934319822724606, 0.015758536978944915, 0.015586658447771682, 0.015418554778584224, 0.015254102197548644, 0.015093182299319448, 0.014935681758636202, 0.014781492060331915, 0.01463050924639644, 0.01448263367884905, 0.01433776981728034, 0.014195826010012381, 0.014056714297916738, 0.01392035023000133])),
                     student.last_call)
    four = np.array([0.0, 0.0, 0.0, -1.0])  # b0 alone gives K = 4: a class no example has
    _expect_training(student, student.train_softmax_regression(X, Y, "mse", steps=3, b0=four),
                     (np.array([[0.19742392303797407, -0.18859070176007542, -0.010888513643832025, 0.0020552923659333876], [0.03209672891187427, 0.15662804073179215, -0.19199196547732952, 0.003267195833663125]]), np.array([0.004356682210707355, 0.005592495637855615, 0.0020259990339205184, -1.0119751768824836]), np.array([0.68257544018593, 0.48427713386589466, 0.33835159875599724])),
                     student.last_call)


@category("scale")
def test_train_softmax_regression_features_of_different_scale(student):
    got = student.train_softmax_regression(X_SCALED, Y, "ce", lr=1e-5, steps=4, W0=W0_SCALED, b0=B0)
    _expect_training(student, got, (np.array([[0.9966666666666666, -0.9986666666666668, 0.002], [0.5000293333333334, 0.20002199999999998, -0.4000513333333334]]), np.array([0.09999333333333335, -6.666666666666667e-06, -0.1999866666666667]), np.array([115.76, 115.65441790555558, 115.54883581111112, 115.44325371666666])), student.last_call)


@category("unchanged")
def test_train_softmax_regression_read_only_inputs(student):
    X_, Y_, W0_, B0_ = (read_only(a) for a in (X, Y, W0, B0))
    got, after = student.call_with_args_after("train_softmax_regression", X_, Y_, "ce", 0.1, 3, W0_, B0_)
    _expect_training(student, got, (np.array([[0.554716217447798, -0.3327399488284507, 0.12802373138065273], [-0.012017089337542392, 0.2966489076321423, 0.015368181705400039]]), np.array([0.04134149618987548, 0.0005874213415279859, -0.1419289175314035]), np.array([1.244416466521396, 0.885675963249279, 0.6207110307836141])), student.last_call)
    expect_unchanged({"X": X_, "labels": Y_, "loss": None, "lr": None, "steps": None, "W0": W0_, "b0": B0_}, after,
                     call=student.last_call)


@category("float64")
def test_train_softmax_regression_float64(student):
    got = student.train_softmax_regression(X, Y, "ce", lr=0.1, steps=2)
    call = student.last_call
    _expect_training(student, got, (np.array([[0.20714794159177286, -0.20316670878372795, -0.00398123280804493], [0.027250534449829077, 0.17073971502414967, -0.19799024947397875]]), np.array([0.00115836765109252, -0.0011026039757475621, -5.576367534494836e-05]), np.array([1.0986122886681098, 0.626357525885096])), call)
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
