"""Every implementation in the fairness bank is correct by the contract, checked here without the graders.

The bank (tests/fairness/<assignment>/<style>.py) holds correct submissions written in different ways; the
graders must give each one full marks under every student identity. That claim is only worth something if the
bank itself is right, so this module holds each file to docs/contract.md in-process: every function defined,
values equal to the reference solution (or, for numerical_gradient, to central differences computed here) within
the rounding error the computation allows, on the input categories the contract names (1-D, 2-D and 3-D input,
every axis, logits of ±1e4, soft targets, the eps given, whole-number float labels, non-contiguous x, ...), no
numerical warning where the contract promises none, arguments left unchanged, and ValueError where it says so.

The tolerances below are this module's, derived from each operation's conditioning (eps is the float64 machine
epsilon): they say what "correct" means for the bank, not what the graders use.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EPS = np.finfo(float).eps
ASSIGNMENTS = ("a1_encoding", "a2_losses", "a3_gradients")
FUNCTIONS = {
    "a1_encoding": ("encoding_distances", "one_hot", "softmax", "log_softmax", "sigmoid", "mlp_logits"),
    "a2_losses": (
        "mse_loss",
        "cross_entropy",
        "softmax_cross_entropy",
        "binary_cross_entropy",
        "likelihood",
        "output_layer_for",
    ),
    "a3_gradients": (
        "softmax_jacobian",
        "ce_grad_logits",
        "mse_grad_logits",
        "numerical_gradient",
        "loss_surface",
        "train_softmax_regression",
    ),
}
# numpy's default error state, as the grading process sets it for every call of a submission.
NUMPY_ERRORS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bank_files(assignment: str) -> list[Path]:
    return sorted((HERE / assignment).glob("*.py"))


ENTRIES = [(a, p.stem) for a in ASSIGNMENTS for p in bank_files(a)]
_MODULES: dict = {}


def module(assignment: str, style: str):
    key = (assignment, style)
    if key not in _MODULES:
        _MODULES[key] = _load(HERE / assignment / f"{style}.py", f"fairness_{assignment}_{style}")
    return _MODULES[key]


def reference(assignment: str):
    key = (assignment, "reference")
    if key not in _MODULES:
        _MODULES[key] = _load(ROOT / "solutions" / f"{assignment}.py", f"fairness_reference_{assignment}")
    return _MODULES[key]


def entries(assignment: str):
    return [pytest.param(a, s, id=f"{a}/{s}") for a, s in ENTRIES if a == assignment]


def call(fn, *args, warn_free: bool = True, **kwargs):
    """fn(*args, **kwargs) under the grader's numpy error state; no warning (when promised), arguments unchanged."""
    before = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    with warnings.catch_warnings(record=True) as caught, np.errstate(**NUMPY_ERRORS):
        warnings.simplefilter("always")
        value = fn(*args, **kwargs)
    if warn_free:
        assert not caught, f"{fn.__name__} warned: {[str(w.message) for w in caught]}"
    for a, b in zip(args, before):
        if isinstance(b, np.ndarray):
            assert np.array_equal(a, b, equal_nan=True), f"{fn.__name__} changed its argument"
    return value


def close(got, expected, *, rtol: float, atol: float, what: str = ""):
    got_arr = np.asarray(got)
    expected = np.asarray(expected, dtype=float)
    assert got_arr.shape == expected.shape, f"{what}: shape {got_arr.shape}, expected {expected.shape}"
    assert got_arr.dtype.kind == "f", f"{what}: dtype {got_arr.dtype}"
    err = np.abs(got_arr - expected)
    bound = atol + rtol * np.abs(expected)
    assert np.all(err <= bound), f"{what}: worst error {np.max(err - bound):.3g} over the bound; got {got_arr}"


def raises_value_error(fn, *args, **kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError):
            fn(*args, **kwargs)


RNG_SEEDS = range(8)


