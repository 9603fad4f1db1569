"""Hidden checks for a2_losses: MSE, cross-entropy (from probabilities and from logits), BCE, likelihood, the table.

Losses are means over the batch; the diagnoses name the usual slips: a sum for a mean, the log of zero,
labels and predictions swapped, log(softmax) that underflows for huge logits.
"""
import numpy as np
import pytest

from autograder.grading.compare import claim, diagnose_batch_factor, expect_equal, expect_raises, expect_scalar

visible = pytest.mark.visible


def _batch(rng, N=None, K=None):
    N = N or int(rng.integers(3, 10))
    K = K or int(rng.integers(2, 6))
    labels = rng.integers(0, K, size=N)
    targets = np.eye(K)[labels]
    z = rng.normal(scale=2.0, size=(N, K))
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return targets, probs, labels, z


def _then(*diagnoses):
    def diagnose(got, expected):
        for d in diagnoses:
            found = d(got, expected)
            if found:
                return found
        return None
    return diagnose


def _swapped(value):
    return lambda got, expected: "swapped-arguments" if np.allclose(got, value, rtol=1e-6) else None


def _log_zero(got, expected):
    return "log-of-zero" if not np.all(np.isfinite(got)) else None


# ---- mse_loss -------------------------------------------------------------------------------------
@visible
def test_mse_loss_known(student):
    """ŷ = [1, 0, 0], y' = [0.7, 0.2, 0.1] gives 0.09 + 0.04 + 0.01 = 0.14"""
    expect_scalar(student.mse_loss(np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]])), 0.14, call=student.last_call)


@pytest.mark.weight(2)
def test_mse_loss_random_batch(student, reference, rng):
    """a random batch: the mean over examples of Σᵢ (ŷᵢ − y'ᵢ)²"""
    t, p, _, _ = _batch(rng)
    expect_scalar(student.mse_loss(t, p), reference.mse_loss(t, p), call=student.last_call,
                  diagnose=diagnose_batch_factor(len(t)))


def test_mse_loss_integer_targets(student, reference, rng):
    """integer one-hot targets"""
    t, p, _, _ = _batch(rng, N=4, K=3)
    expect_scalar(student.mse_loss(t.astype(int), p), reference.mse_loss(t, p), call=student.last_call,
                  diagnose=diagnose_batch_factor(4))


# ---- cross_entropy --------------------------------------------------------------------------------
@visible
def test_cross_entropy_known(student):
    """ŷ = [1, 0, 0], y' = [0.7, 0.2, 0.1] gives −ln 0.7"""
    expect_scalar(student.cross_entropy(np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]])), -np.log(0.7),
                  call=student.last_call)


@pytest.mark.weight(2)
def test_cross_entropy_random_batch(student, reference, rng):
    """a random batch: the mean over examples of −Σᵢ ŷᵢ ln y'ᵢ"""
    t, p, _, _ = _batch(rng, N=int(rng.integers(3, 10)))
    expect_scalar(student.cross_entropy(t, p), reference.cross_entropy(t, p), call=student.last_call,
                  diagnose=_then(diagnose_batch_factor(len(t)), _swapped(reference.cross_entropy(p, t))))


@pytest.mark.weight(2)
def test_cross_entropy_zero_probability(student, reference):
    """a probability of exactly 0 on the true class stays finite (clip, don't take ln 0)"""
    t = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    p = np.array([[0.0, 0.5, 0.5], [0.2, 0.8, 0.0]])
    expect_scalar(student.cross_entropy(t, p), reference.cross_entropy(t, p), call=student.last_call, diagnose=_log_zero)
    claim(not student.last_warnings, f"{student.last_call} emitted a warning ({'; '.join(student.last_warnings)}).",
          f"{student.last_call} 產生了警告（{'; '.join(student.last_warnings)}）。", misconception="log-of-zero")


def test_cross_entropy_eps(student, reference):
    """probabilities are clipped to [eps, 1] with the eps given"""
    t = np.array([[0.0, 1.0]])
    p = np.array([[1.0, 0.0]])
    expect_scalar(student.cross_entropy(t, p, eps=1e-3), reference.cross_entropy(t, p, eps=1e-3), call=student.last_call,
                  diagnose=_log_zero)


# ---- softmax_cross_entropy ------------------------------------------------------------------------
def _lse(got, expected):
    if not np.all(np.isfinite(got)) or (np.all(np.abs(expected) > 100) and np.all(np.abs(got) < 100)):
        return "unstable-log-sum-exp"
    return None


@visible
def test_softmax_cross_entropy_known(student, reference):
    """logits [[2, 1, 0]] with label 0"""
    z, labels = np.array([[2.0, 1.0, 0.0]]), np.array([0])
    expect_scalar(student.softmax_cross_entropy(z, labels), reference.softmax_cross_entropy(z, labels), call=student.last_call)


