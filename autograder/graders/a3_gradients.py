"""Hidden checks for a3_gradients: the softmax Jacobian, dCE/dz, dMSE/dz, numerical gradients, the error
surface, and training with each loss — including the lecture's claims, checked on the student's functions:
MSE is flat where the softmax saturates, cross-entropy is not, and so cross-entropy trains better.

Every check belongs to a category (the kind of input it tries, named when it fails; the visible checks try every
category of a problem with other values). A function built on another of the student's own functions (the MSE
gradient through their Jacobian, training through their gradients) is judged given that function: its mistake
is charged where it is made, once. A failure names a misconception only when the answer equals what that
mistake gives on the same input.
"""
import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.checker import tolerance as tol
from autograder.checker.compare import (
    Given,
    Rows,
    category,
    claim,
    describe_type,
    expect_array,
    expect_float64,
    expect_numeric,
    expect_unchanged,
    read_only,
)
from autograder.checker.feedback import Feedback
from autograder.checker.values import last_call
from autograder.grading import misconceptions as mc
from autograder.sandbox.wire import NamedFunction

visible = pytest.mark.visible


def _sizes(rng, *ranges):
    """One length per (low, high) range, all different (so no two axes can be confused)."""
    chosen = []
    for low, high in ranges:
        options = [n for n in range(low, high + 1) if n not in chosen]
        chosen.append(int(rng.choice(options)))
    return chosen


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
    """Logits (N, K) with N ≠ K unless both are given, and labels."""
    if N is None and K is None:
        N, K = _sizes(rng, (2, 7), (2, 6))
    N, K = N or 4, K or 3
    return rng.normal(scale=2.0, size=(N, K)), rng.integers(0, K, size=N)


def _different_scales(rng, K=4):
    """Three rows of logits around 1e4, 1 and −1e4: a shift by anything but each row's own max breaks one of them."""
    z = np.vstack([1e4 + rng.normal(size=K), rng.normal(size=K), -1e4 + rng.normal(size=K)])
    return z, rng.integers(0, K, size=3)


def _weighted_squares(w):
    return lambda x: float(np.sum(w * np.asarray(x, dtype=float) ** 2))


def _sin_cubic(v):
    return float(np.sum(np.sin(v)) + np.sum(v ** 3))


# ---- softmax_jacobian -----------------------------------------------------------------------------
def _jacobian_suspects(reference, z):
    def suspects():
        expected = reference.softmax_jacobian(z)
        one = [mc.batch_only(expected), mc.one_vector_only(expected)] if np.ndim(z) == 1 else []
        return mc.tried("softmax_jacobian", mc.jacobian_mistakes(z), mc.jacobian_of_other_softmax(z), one)

    return suspects


def _jacobian_rows(student, reference, z):
    """A batch answered in the wrong shape, judged row by row: a Jacobian written for one vector only."""
    if np.ndim(z) != 2:
        return None
    return Rows(len(z), lambda i: student.softmax_jacobian(z[i]), lambda i: reference.softmax_jacobian(z[i]),
                lambda i: _jacobian_suspects(reference, z[i])(), tol.probabilities())


def _expect_jacobian(student, reference, z):
    expect_array(student.softmax_jacobian(z), reference.softmax_jacobian(z), tol=tol.probabilities(),
                 suspects=_jacobian_suspects(reference, z), rows=_jacobian_rows(student, reference, z))


@visible
@category("known")
def test_softmax_jacobian_single(student, reference):
    """one vector of logits (K,) gives (K, K) = diag(s) − s sᵀ"""
    _expect_jacobian(student, reference, np.array([1.0, 2.0, 0.5]))


@pytest.mark.weight(2)
@category("random")
def test_softmax_jacobian_batch(student, reference, rng):
    """a batch (N, K), N ≠ K, gives (N, K, K)"""
    _expect_jacobian(student, reference, _problem(rng)[0])


@category("properties")
def test_softmax_jacobian_properties(student, rng):
    """symmetric, and every row sums to 0 (the probabilities always sum to 1)"""
    z = rng.normal(size=5)
    J = expect_numeric(student.softmax_jacobian(z), (5, 5))
    claim(np.allclose(J, J.T, rtol=0, atol=1e-12) and np.allclose(J.sum(axis=1), 0, rtol=0, atol=1e-12),
          "claim:jacobian_properties", call=student.last_call)


@category("scale")
def test_softmax_jacobian_rows_of_different_scale(student, reference, rng):
    """rows of very different scale (around 1e4, 1 and −1e4): each row's softmax on its own"""
    _expect_jacobian(student, reference, _different_scales(rng)[0])