@pytest.mark.parametrize(("assignment", "style"), [pytest.param(a, s, id=f"{a}/{s}") for a, s in ENTRIES])
def test_every_function_of_the_assignment_is_defined(assignment, style):
    m = module(assignment, style)
    missing = [f for f in FUNCTIONS[assignment] if not callable(getattr(m, f, None))]
    assert not missing
    assert m.__doc__ and all(f in m.__doc__ for f in FUNCTIONS[assignment]), "the header names each function's style"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_bank_has_at_least_six_files_per_assignment(assignment):
    assert len(bank_files(assignment)) >= 6


# ---- a1_encoding -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("assignment", "style"), entries("a1_encoding"))
def test_encoding_distances(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    cases = [np.array([[1.0], [2.0], [3.0]]), np.eye(5), np.ones((3, 2)), np.array([[0.5, -1.0]])]
    cases.append(np.array([[1, -2, 3], [0, 0, 0], [1, -2, 3]]))  # integer rows, one repeated
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        for scale in (1e-3, 1.0, 1e3):
            cases.append(scale * rng.normal(size=(int(rng.integers(1, 9)), int(rng.integers(1, 7)))))
    for e in cases:
        got = call(m.encoding_distances, e)
        norm = float(np.max(np.linalg.norm(np.asarray(e, dtype=float), axis=1)))
        # |a|² + |b|² - 2ab (the Gram form) loses sqrt(eps)-sized absolute accuracy where a and b nearly coincide.
        close(got, ref.encoding_distances(e), rtol=1e-12, atol=1e-7 * norm + 1e-300, what=f"{style} {e.shape}")


@pytest.mark.parametrize(("assignment", "style"), entries("a1_encoding"))
def test_one_hot(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    rng = np.random.default_rng(0)
    cases = [
        (np.array([0, 2, 1]), 3),
        (np.array(2), 4),
        (np.array([0]), 1),
        (rng.integers(0, 5, size=(3, 4)), 5),
        (rng.integers(0, 7, size=(2, 3, 4)), 7),
        (np.array([0.0, 2.0, 1.0]), 3),
        (np.array([[1.0, 0.0], [2.0, 2.0]]), 3),
        ([1, 0, 1], 2),
        (np.array([], dtype=int), 3),
    ]
    for labels, K in cases:
        got = call(m.one_hot, labels, K)
        close(got, ref.one_hot(labels, K), rtol=0, atol=0, what=f"{style} {labels!r}")
    for labels, K in [
        ([0, 3], 3),
        ([1, -1], 3),
        (np.array([0.0, 1.5]), 3),
        (np.array([2.0000001]), 4),
        (np.array([np.nan]), 3),
        (np.array([np.inf]), 3),
        (np.array([-np.inf]), 3),
        (np.array([[0, 1], [5, 1]]), 3),
    ]:
        raises_value_error(m.one_hot, np.asarray(labels), K)


def _logit_cases():
    cases = [
        (np.array([[1.0, 2.0, 3.0]]), -1),
        (np.array([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1.0, -1e4 - 1.0], [5000.0, 5001.0, 4999.0]]), -1),
        (np.array([[0.0, -1e4, 10.0], [1e4, 0.0, -1e4]]), -1),
        (np.array([[0.0, -1e4, 10.0], [1e4, 0.0, -1e4]]), 0),
        (np.array([[1, 2, 3], [0, 0, 0]]), -1),
        (np.array([3.0, 3.0, 3.0]), 0),
        (np.array([[1e-3, 2e-3], [800.0, -800.0], [-30.0, 30.0]]), -1),  # rows of very different scale
    ]
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        cases.append((rng.normal(scale=3.0, size=int(rng.integers(1, 8))), -1))
        z2 = rng.normal(scale=5.0, size=(int(rng.integers(1, 7)), int(rng.integers(1, 7))))
        cases += [(z2, -1), (z2, 0), (z2, 1), (z2 * 200.0, -1)]
        z3 = rng.normal(scale=2.0, size=(2, 3, 4))
        cases += [(z3, a) for a in (0, 1, 2, -1, -2, -3)]
    return cases


def _logit_tol(z):
    """exp(z - lse) and z - lse move by about eps |z| when z is rounded: bounds scale with the largest |logit|."""
    return 32 * EPS * max(1.0, float(np.max(np.abs(z)))) * np.shape(z)[-1]


@pytest.mark.parametrize(("assignment", "style"), entries("a1_encoding"))
def test_softmax(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    for z, axis in _logit_cases():
        got = call(m.softmax, z) if axis == -1 else call(m.softmax, z, axis=axis)
        tol = _logit_tol(z)
        close(got, ref.softmax(z, axis=axis), rtol=tol, atol=tol, what=f"{style} softmax axis={axis} {z!r}")
        close(np.sum(got, axis=axis), np.ones(np.sum(got, axis=axis).shape), rtol=0, atol=tol, what="sums")


@pytest.mark.parametrize(("assignment", "style"), entries("a1_encoding"))
def test_log_softmax(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    for z, axis in _logit_cases():
        got = call(m.log_softmax, z) if axis == -1 else call(m.log_softmax, z, axis=axis)
        tol = _logit_tol(z)
        close(got, ref.log_softmax(z, axis=axis), rtol=1e-12, atol=tol, what=f"{style} log_softmax {axis} {z!r}")
        assert np.all(np.isfinite(got))


@pytest.mark.parametrize(("assignment", "style"), entries("a1_encoding"))
def test_sigmoid(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    edges = np.array([0.0, 1e-8, 0.5, 1.0, 2.0, 10.0, 20.0, 36.0, 37.0, 40.0, 100.0, 700.0, 710.0, 750.0, 1000.0])
    cases = [np.concatenate([-edges, edges]), np.array(0.0), np.array(-3.0), np.array([-3, 0, 3]), np.zeros((2, 0))]
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        cases += [rng.normal(scale=4.0, size=(4, 3)), rng.normal(scale=300.0, size=(2, 3, 2))]
    for z in cases:
        got = call(m.sigmoid, z)
        # σ lies in [0, 1]: the tanh and 1 - σ(|z|) forms are accurate to a few eps absolutely, not relatively
        # in the far left tail (below about -37, where σ < eps, they give 0).
        close(got, ref.sigmoid(z), rtol=1e-12, atol=4 * EPS, what=f"{style} sigmoid {z!r}")


@pytest.mark.parametrize(("assignment", "style"), entries("a1_encoding"))
def test_mlp_logits(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        for N, D, H, K in [(4, 3, 5, 2), (1, 4, 3, 3), (6, 1, 1, 1), tuple(int(v) for v in rng.integers(1, 8, 4))]:
            args = (rng.normal(size=(N, D)), rng.normal(size=(H, D)), rng.normal(size=H), rng.normal(size=(K, H)))
            args += (rng.normal(size=K),)
            scale = 1.0 + np.sum(np.abs(args[3])) + np.max(np.abs(args[4]))
            close(call(m.mlp_logits, *args), ref.mlp_logits(*args), rtol=1e-12, atol=64 * EPS * scale, what=style)


# ---- a2_losses -------------------------------------------------------------------------------------------------
def _batches():
    out = [(np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]]), np.array([0]))]
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        N, K = int(rng.integers(1, 10)), int(rng.integers(2, 7))
        labels = rng.integers(0, K, size=N)
        z = rng.normal(scale=2.0, size=(N, K))
        probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        out.append((np.eye(K)[labels], probs, labels))
        soft = rng.dirichlet(np.ones(K), size=N)  # soft targets: rows of probabilities
        out.append((soft, probs, labels))
    return out


@pytest.mark.parametrize(("assignment", "style"), entries("a2_losses"))
def test_mse_loss(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    cases = [(t, p) for t, p, _ in _batches()]
    cases += [(np.eye(3)[[0, 2]].astype(int), np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]]))]
    cases += [(np.array([[0.2, 0.8]]), np.array([[0.2, 0.8]])), (np.array([1.0, 0.0]), np.array([0.6, 0.4]))]
    for t, p in cases:
        got = call(m.mse_loss, t, p)
        assert isinstance(got, float | np.floating)
        close(got, ref.mse_loss(t, p), rtol=1e-12, atol=16 * EPS * max(1, np.size(t)), what=f"{style} {t!r} {p!r}")


