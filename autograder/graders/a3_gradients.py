"""Hidden checks for a3_gradients: the softmax Jacobian, dCE/dz, dMSE/dz, numerical gradients, the error
surface, and training with each loss — including the lecture's claims, checked on the student's functions:
MSE is flat where the softmax saturates, cross-entropy is not, and so cross-entropy trains better.
A failure names a misconception only when the answer equals what that mistake gives on the same input.
"""
import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.grading import misconceptions as mc
from autograder.grading.compare import claim, describe_type, expect_array, expect_numeric, expect_unchanged
from autograder.grading.feedback import Feedback
from autograder.grading.values import last_call
from autograder.sandbox.wire import NamedFunction

visible = pytest.mark.visible


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _ce(z, labels):
    m = z.max(axis=-1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=-1))
    return float(np.mean(lse - z[np.arange(len(z)), labels]))


def _central(f, x, eps):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for k in range(x.size):
        up, down = x.copy().reshape(-1), x.copy().reshape(-1)
        up[k] += eps
        down[k] -= eps
        g.reshape(-1)[k] = (f(up.reshape(x.shape)) - f(down.reshape(x.shape))) / (2 * eps)
    return g


def _problem(rng, N=None, K=None):
    N = N or int(rng.integers(2, 7))
    K = K or int(rng.integers(2, 6))
    return rng.normal(scale=2.0, size=(N, K)), rng.integers(0, K, size=N)


def _weighted_squares(w):
    return lambda x: float(np.sum(w * np.asarray(x, dtype=float) ** 2))


def _sin_cubic(v):
    return float(np.sum(np.sin(v)) + np.sum(v ** 3))


# ---- softmax_jacobian -----------------------------------------------------------------------------
@visible
def test_softmax_jacobian_single(student, reference):
    """one vector of logits (K,) gives (K, K) = diag(s) − s sᵀ"""
    z = np.array([1.0, 2.0, 0.5])
    expect_array(student.softmax_jacobian(z), reference.softmax_jacobian(z), suspects=lambda: mc.jacobian_mistakes(z))


@pytest.mark.weight(2)
def test_softmax_jacobian_batch(student, reference, rng):
    """a batch (N, K) gives (N, K, K)"""
    z, _ = _problem(rng)
    expect_array(student.softmax_jacobian(z), reference.softmax_jacobian(z), suspects=lambda: mc.jacobian_mistakes(z))


def test_softmax_jacobian_properties(student, rng):
    """symmetric, and every row sums to 0 (the probabilities always sum to 1)"""
    z = rng.normal(size=5)
    J = expect_numeric(student.softmax_jacobian(z), (5, 5))
    claim(np.allclose(J, J.T) and np.allclose(J.sum(axis=1), 0, atol=1e-12), "claim:jacobian_properties",
          call=student.last_call)


# ---- ce_grad_logits -------------------------------------------------------------------------------
def _ce_grad_suspects(z, expected):
    return lambda: [mc.not_divided_by_n(expected, len(z)), mc.flipped_gradient(expected), mc.missing_one_hot(z)]


@visible
def test_ce_grad_logits_known(student, reference):
    """logits [[2, 1, 0]], label 0: softmax − one-hot"""
    z, labels = np.array([[2.0, 1.0, 0.0]]), np.array([0])
    expected = reference.ce_grad_logits(z, labels)
    expect_array(student.ce_grad_logits(z, labels), expected, suspects=_ce_grad_suspects(z, expected))


@pytest.mark.weight(2)
def test_ce_grad_logits_random(student, reference, rng):
    """a random batch: (softmax − one-hot) / N"""
    z, labels = _problem(rng, N=int(rng.integers(3, 8)))
    expected = reference.ce_grad_logits(z, labels)
    expect_array(student.ce_grad_logits(z, labels), expected, suspects=_ce_grad_suspects(z, expected))


def test_ce_grad_logits_matches_central_differences(student, rng):
    """matches central differences of the mean cross-entropy"""
    z, labels = _problem(rng, N=3, K=4)
    numeric = _central(lambda x: _ce(x, labels), z, 1e-6)
    expect_array(student.ce_grad_logits(z, labels), numeric, rtol=1e-5, atol=1e-8,
                 suspects=_ce_grad_suspects(z, (_softmax(z) - np.eye(4)[labels]) / 3))


def test_ce_grad_logits_saturated(student):
    """stays large when the prediction is confidently wrong (no vanishing gradient)"""
    z, labels = np.array([[-30.0, 30.0, 0.0]]), np.array([0])
    expected = _softmax(z) - np.eye(3)[labels]
    g = expect_array(student.ce_grad_logits(z, labels), expected, suspects=_ce_grad_suspects(z, expected))
    claim(abs(g[0, 0]) > 0.9, "claim:ce_grad_saturated")