@category("shapes")
def test_softmax_jacobian_one_row_and_two_classes(student, reference, rng):
    """a batch of one row (1, K) gives (1, K, K); two classes give 2 × 2 blocks"""
    _expect_jacobian(student, reference, rng.normal(size=(1, 4)))
    _expect_jacobian(student, reference, rng.normal(size=(5, 2)))


@category("unchanged")
def test_softmax_jacobian_read_only_input(student, reference, rng):
    """a read-only input is left unchanged"""
    z = read_only(_problem(rng, 3, 4)[0])
    got, after = student.call_with_args_after("softmax_jacobian", z)
    expect_array(got, reference.softmax_jacobian(z), tol=tol.probabilities(), suspects=_jacobian_suspects(reference, z),
                 rows=_jacobian_rows(student, reference, z))
    expect_unchanged({"logits": z}, after)


@category("float64")
def test_softmax_jacobian_float64(student, reference):
    """a right result, as a float64 array"""
    z = np.array([0.5, -1.0])
    expect_float64(student.softmax_jacobian(z), reference.softmax_jacobian(z), tol=tol.probabilities())


# ---- ce_grad_logits -------------------------------------------------------------------------------
def _ce_grad_suspects(z, labels, expected):
    return lambda: mc.tried("ce_grad_logits", mc.not_divided_by_n(expected, len(z)), mc.divided_by_n_minus_1(expected, len(z)),
                            mc.mean_over_all_elements(expected, z.shape[-1]), mc.flipped_gradient(expected),
                            mc.missing_one_hot(z), mc.ce_gradient_of_other_softmax(z, labels))


def _expect_ce_grad(student, reference, z, labels):
    expected = reference.ce_grad_logits(z, labels)
    return expect_array(student.ce_grad_logits(z, labels), expected, tol=tol.of_scale(1 / len(z)),
                        suspects=_ce_grad_suspects(z, labels, expected))


@visible
@category("known")
def test_ce_grad_logits_known(student, reference):
    """logits [[2, 1, 0]], label 0: softmax − one-hot"""
    _expect_ce_grad(student, reference, np.array([[2.0, 1.0, 0.0]]), np.array([0]))


@pytest.mark.weight(2)
@category("random")
def test_ce_grad_logits_random(student, reference, rng):
    """a random batch: (softmax − one-hot) / N"""
    _expect_ce_grad(student, reference, *_problem(rng))


@category("claims")
def test_ce_grad_logits_matches_central_differences(student, rng):
    """matches central differences of the mean cross-entropy"""
    z, labels = _problem(rng, N=3, K=4)
    numeric = _central(lambda x: _ce(x, labels), z, 1e-5)
    expect_array(student.ce_grad_logits(z, labels), numeric, tol=tol.central_differences(3.0, 1e-5, truncation=1e-10),
                 suspects=_ce_grad_suspects(z, labels, (_softmax(z) - np.eye(4)[labels]) / 3))


@category("extreme")
def test_ce_grad_logits_saturated(student):
    """stays large when the prediction is confidently wrong (no vanishing gradient), even for logits of ±1e4"""
    z, labels = np.array([[-30.0, 30.0, 0.0], [1e4, -1e4, 0.0]]), np.array([0, 1])
    expected = (_softmax(z) - np.eye(3)[labels]) / 2
    g = expect_array(student.ce_grad_logits(z, labels), expected, tol=tol.of_scale(0.5), suspects=_ce_grad_suspects(z, labels, expected))
    claim(abs(g[0, 0]) > 0.45 and abs(g[1, 1]) > 0.45, "claim:ce_grad_saturated")


@category("scale")
def test_ce_grad_logits_rows_of_different_scale(student, reference, rng):
    """rows of very different scale (around 1e4, 1 and −1e4)"""
    _expect_ce_grad(student, reference, *_different_scales(rng))


@category("shapes")
def test_ce_grad_logits_one_example_two_classes(student, reference, rng):
    """one example of many classes, and many examples of two classes"""
    _expect_ce_grad(student, reference, *_problem(rng, 1, 5))
    _expect_ce_grad(student, reference, *_problem(rng, 6, 2))


@category("unchanged")
def test_ce_grad_logits_read_only_inputs(student, reference, rng):
    """read-only logits and labels are left unchanged"""
    z, labels = (read_only(a) for a in _problem(rng, 4, 3))
    got, after = student.call_with_args_after("ce_grad_logits", z, labels)
    expect_array(got, reference.ce_grad_logits(z, labels), tol=tol.of_scale(1 / 4))
    expect_unchanged({"logits": z, "labels": labels}, after)


