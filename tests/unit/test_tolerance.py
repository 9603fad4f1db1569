"""The contract's precision on its own: correct float64 computations written other ways pass on any input, float32
and real slips do not; a caller right given its own wrong callee earns its points; float64 is asked, with values."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checker import tolerance as tol
from autograder.checker.compare import Given, expect_array, expect_float64, read_only
from autograder.checker.feedback import Credited, Feedback

CALL = "f(x)"


def _gram_distances(e):
    """|a|² + |b|² − 2a·b, clipped at 0: a correct form whose diagonal is √u·|e| off where it should be 0."""
    sq = np.sum(e * e, axis=1)
    return np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2 * e @ e.T, 0.0))


def _direct_distances(e):
    return np.sqrt(np.sum((e[:, None, :] - e[None, :, :]) ** 2, axis=-1))


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_a_gram_matrix_distance_passes_whatever_the_inputs(seed, scale):
    e = np.random.default_rng(seed).normal(size=(6, 4)) * scale
    expect_array(_gram_distances(e), _direct_distances(e), call=CALL, tol=tol.distances(e))


def test_the_gram_diagonal_fails_a_bare_absolute_tolerance_and_passes_the_computed_one():
    """What the contract's tolerance is for: the diagonal of a Gram form is not 0 (it was 2.98e-08 in one class)."""
    inputs = [np.random.default_rng(seed).normal(size=(5, 3)) for seed in range(50)]
    off = [e for e in inputs if np.max(np.abs(np.diag(_gram_distances(e)))) > 1e-9]
    assert len(off) > 5  # the old bare atol=1e-9 failed this correct answer on those inputs: luck of the draw
    for e in off:
        expect_array(_gram_distances(e), _direct_distances(e), call=CALL, tol=tol.distances(e))


def test_a_squared_distance_and_a_float32_distance_fail():
    e = np.random.default_rng(4).normal(size=(4, 3))
    expected = _direct_distances(e)
    with pytest.raises(Feedback):
        expect_array(expected**2, expected, call=CALL, tol=tol.distances(e))
    with pytest.raises(Feedback) as raised:
        expect_float64(_direct_distances(e.astype(np.float32)), expected, call=CALL, tol=tol.distances(e))
    assert raised.value.key == "wrong_dtype"


@pytest.mark.parametrize("seed", range(20))
def test_other_correct_sigmoids_pass_and_float32_does_not(seed):
    z = np.random.default_rng(seed).normal(scale=30.0, size=50)
    right = np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
    tanh_form = (1 + np.tanh(z / 2)) / 2  # loses relative accuracy of tiny values, not absolute
    logaddexp_form = np.exp(-np.logaddexp(0.0, -z))
    for other in (tanh_form, logaddexp_form):
        expect_array(other, right, call=CALL, tol=tol.probabilities())
    with pytest.raises(Feedback) as raised:
        expect_array((1 + np.tanh(z.astype(np.float32) / 2)) / 2, right, call=CALL, tol=tol.probabilities())
    assert raised.value.hint is not None and raised.value.hint.key == "detail:float32"


def test_a_log_softmax_by_logsumexp_passes_for_huge_logits():
    z = np.array([[1e4, 1e4 - 3.5, -1e4], [0.25, -0.5, 1.0]])
    m = z.max(axis=1, keepdims=True)
    reference = z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))
    other = z - np.logaddexp.reduce(z, axis=1, keepdims=True)
    expect_array(other, reference, call=CALL, tol=tol.logits(z))


def test_a_clipped_log_near_its_bound_passes_either_way_of_clipping():
    """−log(1 − p) with p clipped to 1 − eps, or 1 − p clipped to eps: the bound 1 − eps is itself rounded."""
    p, eps = np.array([1.0, 0.0, 0.5]), 1e-12
    one_way = -np.log(1 - np.clip(p, eps, 1 - eps))
    other_way = -np.log(np.clip(1 - p, eps, 1.0))
    expected = float(np.mean(one_way))
    assert abs(float(np.mean(other_way)) - expected) > tol.PRECISION * expected  # the bound's rounding, not a slip
    expect_array(
        np.asarray(float(np.mean(other_way))),
        np.asarray(expected),
        call=CALL,
        tol=tol.clipped_logs(p, eps, upper=True, scale=expected),
    )