@pytest.mark.weight(2)
def test_softmax_cross_entropy_random(student, reference, rng):
    """a random batch matches the reference"""
    _, _, labels, z = _batch(rng)
    expect_scalar(student.softmax_cross_entropy(z, labels), reference.softmax_cross_entropy(z, labels), call=student.last_call,
                  diagnose=diagnose_batch_factor(len(labels)))


@pytest.mark.weight(3)
def test_softmax_cross_entropy_huge_logits(student, reference):
    """exact and finite for logits of ±1e4 (log-sum-exp)"""
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3]])
    labels = np.array([1, 2])
    expect_scalar(student.softmax_cross_entropy(z, labels), reference.softmax_cross_entropy(z, labels),
                  call=student.last_call, diagnose=_lse)


def test_softmax_cross_entropy_int_logits(student, reference):
    """integer logits and a list of labels"""
    z, labels = np.array([[3, 1], [0, 2], [1, 1]]), [0, 1, 1]
    expect_scalar(student.softmax_cross_entropy(z, np.array(labels)), reference.softmax_cross_entropy(z, np.array(labels)),
                  call=student.last_call, diagnose=diagnose_batch_factor(3))


# ---- binary_cross_entropy -------------------------------------------------------------------------
@visible
def test_binary_cross_entropy_known(student):
    """t = 1, p = 0.8 gives −ln 0.8"""
    expect_scalar(student.binary_cross_entropy(np.array([1.0]), np.array([0.8])), -np.log(0.8), call=student.last_call)


@pytest.mark.weight(2)
def test_binary_cross_entropy_multilabel(student, reference, rng):
    """a multi-label batch: the mean over every element"""
    t = rng.integers(0, 2, size=(5, 4)).astype(float)
    p = rng.uniform(0.05, 0.95, size=(5, 4))
    expect_scalar(student.binary_cross_entropy(t, p), reference.binary_cross_entropy(t, p), call=student.last_call,
                  diagnose=_then(diagnose_batch_factor(5), diagnose_batch_factor(4), diagnose_batch_factor(20)))


def test_binary_cross_entropy_extreme_probabilities(student, reference):
    """probabilities of exactly 0 and 1 stay finite"""
    t = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.0, 1.0, 1.0, 0.0])
    expect_scalar(student.binary_cross_entropy(t, p), reference.binary_cross_entropy(t, p), call=student.last_call,
                  diagnose=_log_zero)


# ---- likelihood -----------------------------------------------------------------------------------
@visible
def test_likelihood_known(student):
    """probabilities of the observed labels multiply: 0.7 × 0.8"""
    expect_scalar(student.likelihood(np.array([[0.7, 0.3], [0.2, 0.8]]), np.array([0, 1])), 0.56, call=student.last_call)


def test_likelihood_random(student, reference, rng):
    """a random batch matches ∏ₙ y'ₙ,labelₙ"""
    _, p, labels, _ = _batch(rng, N=6)
    expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels), call=student.last_call, rtol=1e-9, atol=0)


def test_likelihood_is_cross_entropy(student, reference, rng):
    """−ln(likelihood) / N equals the mean cross-entropy (the lecture's claim)"""
    t, p, labels, _ = _batch(rng, N=5)
    value = expect_scalar(student.likelihood(p, labels), reference.likelihood(p, labels), call=student.last_call,
                          rtol=1e-9, atol=0)
    claim(value > 0 and np.isclose(-np.log(value) / len(labels), reference.cross_entropy(t, p)),
          "−ln(likelihood)/N should equal the mean cross-entropy.", "−ln(likelihood)/N 應等於平均交叉熵。")


# ---- output_layer_for -----------------------------------------------------------------------------
TABLE = {
    "binary": ("sigmoid", "binary_crossentropy"),
    "multiclass": ("softmax", "categorical_crossentropy"),
    "multilabel": ("sigmoid", "binary_crossentropy"),
    "regression": ("none", "mse"),
}


def _as_pair(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


@visible
@pytest.mark.parametrize("problem", list(TABLE))
def test_output_layer_for(student, problem):
    """the lecture's table: last-layer activation and loss"""
    expect_equal(_as_pair(student.output_layer_for(problem)), TABLE[problem], call=student.last_call,
                 misconception="wrong-table-row")


def test_output_layer_for_bounded_regression(student):
    """values in 0–1: sigmoid with MSE or binary_crossentropy"""
    got = _as_pair(student.output_layer_for("bounded_regression"))
    if got != ("sigmoid", "binary_crossentropy"):
        expect_equal(got, ("sigmoid", "mse"), call=student.last_call, misconception="wrong-table-row")


def test_output_layer_for_unknown(student):
    """ValueError for a problem type that is not in the table"""
    expect_raises(student, "ValueError", "output_layer_for", "clustering")