@category("float64")
def test_ce_grad_logits_float64(student, reference):
    """a right result, as a float64 array"""
    z, labels = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([1, 0])
    expect_float64(student.ce_grad_logits(z, labels), reference.ce_grad_logits(z, labels), tol=tol.of_scale(0.5))


# ---- mse_grad_logits ------------------------------------------------------------------------------
def _mse_grad_suspects(z, labels, expected):
    return lambda: mc.tried("mse_grad_logits", mc.missing_jacobian(z, labels), mc.not_divided_by_n(expected, len(z)),
                            mc.divided_by_n_minus_1(expected, len(z)), mc.mean_over_all_elements(expected, z.shape[-1]),
                            mc.flipped_gradient(expected), mc.missing_factor_2(expected), mc.mse_gradient_mistakes(z, labels))


def _given_jacobian(student, reference, z, labels):
    """The MSE gradient through the student's own Jacobian: charged under softmax_jacobian where that is wrong."""
    g = 2.0 * (_softmax(z) - np.eye(z.shape[-1])[labels]) / len(z)
    return Given("softmax_jacobian", lambda: student.softmax_jacobian(z), lambda: reference.softmax_jacobian(z),
                 lambda J: np.einsum("nij,ni->nj", J, g), tol.probabilities())


def _expect_mse_grad(student, reference, z, labels):
    expected = reference.mse_grad_logits(z, labels)
    return expect_array(student.mse_grad_logits(z, labels), expected, tol=tol.of_scale(2 / len(z)),
                        suspects=_mse_grad_suspects(z, labels, expected), given=_given_jacobian(student, reference, z, labels))


@visible
@category("known")
def test_mse_grad_logits_known(student, reference):
    """logits [[2, 1, 0]], label 0"""
    _expect_mse_grad(student, reference, np.array([[2.0, 1.0, 0.0]]), np.array([0]))


@pytest.mark.weight(2)
@category("random")
def test_mse_grad_logits_random(student, reference, rng):
    """a random batch: the chain rule through the softmax Jacobian, divided by N"""
    _expect_mse_grad(student, reference, *_problem(rng))


@category("claims")
def test_mse_grad_logits_vanishes_when_saturated(student, reference):
    """vanishes where the softmax saturates although the loss is large (the flat error surface)"""
    z, labels = np.array([[-30.0, 30.0, 0.0]]), np.array([0])
    g = _expect_mse_grad(student, reference, z, labels)
    claim(np.max(np.abs(g)) < 1e-10, "claim:mse_grad_vanishes")


@category("scale")
def test_mse_grad_logits_rows_of_different_scale(student, reference, rng):
    """rows of very different scale (around 1e4, 1 and −1e4)"""
    _expect_mse_grad(student, reference, *_different_scales(rng))


@category("shapes")
def test_mse_grad_logits_one_example_two_classes(student, reference, rng):
    """one example of many classes, and many examples of two classes"""
    _expect_mse_grad(student, reference, *_problem(rng, 1, 5))
    _expect_mse_grad(student, reference, *_problem(rng, 6, 2))


@category("unchanged")
def test_mse_grad_logits_read_only_inputs(student, reference, rng):
    """read-only logits and labels are left unchanged"""
    z, labels = (read_only(a) for a in _problem(rng, 4, 3))
    got, after = student.call_with_args_after("mse_grad_logits", z, labels)
    expect_array(got, reference.mse_grad_logits(z, labels), tol=tol.of_scale(2 / 4),
                 given=_given_jacobian(student, reference, z, labels))
    expect_unchanged({"logits": z, "labels": labels}, after)


@category("float64")
def test_mse_grad_logits_float64(student, reference):
    """a right result, as a float64 array"""
    z, labels = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([1, 0])
    expect_float64(student.mse_grad_logits(z, labels), reference.mse_grad_logits(z, labels), tol=tol.of_scale(1.0),
                   given=_given_jacobian(student, reference, z, labels))


# ---- numerical_gradient ---------------------------------------------------------------------------
def _numeric_suspects(f, x, eps, expected):
    return lambda: mc.tried("numerical_gradient", mc.forward_difference(f, x, eps), mc.central_not_halved(expected))