# ---- mse_grad_logits ------------------------------------------------------------------------------
def _mse_grad_suspects(z, labels, expected):
    return lambda: [mc.missing_jacobian(z, labels), mc.not_divided_by_n(expected, len(z)), mc.flipped_gradient(expected),
                    mc.missing_factor_2(expected)]


@visible
def test_mse_grad_logits_known(student, reference):
    """logits [[2, 1, 0]], label 0"""
    z, labels = np.array([[2.0, 1.0, 0.0]]), np.array([0])
    expected = reference.mse_grad_logits(z, labels)
    expect_array(student.mse_grad_logits(z, labels), expected, suspects=_mse_grad_suspects(z, labels, expected))


@pytest.mark.weight(2)
def test_mse_grad_logits_random(student, reference, rng):
    """a random batch: the chain rule through the softmax Jacobian, divided by N"""
    z, labels = _problem(rng, N=int(rng.integers(3, 8)))
    expected = reference.mse_grad_logits(z, labels)
    expect_array(student.mse_grad_logits(z, labels), expected, suspects=_mse_grad_suspects(z, labels, expected))


def test_mse_grad_logits_vanishes_when_saturated(student, reference):
    """vanishes where the softmax saturates although the loss is large (the flat error surface)"""
    z, labels = np.array([[-30.0, 30.0, 0.0]]), np.array([0])
    expected = reference.mse_grad_logits(z, labels)
    g = expect_array(student.mse_grad_logits(z, labels), expected, rtol=1e-6, atol=1e-12,
                     suspects=_mse_grad_suspects(z, labels, expected))
    claim(np.max(np.abs(g)) < 1e-10, "claim:mse_grad_vanishes")


# ---- numerical_gradient ---------------------------------------------------------------------------
def _numeric_suspects(f, x, eps, expected):
    return lambda: [mc.forward_difference(f, x, eps), mc.central_not_halved(expected)]


@visible
def test_numerical_gradient_quadratic(student, rng):
    """f(x) = Σ w x²: the gradient is 2 w x"""
    x = rng.normal(size=(3, 2))
    w = rng.uniform(0.5, 2.0, size=(3, 2))
    f = NamedFunction("weighted_squares", {"weights": w})
    expect_array(student.numerical_gradient(f, x), 2 * w * x, rtol=1e-5, atol=1e-7,
                 suspects=_numeric_suspects(_weighted_squares(w), x, 1e-6, 2 * w * x))


@pytest.mark.weight(2)
def test_numerical_gradient_cross_entropy(student, rng):
    """the gradient of the mean cross-entropy of a batch of logits"""
    z, labels = _problem(rng, N=3, K=3)
    f = NamedFunction("cross_entropy_of_logits", {"labels": labels})
    analytic = (_softmax(z) - np.eye(3)[labels]) / 3
    expect_array(student.numerical_gradient(f, z), analytic, rtol=1e-5, atol=1e-8,
                 suspects=_numeric_suspects(lambda x: _ce(x, labels), z, 1e-6, analytic))


def test_numerical_gradient_uses_central_differences(student, rng):
    """central differences with the eps given (eps = 1e-3)"""
    x = rng.normal(size=4)
    expected = _central(_sin_cubic, x, 1e-3)
    expect_array(student.numerical_gradient(NamedFunction("sin_cubic", {}), x, eps=1e-3), expected,
                 rtol=1e-7, atol=1e-9, suspects=_numeric_suspects(_sin_cubic, x, 1e-3, expected))


def test_numerical_gradient_leaves_x_unchanged(student, rng):
    """x is left unchanged"""
    x = rng.normal(size=(2, 3))
    got, after = student.call_with_args_after("numerical_gradient", NamedFunction("weighted_squares", {}), x.copy())
    expect_array(got, 2 * x, rtol=1e-5, atol=1e-7, suspects=_numeric_suspects(_weighted_squares(1.0), x, 1e-6, 2 * x))
    expect_unchanged({"f": None, "x": x}, after)


# ---- loss_surface ---------------------------------------------------------------------------------
def _surface_suspects(loss, expected):
    return lambda: [mc.transposed(expected), *([mc.mse_mean_over_classes(expected, 3)] if loss == "mse" else [])]


@visible
@pytest.mark.parametrize("loss", ["mse", "ce"])
def test_loss_surface_grid(student, reference, loss):
    """the error surface on a small grid matches the reference"""
    a, b = np.linspace(-10, 10, 5), np.linspace(-10, 10, 4)
    expected = reference.loss_surface(loss, a, b)
    expect_array(student.loss_surface(loss, a, b), expected, rtol=1e-6, atol=1e-9,
                 suspects=_surface_suspects(loss, expected))


