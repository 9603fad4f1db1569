"""Visible checks for a2_losses: a few known values, the mean over the batch, the clipping, the error case.

They use the grader's own comparisons, so a failure says what was expected, what came back, on which input,
and the likely mistake when the answer is exactly what that mistake gives. They catch slips; the grader runs
more (and different) checks. Run `pytest` in this folder, `check("cross_entropy")` in the notebook, or
`autograder check a2_losses`.
"""
import math

import numpy as np
from _kit.catalogue import Message
from _kit.grading import slips
from _kit.grading.compare import claim, expect_equal, expect_no_warning, expect_raises, expect_scalar
from _kit.grading.diagnosis import Suspect, from_warnings

LN2 = math.log(2)


def test_mse_loss_perfect_prediction_is_zero(student):
    targets = np.eye(3)
    expect_scalar(student.mse_loss(targets, targets.copy()), 0.0, call=student.last_call)


def test_mse_loss_known_value(student):
    expect_scalar(student.mse_loss(np.array([[1.0, 0.0, 0.0]]), np.array([[0.5, 0.25, 0.25]])), 0.375,
                  call=student.last_call, suspects=[slips.mean_over_all_elements(0.375, 3)])


def test_mse_loss_mean_over_batch(student):
    expect_scalar(student.mse_loss(np.eye(2), np.array([[1.0, 0.0], [0.0, 0.0]])), 0.5, call=student.last_call,
                  suspects=[slips.sum_over_batch(0.5, 2), slips.mean_over_all_elements(0.5, 2)])


def test_cross_entropy_known_value(student):
    expect_scalar(student.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]])), LN2, call=student.last_call,
                  suspects=[slips.negated_loss(LN2), slips.mean_over_all_elements(LN2, 2)])


def test_cross_entropy_mean_over_batch(student):
    expected = (-math.log(0.5) - math.log(0.8)) / 2
    expect_scalar(student.cross_entropy(np.eye(2), np.array([[0.5, 0.5], [0.2, 0.8]])), expected,
                  call=student.last_call, suspects=[slips.sum_over_batch(expected, 2), slips.negated_loss(expected),
                                                    slips.mean_over_all_elements(expected, 2)])


def test_cross_entropy_zero_probability_is_finite(student):
    expect_scalar(student.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])), -math.log(1e-12),
                  call=student.last_call, suspects=[Suspect("log-of-zero", np.inf, Message("hint:log-of-zero"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "encountered in log", "log-of-zero",
                                             Message("hint:log-of-zero-warning")))


def test_softmax_cross_entropy_uniform_logits(student):
    expected = math.log(4)
    expect_scalar(student.softmax_cross_entropy(np.zeros((3, 4)), np.array([0, 1, 3])), expected,
                  call=student.last_call, suspects=[slips.sum_over_batch(expected, 3), slips.negated_loss(expected)])


def test_softmax_cross_entropy_huge_logits(student):
    hint = Message("hint:unstable-log-sum-exp-loss")
    expect_scalar(student.softmax_cross_entropy(np.array([[1e4, 0.0, -1e4]]), np.array([2])), 2e4,
                  call=student.last_call, rtol=1e-12,
                  suspects=[Suspect("unstable-log-sum-exp", np.inf, hint), Suspect("unstable-log-sum-exp", np.nan, hint)])
    expect_scalar(student.softmax_cross_entropy(np.array([[1e4, 0.0]]), np.array([0])), 0.0, call=student.last_call,
                  atol=1e-12, suspects=[Suspect("unstable-log-sum-exp", np.nan, hint)])


def test_binary_cross_entropy_known_value(student):
    expect_scalar(student.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.5, 0.5])), LN2,
                  call=student.last_call, suspects=[slips.sum_over_elements(LN2, 2), slips.negated_loss(LN2)])


def test_binary_cross_entropy_mean_over_elements(student):
    expected = -(2 * math.log(0.8) + math.log(0.5) + math.log(0.9)) / 4
    expect_scalar(student.binary_cross_entropy(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.8, 0.2], [0.5, 0.9]])),
                  expected, call=student.last_call,
                  suspects=[slips.sum_over_elements(expected, 4), slips.sum_over_labels(expected, 2),
                            slips.negated_loss(expected)])


def test_binary_cross_entropy_clipped_is_finite(student):
    expect_scalar(student.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0])), -math.log(1e-12),
                  call=student.last_call, rtol=1e-6,
                  suspects=[Suspect("log-of-zero", np.inf, Message("hint:log-of-zero-bce")),
                            Suspect("log-of-zero", np.nan, Message("hint:log-of-zero-bce"))])


def test_likelihood_known_value(student):
    hint_sum = Message("hint:sum-for-product")
    expect_scalar(student.likelihood(np.array([[0.5, 0.5], [0.2, 0.8]]), np.array([0, 1])), 0.4, call=student.last_call,
                  suspects=[Suspect("sum-for-product", 1.3, hint_sum),
                            Suspect("log-likelihood", math.log(0.4), Message("hint:log-likelihood")),
                            Suspect("log-likelihood", -math.log(0.4), Message("hint:negative-log-likelihood"))])


def test_likelihood_matches_cross_entropy(student):
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    expected = 0.7 * 0.8 * 0.4
    value = expect_scalar(student.likelihood(probs, np.array([0, 1, 2])), expected, call=student.last_call)
    mean_ce = -(math.log(0.7) + math.log(0.8) + math.log(0.4)) / 3
    claim(value > 0 and math.isclose(-math.log(value) / 3, mean_ce), "claim:likelihood_is_ce")


def test_output_layer_for_multiclass(student):
    expect_equal(student.output_layer_for("multiclass"), ("softmax", "categorical_crossentropy"),
                 call=student.last_call)


def test_output_layer_for_binary_and_multilabel(student):
    for problem in ("binary", "multilabel"):
        expect_equal(student.output_layer_for(problem), ("sigmoid", "binary_crossentropy"), call=student.last_call,
                     suspects=[Suspect("wrong-table-row", ("softmax", "categorical_crossentropy"), Message(
                         "hint:wrong-table-row", activation="softmax", loss="categorical_crossentropy",
                         other=Message("problem_type:multiclass"), problem=Message(f"problem_type:{problem}")))])


def test_output_layer_for_unknown_raises(student):
    expect_raises(student, "ValueError", "output_layer_for", "ranking")


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