def test_a_forward_difference_fails_the_central_difference_tolerance():
    f = np.sin
    x, h = np.array([0.3, 1.2]), 1e-6
    central = (f(x + h) - f(x - h)) / (2 * h)
    forward = (f(x + h) - f(x)) / h
    check = tol.central_differences(1.0, h, truncation=1e-12)
    expect_array(central, np.cos(x), call=CALL, tol=check)
    with pytest.raises(Feedback):
        expect_array(forward, np.cos(x), call=CALL, tol=check)


# ---- a caller built on the student's own callee ---------------------------------------------------------
def _sigma(z):
    return 1 / (1 + np.exp(-z))


def test_a_caller_right_given_its_wrong_callee_earns_its_points_and_says_so():
    pre, W2 = np.array([[0.5, -1.0]]), np.array([[1.0, 2.0]])
    wrong_sigmoid = _sigma(-pre)  # the student's sigmoid, sign flipped
    given = Given("sigmoid", lambda: wrong_sigmoid, lambda: _sigma(pre), lambda h: h @ W2.T)
    with pytest.raises(Credited) as raised:
        expect_array(wrong_sigmoid @ W2.T, _sigma(pre) @ W2.T, call=CALL, given=given)
    assert raised.value.key == "credit:given_callee" and raised.value.params["callee"] == "sigmoid"


def test_a_caller_with_its_own_mistake_is_charged_and_told_the_callee_is_wrong_too():
    pre, W2 = np.array([[0.5, -1.0]]), np.array([[1.0, 2.0]])
    wrong_sigmoid = _sigma(-pre)
    given = Given("sigmoid", lambda: wrong_sigmoid, lambda: _sigma(pre), lambda h: h @ W2.T)
    with pytest.raises(Feedback) as raised:
        expect_array(2 * wrong_sigmoid @ W2.T, _sigma(pre) @ W2.T, call=CALL, given=given)
    assert not isinstance(raised.value, Credited) and raised.value.detail.key == "detail:callee_wrong_too"


def test_a_right_callee_earns_the_caller_nothing():
    pre, W2 = np.array([[0.5, -1.0]]), np.array([[1.0, 2.0]])
    given = Given("sigmoid", lambda: _sigma(pre), lambda: _sigma(pre), lambda h: h @ W2.T)
    with pytest.raises(Feedback) as raised:
        expect_array(2 * _sigma(pre) @ W2.T, _sigma(pre) @ W2.T, call=CALL, given=given)
    assert not isinstance(raised.value, Credited)


def test_a_composition_wrong_even_with_a_right_callee_is_the_callers_own_mistake():
    """log of softmax underflows where softmax rounds to 0: the student's softmax being wrong too buys nothing."""
    z = np.array([0.0, -1e4])
    right_softmax = np.array([1.0, 0.0])
    wrong_softmax = np.array([np.nan, np.nan])
    given = Given("softmax", lambda: wrong_softmax, lambda: right_softmax, np.log)
    with pytest.raises(Feedback) as raised:
        expect_array(np.log(wrong_softmax), z - 0.0, call=CALL, tol=tol.logits(z), given=given)
    assert not isinstance(raised.value, Credited)


# ---- float64 and read-only -------------------------------------------------------------------------------
def test_float64_is_asked_of_a_right_answer_only():
    expect_float64(np.eye(2), np.eye(2), call=CALL)
    expect_float64(0.5, call=CALL)
    for other in (np.eye(2, dtype=bool), np.eye(2, dtype=np.int64), np.eye(2, dtype=np.float32)):
        with pytest.raises(Feedback) as raised:
            expect_float64(other, np.eye(2), call=CALL)
        assert raised.value.key == "wrong_dtype"
    with pytest.raises(Feedback) as raised:
        expect_float64(np.zeros((2, 2)), np.eye(2), call=CALL)  # a float64 of wrong values earns nothing
    assert raised.value.key == "mismatch"


def test_read_only_copies_cannot_be_written_and_keep_their_dtype():
    labels = read_only(np.array([1, 2]))
    assert labels.dtype.kind == "i" and not labels.flags.writeable
    with pytest.raises(ValueError):
        labels[0] = 3
