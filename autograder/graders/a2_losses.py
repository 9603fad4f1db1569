"""Hidden checks for a2_losses: MSE, cross-entropy (from probabilities and from logits), BCE, likelihood, the table.

Losses are means over the batch. Every check belongs to a category (the kind of input it tries, named when it
fails; the visible checks try every category of a problem with other values). Targets are one-hot rows, and
also soft targets (rows of probabilities, as label smoothing or a teacher's output give): the lecture's loss
−Σᵢ ŷᵢ ln y'ᵢ is defined for both, and the lecture's table uses binary cross-entropy for values between 0 and 1.
The suspects of a check are what the usual slips give on its input (a sum for a mean, the log of zero, labels
and predictions swapped, log(softmax) for huge logits, another row of the lecture's table): a failure names one
only when the student's answer is exactly that.
"""
import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.checker import tolerance as tol
from autograder.checker.compare import (
    category,
    claim,
    expect_no_warning,
    expect_one_of,
    expect_raises,
    expect_scalar,
    expect_unchanged,
    read_only,
)
from autograder.checker.diagnosis import from_warnings
from autograder.grading import misconceptions as mc

visible = pytest.mark.visible


def _sizes(rng, *ranges):
    """One length per (low, high) range, all different (so no two axes can be confused)."""
    chosen = []
    for low, high in ranges:
        options = [n for n in range(low, high + 1) if n not in chosen]
        chosen.append(int(rng.choice(options)))
    return chosen


def _softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _batch(rng, N=None, K=None):
    """One-hot targets, softmax probabilities, their labels and logits: N ≠ K unless both are given."""
    if N is None and K is None:
        N, K = _sizes(rng, (3, 9), (2, 6))
    N, K = N or 5, K or 3
    labels = rng.integers(0, K, size=N)
    z = rng.normal(scale=2.0, size=(N, K))
    return np.eye(K)[labels], _softmax_rows(z), labels, z


def _soft_targets(rng, N, K):
    """Rows of probabilities that are not one-hot (each sums to 1)."""
    return _softmax_rows(rng.normal(scale=1.5, size=(N, K)))


def _log_warning(student):
    return from_warnings(student.last_warnings, "encountered in log", "log-of-zero", Message("hint:log-of-zero-warning"))


# ---- mse_loss -------------------------------------------------------------------------------------
def _mse_suspects(expected, N, K):
    return lambda: mc.tried("mse_loss", mc.sum_over_batch(expected, N), mc.mean_over_all_elements(expected, K),
                            mc.divided_by_n_minus_1(expected, N))


@visible
@category("known")
def test_mse_loss_known(student):
    """ŷ = [1, 0, 0], y' = [0.7, 0.2, 0.1] gives 0.09 + 0.04 + 0.01 = 0.14"""
    expect_scalar(student.mse_loss(np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]])), 0.14,
                  suspects=_mse_suspects(0.14, 1, 3))


@pytest.mark.weight(2)
@category("random")
def test_mse_loss_random_batch(student, reference, rng):
    """a random batch: the mean over examples of Σᵢ (ŷᵢ − y'ᵢ)²"""
    t, p, _, _ = _batch(rng)
    expected = reference.mse_loss(t, p)
    expect_scalar(student.mse_loss(t, p), expected, suspects=_mse_suspects(expected, *t.shape))


@category("soft-targets")
def test_mse_loss_soft_targets(student, reference, rng):
    """soft targets (rows of probabilities, not one-hot)"""
    _, p, _, _ = _batch(rng, 5, 4)
    t = _soft_targets(rng, 5, 4)
    expected = reference.mse_loss(t, p)
    expect_scalar(student.mse_loss(t, p), expected, suspects=_mse_suspects(expected, 5, 4))


@category("shapes")
def test_mse_loss_one_example_many_classes(student, reference, rng):
    """one example of many classes, and many examples of two classes"""
    for N, K in ((1, 7), (9, 2)):
        t, p, _, _ = _batch(rng, N, K)
        expected = reference.mse_loss(t, p)
        expect_scalar(student.mse_loss(t, p), expected, suspects=_mse_suspects(expected, N, K))


@category("unchanged")
def test_mse_loss_read_only_inputs(student, reference, rng):
    """read-only targets and probabilities are left unchanged"""
    t, p, _, _ = (read_only(a) for a in _batch(rng, 4, 3))
    got, after = student.call_with_args_after("mse_loss", t, p)
    expect_scalar(got, reference.mse_loss(t, p))
    expect_unchanged({"targets": t, "probs": p}, after)