@visible
@category("known")
def test_numerical_gradient_quadratic(student, rng):
    """f(x) = Σ w x²: the gradient is 2 w x"""
    x = rng.normal(size=(3, 2))
    w = rng.uniform(0.5, 2.0, size=(3, 2))
    f = NamedFunction("weighted_squares", {"weights": w})
    expect_array(student.numerical_gradient(f, x), 2 * w * x, tol=tol.central_differences(float(np.sum(w * x * x)), 1e-6),
                 suspects=_numeric_suspects(_weighted_squares(w), x, 1e-6, 2 * w * x))


@pytest.mark.weight(2)
@category("random")
def test_numerical_gradient_cross_entropy(student, rng):
    """the gradient of the mean cross-entropy of a batch of logits"""
    z, labels = _problem(rng, N=3, K=4)
    f = NamedFunction("cross_entropy_of_logits", {"labels": labels})
    analytic = (_softmax(z) - np.eye(4)[labels]) / 3
    expect_array(student.numerical_gradient(f, z), analytic, tol=tol.central_differences(_ce(z, labels), 1e-6, 1e-12),
                 suspects=_numeric_suspects(lambda x: _ce(x, labels), z, 1e-6, analytic))


@category("defaults")
def test_numerical_gradient_uses_central_differences(student, rng):
    """central differences with the eps given (eps = 1e-3)"""
    x = rng.normal(size=4)
    expected = _central(_sin_cubic, x, 1e-3)
    expect_array(student.numerical_gradient(NamedFunction("sin_cubic", {}), x, eps=1e-3), expected,
                 tol=tol.central_differences(abs(_sin_cubic(x)), 1e-3), suspects=_numeric_suspects(_sin_cubic, x, 1e-3, expected))


@category("defaults")
def test_numerical_gradient_default_eps(student, rng):
    """left out, eps is 1e-6: the central difference at that step"""
    x = rng.uniform(0.5, 1.5, size=3)
    expected = _central(_sin_cubic, x, 1e-6)
    expect_array(student.numerical_gradient(NamedFunction("sin_cubic", {}), x), expected,
                 tol=tol.central_differences(abs(_sin_cubic(x)), 1e-6), suspects=_numeric_suspects(_sin_cubic, x, 1e-6, expected))


@category("claims")
def test_numerical_gradient_coordinates_together(student, rng):
    """f(x) = (Σ x)² couples every coordinate: each difference is taken at x itself (eps = 0.01)"""
    x = rng.normal(size=(2, 3))
    expected = np.full(x.shape, 2 * x.sum())
    expect_array(student.numerical_gradient(NamedFunction("squared_sum", {}), x, eps=0.01), expected,
                 tol=tol.central_differences(float(x.sum() ** 2), 0.01), suspects=_numeric_suspects(lambda v: float(np.sum(v) ** 2), x, 0.01, expected))


@category("unchanged")
def test_numerical_gradient_leaves_x_unchanged(student, rng):
    """a read-only x is left unchanged (work on a copy, do not move x itself)"""
    x = read_only(rng.normal(size=(2, 3)))
    got, after = student.call_with_args_after("numerical_gradient", NamedFunction("weighted_squares", {}), x)
    expect_array(got, 2 * x, tol=tol.central_differences(float(np.sum(x * x)), 1e-6),
                 suspects=_numeric_suspects(_weighted_squares(1.0), x, 1e-6, 2 * x))
    expect_unchanged({"f": None, "x": x}, after)


@category("shapes")
def test_numerical_gradient_any_layout(student, rng):
    """a transposed (non-contiguous) x and a 3-D x: the gradient has x's shape"""
    x = rng.normal(size=(3, 2)).T
    expect_array(student.numerical_gradient(NamedFunction("weighted_squares", {}), x), 2 * x,
                 tol=tol.central_differences(float(np.sum(x * x)), 1e-6))
    x3 = rng.normal(size=(2, 2, 3))
    expect_array(student.numerical_gradient(NamedFunction("weighted_squares", {}), x3), 2 * x3,
                 tol=tol.central_differences(float(np.sum(x3 * x3)), 1e-6))


@category("float64")
def test_numerical_gradient_float64(student, reference):
    """a right result, as a float64 array"""
    x = np.array([0.5, -1.0])
    expect_float64(student.numerical_gradient(NamedFunction("weighted_squares", {}), x), 2 * x,
                   tol=tol.central_differences(1.25, 1e-6))


# ---- loss_surface ---------------------------------------------------------------------------------
def _surface_suspects(loss, expected):
    return lambda: mc.tried("loss_surface", mc.transposed(expected), [mc.mse_mean_over_classes(expected, 3)] if loss == "mse" else [])