@pytest.mark.parametrize(("assignment", "style"), entries("a2_losses"))
def test_cross_entropy(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    cases = [(t, p, {}) for t, p, _ in _batches()]
    zero = (np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), np.array([[0.0, 0.5, 0.5], [0.2, 0.8, 0.0]]))
    cases += [(*zero, {}), (*zero, {"eps": 1e-3}), (np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]), {"eps": 1e-3})]
    cases += [(np.array([[0.3, 0.7]]), np.array([[0.0, 1.0 + 1e-9]]), {"eps": 0.1})]  # clipped at both ends
    cases += [(np.array([[0.5, 0.5]]), np.array([[0.0, 1.0]]), {})]  # soft target on a zero probability
    for t, p, kw in cases:
        got = call(m.cross_entropy, t, p, **kw)
        close(got, ref.cross_entropy(t, p, **kw), rtol=1e-12, atol=1e-14, what=f"{style} {t!r} {p!r} {kw}")


@pytest.mark.parametrize(("assignment", "style"), entries("a2_losses"))
def test_softmax_cross_entropy(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    cases = []
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        N, K = int(rng.integers(1, 10)), int(rng.integers(2, 7))
        for scale in (2.0, 100.0):
            cases.append((rng.normal(scale=scale, size=(N, K)), rng.integers(0, K, size=N)))
    cases += [
        (np.array([[2.0, 1.0, 0.0]]), np.array([0])),
        (np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3]]), np.array([1, 2])),
        (np.array([[3, 1], [0, 2], [1, 1]]), [0, 1, 1]),
        (np.array([[5.0, 5.0, 5.0]]), np.array([2])),
    ]
    for z, labels in cases:
        got = call(m.softmax_cross_entropy, z, labels)
        tol = 16 * EPS * max(1.0, float(np.max(np.abs(z)))) * np.shape(z)[1]
        close(got, ref.softmax_cross_entropy(z, labels), rtol=1e-12, atol=tol, what=f"{style} {z!r} {labels!r}")


