"""Visible checks for a2_losses: every kind of input the grader tries, with other values.

Each check says its category (worked examples, random batches, soft targets, extreme probabilities, rows of
very different scale, other shapes, optional arguments, read-only inputs, ...); the grader's hidden checks try the
same categories with other numbers, so a function that passes every check here is not surprised by its grade.
They use the grader's own comparisons and precision, so a failure says what was expected, what came back, on
which input, and the likely mistake when the answer is exactly what that mistake gives. Run `pytest` in this
folder, `check("cross_entropy")` in the notebook, or `autograder check a2_losses`.
"""
import math

import numpy as np

from autograder.checker import slips
from autograder.checker import tolerance as tol
from autograder.checker.compare import (
    category,
    claim,
    expect_equal,
    expect_no_warning,
    expect_one_of,
    expect_raises,
    expect_scalar,
    expect_unchanged,
    read_only,
)
from autograder.checker.diagnosis import Suspect, from_warnings
from autograder.checker.message import Message

LN2 = math.log(2)
# Inputs of the checks below (the expected values are the reference's, written out as numbers)
TARGETS = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
PROBS = np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.25, 0.25, 0.5], [0.05, 0.9, 0.05], [0.4, 0.4, 0.2]])
SOFT = np.array([[0.1, 0.8, 0.1], [0.7, 0.2, 0.1], [0.3, 0.3, 0.4], [0.0, 0.5, 0.5], [0.9, 0.05, 0.05]])
LOGITS = np.array([[0.3, -1.2, 2.5, 0.7], [1.1, 0.4, -0.6, -2.2], [-0.5, 3.1, 0.9, 0.0]])
LABELS = np.array([2, 0, 1])
LOGITS_SCALED = np.array([[10000.5, 9999.0, 10001.25], [0.25, -0.5, 1.0], [-10000.0, -10002.5, -9999.75]])
LABELS_SCALED = np.array([1, 2, 0])
BINARY = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
BINARY_PROBS = np.array([[0.9, 0.2, 0.6], [0.3, 0.1, 0.75]])
BOUNDED = np.array([[0.25, 0.5, 0.9], [0.1, 0.6, 0.35]])


@category("known")
def test_mse_loss_perfect_prediction_is_zero(student):
    targets = np.eye(3)
    expect_scalar(student.mse_loss(targets, targets.copy()), 0.0, call=student.last_call)


@category("known")
def test_mse_loss_known_value(student):
    expect_scalar(student.mse_loss(np.array([[1.0, 0.0, 0.0]]), np.array([[0.5, 0.25, 0.25]])), 0.375,
                  call=student.last_call, suspects=[slips.mean_over_all_elements(0.375, 3)])


@category("known")
def test_mse_loss_mean_over_batch(student):
    expect_scalar(student.mse_loss(np.eye(2), np.array([[1.0, 0.0], [0.0, 0.0]])), 0.5, call=student.last_call,
                  suspects=[slips.sum_over_batch(0.5, 2), slips.mean_over_all_elements(0.5, 2)])


@category("known")
def test_cross_entropy_known_value(student):
    expect_scalar(student.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]])), LN2, call=student.last_call,
                  suspects=[slips.negated_loss(LN2), slips.mean_over_all_elements(LN2, 2)])


@category("known")
def test_cross_entropy_mean_over_batch(student):
    expected = (-math.log(0.5) - math.log(0.8)) / 2
    expect_scalar(student.cross_entropy(np.eye(2), np.array([[0.5, 0.5], [0.2, 0.8]])), expected,
                  call=student.last_call, suspects=[slips.sum_over_batch(expected, 2), slips.negated_loss(expected),
                                                    slips.mean_over_all_elements(expected, 2)])