# ---- cross_entropy --------------------------------------------------------------------------------
def _ce_suspects(reference, t, p, expected, eps=1e-12):
    return lambda: mc.tried("cross_entropy", mc.sum_over_batch(expected, len(t)),
                            mc.mean_over_all_elements(expected, t.shape[1]), mc.divided_by_n_minus_1(expected, len(t)),
                            mc.swapped_arguments(reference.cross_entropy(p, t, eps)), mc.negated_loss(expected),
                            mc.unclipped_cross_entropy(t, p))


def _ce_tolerance(p, eps, expected):
    return tol.clipped_logs(p, eps, upper=False, scale=abs(expected))


@visible
@category("known")
def test_cross_entropy_known(student, reference):
    """ŷ = [1, 0, 0], y' = [0.7, 0.2, 0.1] gives −ln 0.7"""
    t, p = np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]])
    expect_scalar(student.cross_entropy(t, p), -np.log(0.7), suspects=_ce_suspects(reference, t, p, -np.log(0.7)))


@pytest.mark.weight(2)
@category("random")
def test_cross_entropy_random_batch(student, reference, rng):
    """a random batch: the mean over examples of −Σᵢ ŷᵢ ln y'ᵢ"""
    t, p, _, _ = _batch(rng)
    expected = reference.cross_entropy(t, p)
    expect_scalar(student.cross_entropy(t, p), expected, tol=_ce_tolerance(p, 1e-12, expected),
                  suspects=_ce_suspects(reference, t, p, expected))


@pytest.mark.weight(2)
@category("soft-targets")
def test_cross_entropy_soft_targets(student, reference, rng):
    """soft targets (rows of probabilities, not one-hot): every class counts, by its weight"""
    _, p, _, _ = _batch(rng, 6, 4)
    t = _soft_targets(rng, 6, 4)
    expected = reference.cross_entropy(t, p)
    expect_scalar(student.cross_entropy(t, p), expected, tol=_ce_tolerance(p, 1e-12, expected),
                  suspects=_ce_suspects(reference, t, p, expected))


@pytest.mark.weight(2)
@category("extreme")
def test_cross_entropy_zero_probability(student, reference):
    """a probability of exactly 0 on the true class stays finite (clip, don't take ln 0)"""
    t = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    p = np.array([[0.0, 0.5, 0.5], [0.2, 0.8, 0.0]])
    expected = reference.cross_entropy(t, p)
    expect_scalar(student.cross_entropy(t, p), expected, tol=_ce_tolerance(p, 1e-12, expected),
                  suspects=_ce_suspects(reference, t, p, expected))
    expect_no_warning(student, _log_warning(student))


@category("defaults")
def test_cross_entropy_eps(student, reference):
    """probabilities are clipped to [eps, 1] with the eps given"""
    t = np.array([[0.0, 1.0]])
    p = np.array([[1.0, 0.0]])
    expected = reference.cross_entropy(t, p, eps=1e-3)
    expect_scalar(student.cross_entropy(t, p, eps=1e-3), expected, tol=_ce_tolerance(p, 1e-3, expected),
                  suspects=lambda: mc.tried("cross_entropy", mc.unclipped_cross_entropy(t, p), mc.negated_loss(expected)))


@category("shapes")
def test_cross_entropy_one_example_many_classes(student, reference, rng):
    """one example of many classes, and many examples of two classes"""
    for N, K in ((1, 7), (9, 2)):
        t, p, _, _ = _batch(rng, N, K)
        expected = reference.cross_entropy(t, p)
        expect_scalar(student.cross_entropy(t, p), expected, tol=_ce_tolerance(p, 1e-12, expected),
                      suspects=_ce_suspects(reference, t, p, expected))


@category("unchanged")
def test_cross_entropy_read_only_inputs(student, reference, rng):
    """read-only targets and probabilities are left unchanged"""
    t, p, _, _ = (read_only(a) for a in _batch(rng, 5, 3))
    got, after = student.call_with_args_after("cross_entropy", t, p)
    expected = reference.cross_entropy(t, p)
    expect_scalar(got, expected, tol=_ce_tolerance(p, 1e-12, expected))
    expect_unchanged({"targets": t, "probs": p}, after)


# ---- softmax_cross_entropy ------------------------------------------------------------------------
def _sce_suspects(z, labels, expected):
    N, K = np.shape(z)
    return lambda: mc.tried("softmax_cross_entropy", mc.sum_over_batch(expected, N), mc.mean_over_all_elements(expected, K),
                            mc.divided_by_n_minus_1(expected, N), mc.negated_loss(expected), mc.log_of_softmax_loss(z, labels),
                            mc.log_sum_exp_without_max_loss(z, labels), mc.max_not_added_back_loss(z, labels),
                            mc.wrong_axis_loss(z, labels))