def _surface_tolerance(loss, a, b, y3):
    return tol.logits(np.concatenate([np.ravel(a), np.ravel(b), [y3]])) if loss == "ce" else tol.of_scale(2.0)


def _expect_surface(student, reference, loss, a, b, **kwargs):
    expected = reference.loss_surface(loss, a, b, **kwargs)
    return expect_array(student.loss_surface(loss, a, b, **kwargs), expected,
                        tol=_surface_tolerance(loss, a, b, kwargs.get("y3", -1000.0)), suspects=_surface_suspects(loss, expected))


@visible
@category("known")
@pytest.mark.parametrize("loss", ["mse", "ce"])
def test_loss_surface_grid(student, reference, loss):
    """the error surface on a small grid matches the reference"""
    _expect_surface(student, reference, loss, np.linspace(-10, 10, 5), np.linspace(-10, 10, 4))


@category("defaults")
def test_loss_surface_other_label_and_y3(student, reference):
    """the target class and y3 are the ones given"""
    a, b = np.linspace(-3, 3, 4), np.linspace(-2, 2, 3)
    _expect_surface(student, reference, "ce", a, b, y3=0.5, label=2)
    _expect_surface(student, reference, "mse", a, b, y3=0.5, label=1)


@category("random")
def test_loss_surface_random_grid(student, reference, rng):
    """random grids of each loss, y3 and target class given"""
    for loss in ("mse", "ce"):
        a, b = np.sort(rng.uniform(-5, 5, size=3)), np.sort(rng.uniform(-5, 5, size=6))
        _expect_surface(student, reference, loss, a, b, y3=float(rng.uniform(-2, 2)), label=int(rng.integers(0, 3)))


@category("extreme")
def test_loss_surface_large_logits(student, reference):
    """logits up to ±1000 on the grid: finite, each point's softmax on its own"""
    a, b = np.array([-1000.0, 0.0, 1000.0]), np.array([-1000.0, 500.0])
    for loss in ("mse", "ce"):
        _expect_surface(student, reference, loss, a, b, y3=0.0)


@pytest.mark.weight(2)
@category("claims")
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


@category("shapes")
def test_loss_surface_one_point_along_an_axis(student, reference, rng):
    """one value of y1 (a 1 × M grid) and one value of y2 (N × 1)"""
    _expect_surface(student, reference, "ce", np.array([0.5]), np.linspace(-4, 4, 5))
    _expect_surface(student, reference, "mse", np.linspace(-4, 4, 5), np.array([-0.5]))


@category("unchanged")
def test_loss_surface_read_only_inputs(student, reference, rng):
    """read-only grids are left unchanged"""
    a, b = read_only(np.linspace(-3, 3, 4)), read_only(np.linspace(-1, 1, 3))
    got, after = student.call_with_args_after("loss_surface", "ce", a, b)
    expect_array(got, reference.loss_surface("ce", a, b), tol=_surface_tolerance("ce", a, b, -1000.0))
    expect_unchanged({"loss": None, "y1_values": a, "y2_values": b}, after)


@category("float64")
def test_loss_surface_float64(student, reference):
    """a right result, as a float64 array"""
    a, b = np.array([0.0, 1.0]), np.array([0.5])
    expect_float64(student.loss_surface("mse", a, b), reference.loss_surface("mse", a, b), tol=tol.of_scale(2.0))


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


def _simulated(student, X, labels, loss, lr, steps, W0, b0):
    """Training as the contract defines it, but with the student's own gradient of `loss` for each step: what a
    student's training that calls their ce_grad_logits or mse_grad_logits gives. Computed once, on demand."""
    memo = {}

    def run(which):
        if "result" not in memo:
            gradient = student.ce_grad_logits if loss == "ce" else student.mse_grad_logits
            W, b = np.array(W0, dtype=float), np.array(b0, dtype=float)
            Y = np.eye(W.shape[1])[labels]
            history = []
            for _ in range(steps):
                z = X @ W + b
                history.append(_ce(z, labels) if loss == "ce" else float(np.mean(np.sum((Y - _softmax(z)) ** 2, axis=1))))
                G = np.asarray(gradient(z, labels), dtype=float)
                W, b = W - lr * (X.T @ G), b - lr * G.sum(axis=0)
            memo["result"] = (W, b, np.array(history))
        return memo["result"][which]

    return run