@category("extreme")
def test_cross_entropy_zero_probability_is_finite(student):
    expect_scalar(student.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])), -math.log(1e-12),
                  call=student.last_call, tol=tol.clipped_logs([0.0, 1.0], 1e-12, upper=False, scale=27.7), suspects=[Suspect("log-of-zero", np.inf, Message("hint:log-of-zero"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "encountered in log", "log-of-zero",
                                             Message("hint:log-of-zero-warning")))


@category("known")
def test_softmax_cross_entropy_uniform_logits(student):
    expected = math.log(4)
    expect_scalar(student.softmax_cross_entropy(np.zeros((3, 4)), np.array([0, 1, 3])), expected,
                  call=student.last_call, suspects=[slips.sum_over_batch(expected, 3), slips.negated_loss(expected)])


@category("extreme")
def test_softmax_cross_entropy_huge_logits(student):
    # inf or nan here is what the log of softmax gives, and a log-sum-exp without the max, and one shifted by the min:
    # what they share is named, never one way of writing it
    hint = Message("hint:no-stable-log-sum-exp")
    expect_scalar(student.softmax_cross_entropy(np.array([[1e4, 0.0, -1e4]]), np.array([2])), 2e4,
                  call=student.last_call,
                  suspects=[Suspect("no-stable-log-sum-exp", np.inf, hint), Suspect("no-stable-log-sum-exp", np.nan, hint)])
    expect_scalar(student.softmax_cross_entropy(np.array([[1e4, 0.0]]), np.array([0])), 0.0, call=student.last_call,
                  tol=tol.logits([1e4, 0.0]), suspects=[Suspect("no-stable-log-sum-exp", np.nan, hint),
                                                        Suspect("no-stable-log-sum-exp", np.inf, hint)])


@category("known")
def test_binary_cross_entropy_known_value(student):
    expect_scalar(student.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.5, 0.5])), LN2,
                  call=student.last_call, suspects=[slips.sum_over_elements(LN2, 2), slips.negated_loss(LN2)])


@category("known")
def test_binary_cross_entropy_mean_over_elements(student):
    expected = -(2 * math.log(0.8) + math.log(0.5) + math.log(0.9)) / 4
    expect_scalar(student.binary_cross_entropy(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.8, 0.2], [0.5, 0.9]])),
                  expected, call=student.last_call,
                  suspects=[slips.sum_over_elements(expected, 4), slips.sum_over_labels(expected, 2),
                            slips.negated_loss(expected)])


@category("extreme")
def test_binary_cross_entropy_clipped_is_finite(student):
    expect_scalar(student.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0])), -math.log(1e-12),
                  call=student.last_call, tol=tol.clipped_logs([0.0, 1.0], 1e-12, upper=True, scale=27.7),
                  suspects=[Suspect("log-of-zero", np.inf, Message("hint:log-of-zero-bce")),
                            Suspect("log-of-zero", np.nan, Message("hint:log-of-zero-bce"))])


@category("known")
def test_likelihood_known_value(student):
    hint_sum = Message("hint:sum-for-product")
    expect_scalar(student.likelihood(np.array([[0.5, 0.5], [0.2, 0.8]]), np.array([0, 1])), 0.4, call=student.last_call,
                  suspects=[Suspect("sum-for-product", 1.3, hint_sum),
                            Suspect("log-likelihood", math.log(0.4), Message("hint:log-likelihood")),
                            Suspect("log-likelihood", -math.log(0.4), Message("hint:negative-log-likelihood"))])


@category("claims")
def test_likelihood_matches_cross_entropy(student):
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    expected = 0.7 * 0.8 * 0.4
    value = expect_scalar(student.likelihood(probs, np.array([0, 1, 2])), expected, call=student.last_call)
    mean_ce = -(math.log(0.7) + math.log(0.8) + math.log(0.4)) / 3
    claim(value > 0 and math.isclose(-math.log(value) / 3, mean_ce), "claim:likelihood_is_ce")


@category("known")
def test_output_layer_for_multiclass(student):
    expect_equal(student.output_layer_for("multiclass"), ("softmax", "categorical_crossentropy"),
                 call=student.last_call)


@category("known")
def test_output_layer_for_binary_and_multilabel(student):
    for problem in ("binary", "multilabel"):
        expect_equal(student.output_layer_for(problem), ("sigmoid", "binary_crossentropy"), call=student.last_call,
                     suspects=[Suspect("wrong-table-row", ("softmax", "categorical_crossentropy"), Message(
                         "hint:wrong-table-row", activation="softmax", loss="categorical_crossentropy",
                         other=Message("problem_type:multiclass"), problem=Message(f"problem_type:{problem}")))])