def _expect_sce(student, reference, z, labels):
    expected = reference.softmax_cross_entropy(z, labels)
    expect_scalar(student.softmax_cross_entropy(z, labels), expected, tol=tol.logits(z),
                  suspects=_sce_suspects(z, labels, expected))


@visible
@category("known")
def test_softmax_cross_entropy_known(student, reference):
    """logits [[2, 1, 0]] with label 0"""
    _expect_sce(student, reference, np.array([[2.0, 1.0, 0.0]]), np.array([0]))


@pytest.mark.weight(2)
@category("random")
def test_softmax_cross_entropy_random(student, reference, rng):
    """a random batch (N ≠ K) matches the reference"""
    _, _, labels, z = _batch(rng)
    _expect_sce(student, reference, z, labels)


@pytest.mark.weight(3)
@category("extreme")
def test_softmax_cross_entropy_huge_logits(student, reference):
    """exact and finite for logits of ±1e4 (log-sum-exp)"""
    _expect_sce(student, reference, np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3]]), np.array([1, 2]))


@pytest.mark.weight(2)
@category("scale")
def test_softmax_cross_entropy_rows_of_different_scale(student, reference, rng):
    """rows of very different scale (around 1e4 and around 1): each row's log-sum-exp on its own"""
    z = np.vstack([1e4 + rng.normal(size=4), rng.normal(size=4), -1e4 + rng.normal(size=4)])
    _expect_sce(student, reference, z, rng.integers(0, 4, size=3))


@category("shapes")
def test_softmax_cross_entropy_one_example_two_classes(student, reference, rng):
    """one example of many classes, and many examples of two classes"""
    _expect_sce(student, reference, rng.normal(size=(1, 6)), np.array([4]))
    _expect_sce(student, reference, rng.normal(size=(8, 2)), rng.integers(0, 2, size=8))


@category("unchanged")
def test_softmax_cross_entropy_read_only_inputs(student, reference, rng):
    """read-only logits and labels are left unchanged"""
    _, _, labels, z = _batch(rng, 5, 3)
    z, labels = read_only(z), read_only(labels)
    got, after = student.call_with_args_after("softmax_cross_entropy", z, labels)
    expect_scalar(got, reference.softmax_cross_entropy(z, labels), tol=tol.logits(z))
    expect_unchanged({"logits": z, "labels": labels}, after)


# ---- binary_cross_entropy -------------------------------------------------------------------------
def _bce_suspects(t, p, expected, eps=1e-12):
    t = np.atleast_2d(t)
    return lambda: mc.tried("binary_cross_entropy", mc.sum_over_elements(expected, t.size),
                            mc.sum_over_labels(expected, t.shape[-1]), mc.negated_loss(expected),
                            mc.unclipped_binary_cross_entropy(t, np.atleast_2d(p)),
                            mc.hard_target_binary_cross_entropy(t, np.atleast_2d(p), eps),
                            mc.missing_complement_term(t, np.atleast_2d(p), eps))


def _bce_tolerance(p, eps, expected):
    return tol.clipped_logs(p, eps, upper=True, scale=abs(expected))


def _expect_bce(student, reference, t, p, eps=None):
    kwargs = {} if eps is None else {"eps": eps}
    expected = reference.binary_cross_entropy(t, p, **kwargs)
    expect_scalar(student.binary_cross_entropy(t, p, **kwargs), expected, tol=_bce_tolerance(p, eps or 1e-12, expected),
                  suspects=_bce_suspects(t, p, expected, eps or 1e-12))


@visible
@category("known")
def test_binary_cross_entropy_known(student, reference):
    """t = 1, p = 0.8 gives −ln 0.8"""
    _expect_bce(student, reference, np.array([1.0]), np.array([0.8]))


@pytest.mark.weight(2)
@category("random")
def test_binary_cross_entropy_multilabel(student, reference, rng):
    """a multi-label batch: the mean over every element"""
    N, K = _sizes(rng, (3, 8), (2, 6))
    _expect_bce(student, reference, rng.integers(0, 2, size=(N, K)).astype(float), rng.uniform(0.05, 0.95, size=(N, K)))


@pytest.mark.weight(2)
@category("soft-targets")
def test_binary_cross_entropy_soft_targets(student, reference, rng):
    """targets between 0 and 1 (the lecture's regression to values in 0–1): both terms count"""
    _expect_bce(student, reference, rng.uniform(0.05, 0.95, size=(4, 3)), rng.uniform(0.05, 0.95, size=(4, 3)))