@pytest.mark.parametrize(("assignment", "style"), entries("a2_losses"))
def test_binary_cross_entropy(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    cases = [
        (np.array([1.0]), np.array([0.8]), {}),
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.0, 1.0, 1.0, 0.0]), {}),
    ]
    cases += [(np.array([0.3, 0.9]), np.array([0.0, 1.0]), {"eps": 1e-3}), (np.array(0.25), np.array(0.5), {})]
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        shape = (int(rng.integers(1, 6)), int(rng.integers(1, 6)))
        p = rng.uniform(0.0, 1.0, size=shape)
        cases += [(rng.integers(0, 2, size=shape).astype(float), p, {}), (rng.uniform(size=shape), p, {})]
        cases += [(rng.uniform(size=7), rng.uniform(size=7), {"eps": 1e-6})]
    for t, p, kw in cases:
        got = call(m.binary_cross_entropy, t, p, **kw)
        # ln p and ln(1 - p) are at most ln(1/eps) ≈ 27.6 each: errors are measured against that size.
        close(got, ref.binary_cross_entropy(t, p, **kw), rtol=1e-12, atol=256 * EPS, what=f"{style} {t!r} {p!r}")


@pytest.mark.parametrize(("assignment", "style"), entries("a2_losses"))
def test_likelihood(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    cases = [(np.array([[0.7, 0.3], [0.2, 0.8]]), np.array([0, 1]))]
    cases += [(p, labels) for _, p, labels in _batches()]
    for p, labels in cases:
        close(call(m.likelihood, p, labels), ref.likelihood(p, labels), rtol=1e-13 * (1 + len(labels)), atol=0)
    p, labels = np.array([[0.0, 1.0], [0.5, 0.5]]), np.array([0, 1])
    close(call(m.likelihood, p, labels, warn_free=False), 0.0, rtol=0, atol=0, what=f"{style} a zero probability")


@pytest.mark.parametrize(("assignment", "style"), entries("a2_losses"))
def test_output_layer_for(assignment, style):
    m = module(assignment, style)
    table = {
        "binary": {("sigmoid", "binary_crossentropy")},
        "multiclass": {("softmax", "categorical_crossentropy")},
        "multilabel": {("sigmoid", "binary_crossentropy")},
        "regression": {("none", "mse"), ("none", "rmse")},
        "bounded_regression": {("sigmoid", "mse"), ("sigmoid", "binary_crossentropy")},
    }
    for problem, answers in table.items():
        assert tuple(call(m.output_layer_for, problem)) in answers
    for bad in ("clustering", "", "Binary", None, 3, ["binary"]):
        raises_value_error(m.output_layer_for, bad)


# ---- a3_gradients ----------------------------------------------------------------------------------------------
def _gradient_cases():
    cases = [
        (np.array([[2.0, 1.0, 0.0]]), np.array([0])),
        (np.array([[-30.0, 30.0, 0.0]]), np.array([0])),
        (np.array([[3, 1], [0, 2], [1, 1]]), np.array([0, 1, 1])),
        (np.array([[1e3, -1e3, 0.0], [0.0, 0.0, 0.0]]), np.array([1, 2])),
    ]
    for seed in RNG_SEEDS:
        rng = np.random.default_rng(seed)
        N, K = int(rng.integers(1, 8)), int(rng.integers(2, 6))
        for scale in (2.0, 20.0):
            cases.append((rng.normal(scale=scale, size=(N, K)), rng.integers(0, K, size=N)))
    return cases


def _grad_tol(z):
    return 64 * EPS * max(1.0, float(np.max(np.abs(z)))) * np.shape(z)[-1]


@pytest.mark.parametrize(("assignment", "style"), entries("a3_gradients"))
def test_softmax_jacobian(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    cases = [z for z, _ in _gradient_cases()] + [np.array([1.0, 2.0, 0.5]), np.array([0.0]), np.zeros((2, 3, 4))]
    for z in cases:
        tol = _grad_tol(z)
        close(call(m.softmax_jacobian, z), ref.softmax_jacobian(z), rtol=1e-11, atol=tol, what=f"{style} {z!r}")


@pytest.mark.parametrize(("assignment", "style"), entries("a3_gradients"))
def test_ce_grad_logits(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    for z, labels in _gradient_cases():
        tol = _grad_tol(z)
        got = call(m.ce_grad_logits, z, labels)
        close(got, ref.ce_grad_logits(z, labels), rtol=1e-11, atol=tol, what=f"{style} {z!r}")


@pytest.mark.parametrize(("assignment", "style"), entries("a3_gradients"))
def test_mse_grad_logits(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    for z, labels in _gradient_cases():
        tol = _grad_tol(z)
        got = call(m.mse_grad_logits, z, labels)
        close(got, ref.mse_grad_logits(z, labels), rtol=1e-9, atol=tol, what=f"{style} {z!r}")


def _central(f, x, eps):
    x = np.array(x, dtype=float, order="C")
    g = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        g[idx] = (f(up) - f(down)) / (2 * eps)
    return g


@pytest.mark.parametrize(("assignment", "style"), entries("a3_gradients"))
def test_numerical_gradient(assignment, style):
    m = module(assignment, style)
    rng = np.random.default_rng(3)
    base = rng.normal(size=(3, 4))
    w = rng.uniform(0.5, 2.0, size=(3, 4))
    cases = [
        (base, lambda v: float(np.sum(w * v**2) + np.sum(np.sin(v))), 1e-6),
        (base, lambda v: float(np.sum(w * v**3)), 1e-3),
        (base.T, lambda v: float(np.sum(w.T * v**2)), 1e-6),  # non-contiguous x
        (base[:, ::2], lambda v: float(np.sum(np.cos(v))), 1e-4),  # strided x
        (rng.normal(size=5), lambda v: float(np.sum(np.sin(v)) + np.sum(v**3)), 1e-3),
        (rng.normal(size=(2, 2, 3)), lambda v: float(np.prod(v)), 1e-5),
        (np.array(1.5), lambda v: float(v) ** 3, 1e-4),
    ]
    for x, f, eps in cases:

        def shaped(v, f=f, shape=x.shape):
            assert np.shape(v) == shape, "f is called on arrays shaped like x"
            return f(v)

        got = call(m.numerical_gradient, shaped, x, eps=eps) if eps != 1e-6 else call(m.numerical_gradient, shaped, x)
        expected = _central(f, x, eps)
        scale = max(1.0, abs(f(x))) * EPS / eps
        close(got, expected, rtol=1e-9, atol=64 * scale, what=f"{style} x{x.shape} eps={eps}")


@pytest.mark.parametrize(("assignment", "style"), entries("a3_gradients"))
def test_loss_surface(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    grids = [(np.linspace(-10, 10, 5), np.linspace(-10, 10, 4)), (np.array([-10.0, -9.0, -8.0]), np.array([8.0, 10.0]))]
    grids += [(np.linspace(-50, 50, 6), np.array([0.0])), (np.array([2.0]), np.linspace(-3, 3, 7))]
    for a, b in grids:
        for loss in ("mse", "ce"):
            for kw in ({}, {"label": 1}, {"y3": 0.5, "label": 2}, {"y3": 1e3, "label": 0}):
                got = call(m.loss_surface, loss, a, b, **kw)
                tol = 64 * EPS * max(np.max(np.abs(a)), np.max(np.abs(b)), abs(kw.get("y3", 1000.0)))
                close(got, ref.loss_surface(loss, a, b, **kw), rtol=1e-11, atol=tol, what=f"{style} {loss} {kw}")
    raises_value_error(m.loss_surface, "hinge", np.zeros(2), np.zeros(2))


def _dataset(seed, N, K=3):
    rng = np.random.default_rng(seed)
    centers = np.array([[4.0, 0.0], [-4.0, 3.0], [0.0, -4.0]])[:K]
    labels = np.arange(N) % K
    return centers[labels] + rng.normal(scale=0.6, size=(N, 2)), labels, rng


@pytest.mark.parametrize(("assignment", "style"), entries("a3_gradients"))
def test_train_softmax_regression(assignment, style):
    m, ref = module(assignment, style), reference(assignment)
    X, labels, rng = _dataset(1, 12)
    W0, b0 = rng.normal(size=(2, 3)), rng.normal(size=3)
    runs = [
        ((X, labels, "ce"), {"lr": 0.5, "steps": 15, "W0": W0, "b0": b0}),
        ((X, labels, "mse"), {"lr": 0.5, "steps": 15, "W0": W0, "b0": b0}),
        ((X, labels, "ce", 0.1, 3, W0, b0), {}),  # every argument positional
        ((X, labels, "ce"), {}),  # defaults: lr 0.1, 100 steps, zeros, K = max(labels) + 1
        ((X, labels, "mse"), {"steps": 7}),
        ((X, labels, "ce"), {"steps": 5, "W0": rng.normal(size=(2, 4))}),  # K from W0 alone
        ((X, labels, "mse"), {"steps": 5, "b0": rng.normal(size=5)}),  # K from b0 alone
        ((X, labels % 2, "ce"), {"steps": 5}),  # K = 2 from the labels
        ((X, labels, "ce"), {"steps": 0, "W0": W0, "b0": b0}),
        ((X, labels, "ce"), {"steps": 4, "W0": W0.tolist(), "b0": b0.tolist()}),
    ]
    X60, labels60, _ = _dataset(2, 60)
    saturated = np.array([[-6.0, 6.0, 0.0], [0.0, -6.0, 6.0]])
    runs += [
        ((X60, labels60, loss), {"lr": 0.5, "steps": 60, "W0": saturated, "b0": np.zeros(3)}) for loss in ("ce", "mse")
    ]
    for args, kwargs in runs:
        got = call(m.train_softmax_regression, *args, **kwargs)
        expected = ref.train_softmax_regression(*args, **kwargs)
        assert isinstance(got, tuple | list) and len(got) == 3
        for part, g, e in zip(("W", "b", "history"), got, expected):
            close(g, e, rtol=1e-9, atol=1e-12, what=f"{style} {part} {args[2]} {kwargs}")
    W0_before, b0_before = W0.copy(), b0.copy()
    call(m.train_softmax_regression, X, labels, "mse", 0.1, 3, W0, b0)
    assert np.array_equal(W0, W0_before) and np.array_equal(b0, b0_before)
    raises_value_error(m.train_softmax_regression, X, labels, "hinge")