@category("known")
def test_output_layer_for_regression(student):
    expect_one_of(student.output_layer_for("regression"), (("none", "mse"), ("none", "rmse")), call=student.last_call)
    expect_one_of(student.output_layer_for("bounded_regression"), (("sigmoid", "mse"), ("sigmoid", "binary_crossentropy")),
                  call=student.last_call)


@category("errors")
def test_output_layer_for_unknown_raises(student):
    expect_raises(student, "ValueError", "output_layer_for", "ranking")



# ---- more of each kind -------------------------------------------------------------------------------------
@category("random")
def test_mse_loss_batch_of_five(student):
    expected = __reference__.mse_loss(TARGETS, PROBS)
    expect_scalar(student.mse_loss(TARGETS, PROBS), expected, call=student.last_call,
                  suspects=[slips.sum_over_batch(expected, 5), slips.mean_over_all_elements(expected, 3)])


@category("soft-targets")
def test_mse_loss_soft_targets(student):
    expect_scalar(student.mse_loss(SOFT, PROBS), __reference__.mse_loss(SOFT, PROBS), call=student.last_call)


@category("shapes")
def test_mse_loss_one_example_two_classes(student):
    expect_scalar(student.mse_loss(np.array([[0.0, 1.0]]), np.array([[0.75, 0.25]])), 1.125, call=student.last_call)


@category("unchanged")
def test_mse_loss_read_only_inputs(student):
    targets, probs = read_only(TARGETS), read_only(PROBS)
    got, after = student.call_with_args_after("mse_loss", targets, probs)
    expect_scalar(got, __reference__.mse_loss(TARGETS, PROBS), call=student.last_call)
    expect_unchanged({"targets": targets, "probs": probs}, after, call=student.last_call)


@category("random")
def test_cross_entropy_batch_of_five(student):
    expected = __reference__.cross_entropy(TARGETS, PROBS)
    expect_scalar(student.cross_entropy(TARGETS, PROBS), expected, call=student.last_call,
                  suspects=[slips.sum_over_batch(expected, 5), slips.negated_loss(expected)])


@category("soft-targets")
def test_cross_entropy_soft_targets(student):
    expect_scalar(student.cross_entropy(SOFT, PROBS), __reference__.cross_entropy(SOFT, PROBS), call=student.last_call)


@category("defaults")
def test_cross_entropy_eps_given(student):
    expected = -math.log(0.01) / 2
    expect_scalar(student.cross_entropy(np.eye(2), np.array([[0.0, 1.0], [0.0, 1.0]]), eps=0.01), expected,
                  call=student.last_call, tol=tol.clipped_logs([0.0, 1.0], 0.01, upper=False, scale=expected))


@category("shapes")
def test_cross_entropy_one_example_two_classes(student):
    expect_scalar(student.cross_entropy(np.array([[0.0, 1.0]]), np.array([[0.75, 0.25]])), math.log(4),
                  call=student.last_call)


@category("unchanged")
def test_cross_entropy_read_only_inputs(student):
    targets, probs = read_only(TARGETS), read_only(PROBS)
    got, after = student.call_with_args_after("cross_entropy", targets, probs)
    expect_scalar(got, __reference__.cross_entropy(TARGETS, PROBS), call=student.last_call)
    expect_unchanged({"targets": targets, "probs": probs}, after, call=student.last_call)


@category("random")
def test_softmax_cross_entropy_batch_of_three(student):
    expected = __reference__.softmax_cross_entropy(LOGITS, LABELS)
    expect_scalar(student.softmax_cross_entropy(LOGITS, LABELS), expected, call=student.last_call, tol=tol.logits(LOGITS),
                  suspects=[slips.sum_over_batch(expected, 3), slips.negated_loss(expected)])


@category("scale")
def test_softmax_cross_entropy_rows_of_different_scale(student):
    expect_scalar(student.softmax_cross_entropy(LOGITS_SCALED, LABELS_SCALED),
                  __reference__.softmax_cross_entropy(LOGITS_SCALED, LABELS_SCALED), call=student.last_call,
                  tol=tol.logits(LOGITS_SCALED))