def _given_gradient(student, reference, loss, run, which, right):
    gradient = "ce_grad_logits" if loss == "ce" else "mse_grad_logits"
    return Given(gradient, lambda: run(which), lambda: right, lambda v: v)


def _training_tolerance(*values):
    return tol.of_scale(max(1.0, *(float(np.max(np.abs(v))) for v in values)))


def _expect_trained(student, reference, rng_args, X, labels, loss, lr, steps, W0, b0, float64=False):
    """The student's (W, b, history) against the reference's; lr, steps, W0 and b0 left out where None."""
    D, K = X.shape[1], (np.shape(W0)[1] if W0 is not None else (np.shape(b0)[0] if b0 is not None else int(labels.max()) + 1))
    given = {"lr": lr, "steps": steps, "W0": W0, "b0": b0}
    kwargs = {name: value for name, value in given.items() if value is not None}
    got = student.train_softmax_regression(X, labels, loss, **kwargs)
    call = student.last_call
    W, b, history = _triple(got, D, K, 100 if steps is None else steps)
    rW, rb, rh = reference.train_softmax_regression(X, labels, loss, **kwargs)
    start_W = np.zeros((D, K)) if W0 is None else W0
    start_b = np.zeros(K) if b0 is None else b0
    run = _simulated(student, X, labels, loss, 0.1 if lr is None else lr, 100 if steps is None else steps, start_W, start_b)
    check = _training_tolerance(rW, rb, rh)
    expect_array(history, rh, call=call, tol=check, given=_given_gradient(student, reference, loss, run, 2, rh))
    expect_array(W, rW, call=call, tol=check, given=_given_gradient(student, reference, loss, run, 0, rW))
    expect_array(b, rb, call=call, tol=check, given=_given_gradient(student, reference, loss, run, 1, rb))
    if float64:
        for value in got:
            expect_float64(value, call=call)


@visible
@pytest.mark.weight(2)
@category("random")
@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_train_softmax_regression_matches_reference(student, reference, rng, loss):
    """gradient descent from a given start matches the reference (W, b and the loss history)"""
    X, labels = _dataset(rng, N=12)
    W0, b0 = rng.normal(size=(2, 3)), rng.normal(size=3)
    _expect_trained(student, reference, rng, X, labels, loss, 0.5, 15, W0, b0)


@category("defaults")
@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_train_softmax_regression_defaults(student, reference, rng, loss):
    """left out: lr 0.1, 100 steps, W0 and b0 zeros, K = max(label) + 1"""
    X, labels = _dataset(rng, N=9)
    _expect_trained(student, reference, rng, X, labels, loss, None, None, None, None)


@category("defaults")
def test_train_softmax_regression_classes_from_b0(student, reference, rng):
    """with only b0 given, it gives the number of classes (a class no example has included)"""
    X, labels = _dataset(rng, N=8, K=2)
    _expect_trained(student, reference, rng, X, labels, "ce", 0.3, 5, None, rng.normal(size=3))


@category("scale")
def test_train_softmax_regression_features_of_different_scale(student, reference, rng):
    """features of very different scale (a column 1000 times larger): logits in the thousands, each row's own max"""
    X, labels = _dataset(rng, N=9)
    X = X * np.array([1000.0, 1.0])
    W0 = np.vstack([rng.permutation([-1.0, 0.0, 1.0]) + 0.1 * rng.normal(size=3), rng.normal(size=3)])
    _expect_trained(student, reference, rng, X, labels, "ce", 1e-5, 6, W0, rng.normal(size=3))


@category("unchanged")
def test_train_softmax_regression_leaves_start_unchanged(student, rng):
    """read-only X, labels, W0 and b0 are left unchanged"""
    X, labels = _dataset(rng, N=9)
    W0, b0 = rng.normal(size=(2, 3)), rng.normal(size=3)
    X, labels, W0, b0 = (read_only(a) for a in (X, labels, W0, b0))
    got, after = student.call_with_args_after("train_softmax_regression", X, labels, "ce", 0.1, 3, W0, b0)
    _triple(got, 2, 3, 3)
    expect_unchanged({"X": X, "labels": labels, "loss": None, "lr": None, "steps": None, "W0": W0, "b0": b0}, after)


@pytest.mark.weight(2)
@category("claims")
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


@category("float64")
def test_train_softmax_regression_float64(student, reference, rng):
    """a right W, b and history, as float64 arrays"""
    X, labels = _dataset(rng, N=6)
    _expect_trained(student, reference, rng, X, labels, "ce", 0.1, 2, None, None, float64=True)