def test_loss_surface_other_label_and_y3(student, reference):
    """the target class and y3 are the ones given"""
    a, b = np.linspace(-3, 3, 4), np.linspace(-2, 2, 3)
    expected = reference.loss_surface("ce", a, b, y3=0.5, label=2)
    expect_array(student.loss_surface("ce", a, b, y3=0.5, label=2), expected,
                 suspects=_surface_suspects("ce", expected))


@pytest.mark.weight(2)
def test_loss_surface_mse_flat_where_ce_steep(student):
    """where y1 ≪ y2 (target class 1) MSE is large but flat, cross-entropy is large and steep"""
    y1 = np.array([-10.0, -9.0, -8.0])
    y2 = np.array([8.0, 9.0, 10.0])
    mse = expect_numeric(student.loss_surface("mse", y1, y2), (3, 3))
    ce = expect_numeric(student.loss_surface("ce", y1, y2), (3, 3))
    mse_slope = np.max(np.abs(np.diff(mse, axis=0)))
    ce_slope = np.min(np.abs(np.diff(ce, axis=0)))
    claim(np.all(mse > 1.9) and mse_slope < 1e-6, "claim:mse_flat", values=str(np.round(mse, 4).tolist()))
    claim(np.all(ce > 15) and ce_slope > 0.9, "claim:ce_steep", values=str(np.round(ce, 3).tolist()))


# ---- train_softmax_regression ---------------------------------------------------------------------
def _dataset(rng, N=40, D=2, K=3):
    centers = np.array([[4.0, 0.0], [-4.0, 3.0], [0.0, -4.0]])[:K, :D]
    labels = np.arange(N) % K
    X = centers[labels] + rng.normal(scale=0.6, size=(N, D))
    return X, labels


def _triple(value, D, K, steps):
    """(W, b, history) as the student's last call returned them, each numeric data of its shape."""
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise Feedback("wrong_type", call=last_call(), got_type=describe_type(value), expected=Message("value:triple"))
    W, b, history = value
    return expect_numeric(W, (D, K)), expect_numeric(b, (K,)), expect_numeric(history, (steps,))


@pytest.mark.weight(2)
@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_train_softmax_regression_matches_reference(student, reference, rng, loss):
    """gradient descent from a given start matches the reference (W, b and the loss history)"""
    X, labels = _dataset(rng, N=12)
    W0, b0 = rng.normal(size=(2, 3)), rng.normal(size=3)
    got = student.train_softmax_regression(X, labels, loss, lr=0.5, steps=15, W0=W0, b0=b0)
    W, b, history = _triple(got, 2, 3, 15)
    rW, rb, rh = reference.train_softmax_regression(X, labels, loss, lr=0.5, steps=15, W0=W0, b0=b0)
    expect_array(history, rh, rtol=1e-6)
    expect_array(W, rW, rtol=1e-6)
    expect_array(b, rb, rtol=1e-6)


def test_train_softmax_regression_leaves_start_unchanged(student, rng):
    """W0 and b0 are left unchanged"""
    X, labels = _dataset(rng, N=9)
    W0, b0 = rng.normal(size=(2, 3)), rng.normal(size=3)
    _, after = student.call_with_args_after("train_softmax_regression", X, labels, "ce", 0.1, 3, W0.copy(), b0.copy())
    expect_unchanged({"X": X, "labels": labels, "loss": None, "lr": None, "steps": None, "W0": W0, "b0": b0}, after)


@pytest.mark.weight(2)
def test_train_softmax_regression_ce_beats_mse_from_saturated_start(student, rng):
    """from a saturated start, cross-entropy reaches a higher accuracy than MSE in the same steps"""
    X, labels = _dataset(rng, N=60)
    W0 = np.array([[-6.0, 6.0, 0.0], [0.0, -6.0, 6.0]])  # confidently wrong for every class
    b0 = np.zeros(3)
    accuracy = {}
    for loss in ("ce", "mse"):
        W, b, _ = _triple(student.train_softmax_regression(X, labels, loss, lr=0.5, steps=60, W0=W0, b0=b0), 2, 3, 60)
        accuracy[loss] = float(np.mean(np.argmax(X @ W + b, axis=1) == labels))
    claim(accuracy["ce"] > accuracy["mse"] and accuracy["ce"] > 0.9, "claim:ce_beats_mse",
          ce=f"{accuracy['ce']:.2f}", mse=f"{accuracy['mse']:.2f}")
