"""Visible sanity checks for a2_losses: a few known values, the clipping, the error case.

They catch slips; the grader runs more (and different) tests. Run `pytest` in this folder.
"""
import math

import numpy as np


def _raises_value_error(call, *args):
    """True when call(*args) raises ValueError; any other error (NotImplementedError...) propagates.

    Through the grading engine the student's exception arrives by name, as `type_name`.
    """
    try:
        call(*args)
    except ValueError:
        return True
    except Exception as exc:
        if getattr(exc, "type_name", None) == "ValueError":
            return True
        raise
    return False


def test_mse_loss_perfect_prediction_is_zero(student):
    targets = np.eye(3)
    out = float(student.mse_loss(targets, targets.copy()))
    assert math.isclose(out, 0.0, abs_tol=1e-12), f"a perfect prediction has loss 0, got {out}"


def test_mse_loss_known_value(student):
    out = float(student.mse_loss(np.array([[1.0, 0.0, 0.0]]), np.array([[0.5, 0.25, 0.25]])))
    assert math.isclose(out, 0.375), f"(1 - 0.5)² + 0.25² + 0.25² = 0.375, got {out}"


def test_mse_loss_mean_over_batch(student):
    out = float(student.mse_loss(np.eye(2), np.array([[1.0, 0.0], [0.0, 0.0]])))
    assert math.isclose(out, 0.5), f"losses 0 and 1 average to 0.5 (a mean over the batch, not a sum), got {out}"


def test_cross_entropy_known_value(student):
    out = float(student.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]])))
    assert math.isclose(out, math.log(2)), f"-ln 0.5 = ln 2 ≈ 0.693, got {out}"


def test_cross_entropy_mean_over_batch(student):
    out = float(student.cross_entropy(np.eye(2), np.array([[0.5, 0.5], [0.2, 0.8]])))
    expected = (-math.log(0.5) - math.log(0.8)) / 2
    assert math.isclose(out, expected), f"mean of -ln 0.5 and -ln 0.8 = {expected:.6f}, got {out}"


def test_cross_entropy_zero_probability_is_finite(student):
    out = float(student.cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])))
    assert math.isfinite(out), f"probabilities are clipped to [eps, 1] before the log, got {out}"
    assert math.isclose(out, -math.log(1e-12)), f"clipped at eps = 1e-12 the loss is -ln 1e-12 ≈ 27.63, got {out}"


def test_softmax_cross_entropy_uniform_logits(student):
    out = float(student.softmax_cross_entropy(np.zeros((3, 4)), np.array([0, 1, 3])))
    assert math.isclose(out, math.log(4)), f"equal logits over 4 classes give ln 4 ≈ 1.386, got {out}"


def test_softmax_cross_entropy_huge_logits(student):
    out = float(student.softmax_cross_entropy(np.array([[1e4, 0.0, -1e4]]), np.array([2])))
    assert math.isclose(out, 2e4, rel_tol=1e-12), f"logits [1e4, 0, -1e4], label 2: the loss is exactly 2e4, got {out}"
    out = float(student.softmax_cross_entropy(np.array([[1e4, 0.0]]), np.array([0])))
    assert math.isclose(out, 0.0, abs_tol=1e-12), f"logits [1e4, 0], label 0: the loss is 0, got {out}"


def test_binary_cross_entropy_known_value(student):
    out = float(student.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.5, 0.5])))
    assert math.isclose(out, math.log(2)), f"p = 0.5 gives ln 2 ≈ 0.693 whatever the target, got {out}"


def test_binary_cross_entropy_mean_over_elements(student):
    out = float(student.binary_cross_entropy(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([[0.8, 0.2], [0.5, 0.9]])))
    expected = -(2 * math.log(0.8) + math.log(0.5) + math.log(0.9)) / 4
    assert math.isclose(out, expected), f"the mean over all 4 elements is {expected:.6f}, got {out}"


def test_binary_cross_entropy_clipped_is_finite(student):
    out = float(student.binary_cross_entropy(np.array([1.0, 0.0]), np.array([0.0, 1.0])))
    assert math.isfinite(out), f"probabilities are clipped to [eps, 1 - eps] before the log, got {out}"


def test_likelihood_known_value(student):
    out = float(student.likelihood(np.array([[0.5, 0.5], [0.2, 0.8]]), np.array([0, 1])))
    assert math.isclose(out, 0.4), f"0.5 × 0.8 = 0.4, got {out}"


def test_likelihood_matches_cross_entropy(student):
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    labels = np.array([0, 1, 2])
    out = float(student.likelihood(probs, labels))
    mean_ce = float(np.mean(-np.log(probs[np.arange(3), labels])))
    assert out > 0 and math.isclose(-math.log(out) / 3, mean_ce), \
        f"-ln(likelihood)/N should equal the mean cross-entropy {mean_ce:.6f}; likelihood was {out}"


def test_output_layer_for_multiclass(student):
    out = tuple(student.output_layer_for("multiclass"))
    assert out == ("softmax", "categorical_crossentropy"), f"multiclass: softmax + categorical_crossentropy, got {out}"


def test_output_layer_for_binary_and_multilabel(student):
    for problem in ("binary", "multilabel"):
        out = tuple(student.output_layer_for(problem))
        assert out == ("sigmoid", "binary_crossentropy"), f"{problem}: sigmoid + binary_crossentropy, got {out}"


def test_output_layer_for_unknown_raises(student):
    assert _raises_value_error(student.output_layer_for, "ranking"), "output_layer_for('ranking') should raise ValueError: it is not in the table"
