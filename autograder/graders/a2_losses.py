"""Hidden checks for a2_losses: MSE, cross-entropy (from probabilities and from logits), BCE, likelihood, the table.

Losses are means over the batch. The suspects of a check are what the usual slips give on its input (a sum for
a mean, the log of zero, labels and predictions swapped, log(softmax) for huge logits, another row of the
lecture's table): a failure names one only when the student's answer is exactly that.
"""
import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.grading import misconceptions as mc
from autograder.grading.compare import claim, expect_no_warning, expect_one_of, expect_raises, expect_scalar
from autograder.grading.diagnosis import from_warnings

visible = pytest.mark.visible


def _batch(rng, N=None, K=None):
    N = N or int(rng.integers(3, 10))
    K = K or int(rng.integers(2, 6))
    labels = rng.integers(0, K, size=N)
    targets = np.eye(K)[labels]
    z = rng.normal(scale=2.0, size=(N, K))
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return targets, probs, labels, z


def _log_warning(student):
    return from_warnings(student.last_warnings, "encountered in log", "log-of-zero", Message("hint:log-of-zero-warning"))


# ---- mse_loss -------------------------------------------------------------------------------------
def _mse_suspects(expected, N, K):
    return lambda: [mc.sum_over_batch(expected, N), mc.mean_over_all_elements(expected, K)]


@visible
def test_mse_loss_known(student):
    """ŷ = [1, 0, 0], y' = [0.7, 0.2, 0.1] gives 0.09 + 0.04 + 0.01 = 0.14"""
    expect_scalar(student.mse_loss(np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]])), 0.14,
                  suspects=_mse_suspects(0.14, 1, 3))


@pytest.mark.weight(2)
def test_mse_loss_random_batch(student, reference, rng):
    """a random batch: the mean over examples of Σᵢ (ŷᵢ − y'ᵢ)²"""
    t, p, _, _ = _batch(rng)
    expected = reference.mse_loss(t, p)
    expect_scalar(student.mse_loss(t, p), expected, suspects=_mse_suspects(expected, *t.shape))


def test_mse_loss_integer_targets(student, reference, rng):
    """integer one-hot targets"""
    t, p, _, _ = _batch(rng, N=4, K=3)
    expected = reference.mse_loss(t, p)
    expect_scalar(student.mse_loss(t.astype(int), p), expected, suspects=_mse_suspects(expected, 4, 3))


# ---- cross_entropy --------------------------------------------------------------------------------
def _ce_suspects(reference, t, p, expected):
    return lambda: [mc.sum_over_batch(expected, len(t)), mc.mean_over_all_elements(expected, t.shape[1]),
                    mc.swapped_arguments(reference.cross_entropy(p, t)), mc.negated_loss(expected),
                    mc.unclipped_cross_entropy(t, p)]


@visible
def test_cross_entropy_known(student, reference):
    """ŷ = [1, 0, 0], y' = [0.7, 0.2, 0.1] gives −ln 0.7"""
    t, p = np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]])
    expect_scalar(student.cross_entropy(t, p), -np.log(0.7), suspects=_ce_suspects(reference, t, p, -np.log(0.7)))


@pytest.mark.weight(2)
def test_cross_entropy_random_batch(student, reference, rng):
    """a random batch: the mean over examples of −Σᵢ ŷᵢ ln y'ᵢ"""
    t, p, _, _ = _batch(rng, N=int(rng.integers(3, 10)))
    expected = reference.cross_entropy(t, p)
    expect_scalar(student.cross_entropy(t, p), expected, suspects=_ce_suspects(reference, t, p, expected))


@pytest.mark.weight(2)
def test_cross_entropy_zero_probability(student, reference):
    """a probability of exactly 0 on the true class stays finite (clip, don't take ln 0)"""
    t = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    p = np.array([[0.0, 0.5, 0.5], [0.2, 0.8, 0.0]])
    expected = reference.cross_entropy(t, p)
    expect_scalar(student.cross_entropy(t, p), expected, suspects=_ce_suspects(reference, t, p, expected))
    expect_no_warning(student, _log_warning(student))


def test_cross_entropy_eps(student, reference):
    """probabilities are clipped to [eps, 1] with the eps given"""
    t = np.array([[0.0, 1.0]])
    p = np.array([[1.0, 0.0]])
    expected = reference.cross_entropy(t, p, eps=1e-3)
    expect_scalar(student.cross_entropy(t, p, eps=1e-3), expected,
                  suspects=lambda: [mc.unclipped_cross_entropy(t, p), mc.negated_loss(expected)])


# ---- softmax_cross_entropy ------------------------------------------------------------------------
def _sce_suspects(z, labels, expected):
    return lambda: [mc.sum_over_batch(expected, len(labels)), mc.negated_loss(expected), *mc.log_of_softmax_loss(z, labels)]


@visible
def test_softmax_cross_entropy_known(student, reference):
    """logits [[2, 1, 0]] with label 0"""
    z, labels = np.array([[2.0, 1.0, 0.0]]), np.array([0])
    expected = reference.softmax_cross_entropy(z, labels)
    expect_scalar(student.softmax_cross_entropy(z, labels), expected, suspects=_sce_suspects(z, labels, expected))