@category("shapes")
def test_softmax_cross_entropy_one_example_two_classes(student):
    expect_scalar(student.softmax_cross_entropy(np.array([[0.0, math.log(3.0)]]), np.array([1])), math.log(4 / 3),
                  call=student.last_call, tol=tol.logits([0.0, math.log(3.0)]))


@category("unchanged")
def test_softmax_cross_entropy_read_only_inputs(student):
    logits, labels = read_only(LOGITS), read_only(LABELS)
    got, after = student.call_with_args_after("softmax_cross_entropy", logits, labels)
    expect_scalar(got, __reference__.softmax_cross_entropy(LOGITS, LABELS), call=student.last_call, tol=tol.logits(LOGITS))
    expect_unchanged({"logits": logits, "labels": labels}, after, call=student.last_call)


@category("random")
def test_binary_cross_entropy_multilabel_batch(student):
    expected = __reference__.binary_cross_entropy(BINARY, BINARY_PROBS)
    expect_scalar(student.binary_cross_entropy(BINARY, BINARY_PROBS), expected, call=student.last_call,
                  suspects=[slips.sum_over_elements(expected, 6), slips.sum_over_labels(expected, 3)])


@category("soft-targets")
def test_binary_cross_entropy_targets_between_0_and_1(student):
    expected = __reference__.binary_cross_entropy(BOUNDED, BINARY_PROBS)
    expect_scalar(student.binary_cross_entropy(BOUNDED, BINARY_PROBS), expected, call=student.last_call)


@category("defaults")
def test_binary_cross_entropy_eps_given(student):
    expected = -math.log(0.01)
    expect_scalar(student.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0]), eps=0.01), expected,
                  call=student.last_call, tol=tol.clipped_logs([0.0, 1.0], 0.01, upper=True, scale=expected))


@category("shapes")
def test_binary_cross_entropy_column(student):
    expect_scalar(student.binary_cross_entropy(np.array([[1.0], [0.0]]), np.array([[0.8], [0.2]])), -math.log(0.8),
                  call=student.last_call)


@category("unchanged")
def test_binary_cross_entropy_read_only_inputs(student):
    targets, probs = read_only(BINARY), read_only(BINARY_PROBS)
    got, after = student.call_with_args_after("binary_cross_entropy", targets, probs)
    expect_scalar(got, __reference__.binary_cross_entropy(BINARY, BINARY_PROBS), call=student.last_call)
    expect_unchanged({"targets": targets, "probs": probs}, after, call=student.last_call)


@category("random")
def test_likelihood_batch_of_five(student):
    expect_scalar(student.likelihood(PROBS, np.array([1, 0, 2, 1, 0])), 0.7 * 0.6 * 0.5 * 0.9 * 0.4,
                  call=student.last_call)


@category("shapes")
def test_likelihood_one_example(student):
    expect_scalar(student.likelihood(np.array([[0.1, 0.6, 0.3]]), np.array([2])), 0.3, call=student.last_call)


@category("unchanged")
def test_likelihood_read_only_inputs(student):
    probs, labels = read_only(PROBS), read_only(np.array([1, 0, 2, 1, 0]))
    got, after = student.call_with_args_after("likelihood", probs, labels)
    expect_scalar(got, 0.7 * 0.6 * 0.5 * 0.9 * 0.4, call=student.last_call)
    expect_unchanged({"probs": probs, "labels": labels}, after, call=student.last_call)


# ---- why it matters: the student's own numbers, shown by check() once a problem passes -------------------
def _numbers(values, digits: int = 4) -> str:
    return "[" + ", ".join(f"{v:.{digits}g}" for v in np.ravel(np.asarray(values, float))) + "]"


def why_cross_entropy(student):
    target, confident_and_wrong = np.array([[1.0, 0.0]]), np.array([[0.01, 0.99]])
    return {"mse": float(student.mse_loss(target, confident_and_wrong)),
            "ce": float(student.cross_entropy(target, confident_and_wrong))}


def why_softmax_cross_entropy(student):
    return {"loss": float(student.softmax_cross_entropy(np.array([[1e4, 0.0, -1e4]]), np.array([2])))}


def why_likelihood(student):
    probs = np.full((2000, 2), 0.5)
    return {"value": float(student.likelihood(probs, np.zeros(2000, dtype=int)))}