@category("extreme")
def test_binary_cross_entropy_extreme_probabilities(student, reference):
    """probabilities of exactly 0 and 1 stay finite"""
    _expect_bce(student, reference, np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.0, 1.0, 1.0, 0.0]))
    expect_no_warning(student, _log_warning(student))


@category("defaults")
def test_binary_cross_entropy_eps(student, reference):
    """probabilities are clipped to [eps, 1 − eps] with the eps given"""
    _expect_bce(student, reference, np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [0.5, 0.5]]), eps=1e-3)


@category("shapes")
def test_binary_cross_entropy_vector_and_column(student, reference, rng):
    """a 1-D vector of labels, and a column (N, 1)"""
    _expect_bce(student, reference, rng.integers(0, 2, size=7).astype(float), rng.uniform(0.05, 0.95, size=7))
    _expect_bce(student, reference, rng.integers(0, 2, size=(5, 1)).astype(float), rng.uniform(0.05, 0.95, size=(5, 1)))


@category("unchanged")
def test_binary_cross_entropy_read_only_inputs(student, reference, rng):
    """read-only targets and probabilities are left unchanged"""
    t = read_only(rng.integers(0, 2, size=(3, 4)).astype(float))
    p = read_only(rng.uniform(0.05, 0.95, size=(3, 4)))
    got, after = student.call_with_args_after("binary_cross_entropy", t, p)
    expected = reference.binary_cross_entropy(t, p)
    expect_scalar(got, expected, tol=_bce_tolerance(p, 1e-12, expected))
    expect_unchanged({"targets": t, "probs": p}, after)


# ---- likelihood -----------------------------------------------------------------------------------
def _likelihood_suspects(p, labels):
    return lambda: mc.tried("likelihood", mc.likelihood_as_logs(p, labels), mc.sum_for_product(p, labels))


@visible
@category("known")
def test_likelihood_known(student):
    """probabilities of the observed labels multiply: 0.7 × 0.8"""
    p, labels = np.array([[0.7, 0.3], [0.2, 0.8]]), np.array([0, 1])
    expect_scalar(student.likelihood(p, labels), 0.56, suspects=_likelihood_suspects(p, labels))


@category("random")
def test_likelihood_random(student, reference, rng):
    """a random batch matches ∏ₙ y'ₙ,labelₙ"""
    _, p, labels, _ = _batch(rng, 6, 4)
    expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels), suspects=_likelihood_suspects(p, labels))


@category("claims")
def test_likelihood_is_cross_entropy(student, reference, rng):
    """−ln(likelihood) / N equals the mean cross-entropy (the lecture's claim)"""
    t, p, labels, _ = _batch(rng, 5, 3)
    value = expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels),
                          suspects=_likelihood_suspects(p, labels))
    agrees = value > 0 and np.isclose(-np.log(value) / len(labels), reference.cross_entropy(t, p), rtol=1e-9, atol=0)
    claim(agrees, "claim:likelihood_is_ce")


@category("shapes")
def test_likelihood_one_example_and_many(student, reference, rng):
    """one example gives its own probability; forty examples give a tiny product, still exact"""
    _, p, labels, _ = _batch(rng, 1, 5)
    expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels), suspects=_likelihood_suspects(p, labels))
    _, p, labels, _ = _batch(rng, 40, 3)
    expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels), suspects=_likelihood_suspects(p, labels))


@category("unchanged")
def test_likelihood_read_only_inputs(student, reference, rng):
    """read-only probabilities and labels are left unchanged"""
    _, p, labels, _ = _batch(rng, 4, 3)
    p, labels = read_only(p), read_only(labels)
    got, after = student.call_with_args_after("likelihood", p, labels)
    expect_scalar(got, reference.likelihood(p, labels))
    expect_unchanged({"probs": p, "labels": labels}, after)


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
@category("known")
@pytest.mark.parametrize("problem", ["binary", "multiclass", "multilabel", "regression"])
def test_output_layer_for(student, problem):
    """the lecture's table: last-layer activation and loss"""
    expect_one_of(_as_pair(student.output_layer_for(problem)), tuple(TABLE[problem]),
                  suspects=lambda: mc.tried("output_layer_for", mc.other_table_rows(problem, TABLE)))


@category("known")
def test_output_layer_for_bounded_regression(student):
    """values in 0–1: sigmoid with MSE or binary_crossentropy"""
    expect_one_of(_as_pair(student.output_layer_for("bounded_regression")), tuple(TABLE["bounded_regression"]),
                  suspects=lambda: mc.tried("output_layer_for", mc.other_table_rows("bounded_regression", TABLE)))


@category("errors")
def test_output_layer_for_unknown(student):
    """ValueError for a problem type that is not in the table"""
    expect_raises(student, "ValueError", "output_layer_for", "clustering")