@pytest.mark.weight(2)
def test_softmax_cross_entropy_random(student, reference, rng):
    """a random batch matches the reference"""
    _, _, labels, z = _batch(rng)
    expected = reference.softmax_cross_entropy(z, labels)
    expect_scalar(student.softmax_cross_entropy(z, labels), expected, suspects=_sce_suspects(z, labels, expected))


@pytest.mark.weight(3)
def test_softmax_cross_entropy_huge_logits(student, reference):
    """exact and finite for logits of ±1e4 (log-sum-exp)"""
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3]])
    labels = np.array([1, 2])
    expected = reference.softmax_cross_entropy(z, labels)
    expect_scalar(student.softmax_cross_entropy(z, labels), expected, suspects=_sce_suspects(z, labels, expected))


def test_softmax_cross_entropy_int_logits(student, reference):
    """integer logits and a list of labels"""
    z, labels = np.array([[3, 1], [0, 2], [1, 1]]), np.array([0, 1, 1])
    expected = reference.softmax_cross_entropy(z, labels)
    expect_scalar(student.softmax_cross_entropy(z, labels), expected, suspects=_sce_suspects(z, labels, expected))


# ---- binary_cross_entropy -------------------------------------------------------------------------
def _bce_suspects(t, p, expected):
    t = np.atleast_2d(t)
    return lambda: [mc.sum_over_elements(expected, t.size), mc.sum_over_labels(expected, t.shape[-1]),
                    mc.negated_loss(expected), mc.unclipped_binary_cross_entropy(t, np.atleast_2d(p))]


@visible
def test_binary_cross_entropy_known(student):
    """t = 1, p = 0.8 gives −ln 0.8"""
    t, p = np.array([1.0]), np.array([0.8])
    expect_scalar(student.binary_cross_entropy(t, p), -np.log(0.8), suspects=_bce_suspects(t, p, -np.log(0.8)))


@pytest.mark.weight(2)
def test_binary_cross_entropy_multilabel(student, reference, rng):
    """a multi-label batch: the mean over every element"""
    t = rng.integers(0, 2, size=(5, 4)).astype(float)
    p = rng.uniform(0.05, 0.95, size=(5, 4))
    expected = reference.binary_cross_entropy(t, p)
    expect_scalar(student.binary_cross_entropy(t, p), expected, suspects=_bce_suspects(t, p, expected))


def test_binary_cross_entropy_extreme_probabilities(student, reference):
    """probabilities of exactly 0 and 1 stay finite"""
    t = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.0, 1.0, 1.0, 0.0])
    expected = reference.binary_cross_entropy(t, p)
    expect_scalar(student.binary_cross_entropy(t, p), expected, suspects=_bce_suspects(t, p, expected))


# ---- likelihood -----------------------------------------------------------------------------------
def _likelihood_suspects(p, labels):
    return lambda: [*mc.likelihood_as_logs(p, labels), mc.sum_for_product(p, labels)]


@visible
def test_likelihood_known(student):
    """probabilities of the observed labels multiply: 0.7 × 0.8"""
    p, labels = np.array([[0.7, 0.3], [0.2, 0.8]]), np.array([0, 1])
    expect_scalar(student.likelihood(p, labels), 0.56, suspects=_likelihood_suspects(p, labels))


def test_likelihood_random(student, reference, rng):
    """a random batch matches ∏ₙ y'ₙ,labelₙ"""
    _, p, labels, _ = _batch(rng, N=6)
    expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels), rtol=1e-9, atol=0,
                  suspects=_likelihood_suspects(p, labels))


def test_likelihood_is_cross_entropy(student, reference, rng):
    """−ln(likelihood) / N equals the mean cross-entropy (the lecture's claim)"""
    t, p, labels, _ = _batch(rng, N=5)
    value = expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels),
                          rtol=1e-9, atol=0, suspects=_likelihood_suspects(p, labels))
    claim(value > 0 and np.isclose(-np.log(value) / len(labels), reference.cross_entropy(t, p)), "claim:likelihood_is_ce")


# ---- output_layer_for -----------------------------------------------------------------------------
# The lecture's table, every answer it accepts per row (the first is the reference's): 回歸到任一值 → 無, MSE/RMSE.
TABLE = {
    "binary": [("sigmoid", "binary_crossentropy")],
    "multiclass": [("softmax", "categorical_crossentropy")],
    "multilabel": [("sigmoid", "binary_crossentropy")],
    "regression": [("none", "mse"), ("none", "rmse")],
    "bounded_regression": [("sigmoid", "mse"), ("sigmoid", "binary_crossentropy")],
}


def _as_pair(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


@visible
@pytest.mark.parametrize("problem", ["binary", "multiclass", "multilabel", "regression"])
def test_output_layer_for(student, problem):
    """the lecture's table: last-layer activation and loss"""
    expect_one_of(_as_pair(student.output_layer_for(problem)), tuple(TABLE[problem]),
                  suspects=lambda: mc.other_table_rows(problem, TABLE))


def test_output_layer_for_bounded_regression(student):
    """values in 0–1: sigmoid with MSE or binary_crossentropy"""
    expect_one_of(_as_pair(student.output_layer_for("bounded_regression")), tuple(TABLE["bounded_regression"]),
                  suspects=lambda: mc.other_table_rows("bounded_regression", TABLE))


def test_output_layer_for_unknown(student):
    """ValueError for a problem type that is not in the table"""
    expect_raises(student, "ValueError", "output_layer_for", "clustering")
