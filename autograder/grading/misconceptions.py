"""The misconceptions the kit can name, one function each: the wrong answer a mistake gives on a given input.

Each function takes the check's (trusted) input and returns the Suspect(s) that mistake produces, computed with numpy
on this side, never by the student's code. The mistakes that show on the right answer itself (a transposed result, N
times it, its sign flipped) live in slips.py, which travels with the visible checks. A grader passes them to a
comparison; diagnosis.py names one only when the student's answer equals it. Adding a misconception is one function
here, one entry in the catalogue (its tag's name and its hint) and one test.
"""

from __future__ import annotations

import numpy as np

from ..catalogue import Message
from ..checker.diagnosis import Suspect
from ..checker.slips import (
    central_not_halved,
    flipped_gradient,
    mean_over_all_elements,
    missing_factor_2,  # noqa: F401
    mse_mean_over_classes,
    negated_loss,
    not_divided_by_n,
    squared_distance,
    sum_over_batch,
    sum_over_elements,
    sum_over_labels,
    swapped_arguments,
    transposed,
)

_QUIET = {"over": "ignore", "divide": "ignore", "invalid": "ignore", "under": "ignore"}


def _axis(axis: int, ndim: int) -> int:
    return axis % ndim if ndim else 0


# ---- a1: encodings, softmax, log-softmax, sigmoid, the network ----------------------------------------
def labels_from_one(labels: np.ndarray, num_classes: int) -> Suspect:
    """One-hot of label − 1: the classes counted from 1, as the lecture numbers them (class 1, 2, 3)."""
    labels = np.asarray(labels, dtype=np.int64)
    return Suspect("labels-from-one", np.eye(num_classes)[labels - 1], Message("hint:labels-from-one"))


def no_max_subtraction(logits: np.ndarray, axis: int = -1) -> Suspect:
    """exp(z) / Σ exp(z) without the max subtracted: inf / inf = nan once exp overflows."""
    z = np.asarray(logits, float)
    with np.errstate(**_QUIET):
        e = np.exp(z)
        value = e / e.sum(axis=axis, keepdims=True)
    return Suspect("no-max-subtraction", value, Message("hint:no-max-subtraction"))


def wrong_axis(fn, logits: np.ndarray, axis: int, name: str) -> list:
    """fn (the reference softmax or log_softmax) along every other axis of length ≥ 2, and over the whole array."""
    z = np.asarray(logits, float)
    asked = _axis(axis, z.ndim)
    suspects = []
    for other in range(z.ndim):
        if other != asked and z.shape[other] >= 2:
            suspects.append(
                Suspect("wrong-axis", fn(z, axis=other), Message("hint:wrong-axis", fn=name, found=other, axis=asked))
            )
    if z.ndim >= 2:
        whole = np.asarray(fn(z.reshape(-1), axis=-1)).reshape(z.shape)
        suspects.append(Suspect("wrong-axis", whole, Message("hint:wrong-axis-all", fn=name)))
    return suspects


def log_of_softmax(logits: np.ndarray, axis: int = -1) -> list:
    """log(softmax(z)), with or without the max subtracted: −inf where softmax rounds to 0, nan where exp overflows."""
    z = np.asarray(logits, float)
    with np.errstate(**_QUIET):
        shifted = np.exp(z - z.max(axis=axis, keepdims=True))
        stable = np.log(shifted / shifted.sum(axis=axis, keepdims=True))
        e = np.exp(z)
        naive = np.log(e / e.sum(axis=axis, keepdims=True))
    hint = Message("hint:unstable-log-sum-exp")
    return [Suspect("unstable-log-sum-exp", stable, hint), Suspect("unstable-log-sum-exp", naive, hint)]


def missing_log(softmax_value: np.ndarray) -> Suspect:
    """softmax(z) returned where log_softmax(z) is asked."""
    return Suspect("missing-log", np.asarray(softmax_value, float), Message("hint:missing-log"))


def sigmoid_flipped(z: np.ndarray) -> Suspect:
    """σ(−z) = 1 − σ(z): e^(+z) written for e^(−z)."""
    return Suspect("sign", _sigma(-np.asarray(z, float)), Message("hint:sigmoid-sign"))


def sigmoid_exp_ratio(z: np.ndarray) -> Suspect:
    """e^z / (1 + e^z) for every z: nan where e^z overflows."""
    z = np.asarray(z, float)
    with np.errstate(**_QUIET):
        e = np.exp(z)
        value = e / (1.0 + e)
    return Suspect("sigmoid-overflow", value, Message("hint:sigmoid-overflow-nan"))


def _sigma(a: np.ndarray) -> np.ndarray:
    with np.errstate(**_QUIET):
        return np.where(a >= 0, 1.0 / (1.0 + np.exp(-np.abs(a))), np.exp(-np.abs(a)) / (1.0 + np.exp(-np.abs(a))))


def softmax_of_logits(expected_logits: np.ndarray) -> Suspect:
    """mlp_logits that returns softmax(y) instead of the logits y."""
    y = np.asarray(expected_logits, float)
    e = np.exp(y - y.max(axis=-1, keepdims=True))
    return Suspect(
        "probabilities-for-logits", e / e.sum(axis=-1, keepdims=True), Message("hint:probabilities-for-logits")
    )


def network_without_activation(x, W1, b1, W2, b2) -> Suspect:
    """y = b' + W' (b + W x): the hidden layer left linear."""
    hidden = np.asarray(x, float) @ np.asarray(W1, float).T + b1
    return Suspect("missing-activation", hidden @ np.asarray(W2, float).T + b2, Message("hint:missing-activation"))


def network_without_bias(x, W1, b1, W2, b2) -> list:
    """y = W' σ(b + W x) or y = b' + W' σ(W x): one bias left out."""
    x, W1, W2 = np.asarray(x, float), np.asarray(W1, float), np.asarray(W2, float)
    no_b1 = _sigma(x @ W1.T) @ W2.T + b2
    no_b2 = _sigma(x @ W1.T + b1) @ W2.T
    return [
        Suspect("missing-bias", no_b1, Message("hint:missing-bias", bias="b")),
        Suspect("missing-bias", no_b2, Message("hint:missing-bias", bias="b'")),
    ]


# ---- a2: losses -----------------------------------------------------------------------------------------
def unclipped_cross_entropy(targets, probs) -> Suspect:
    """−mean Σ ŷ ln y' without clipping: inf (or nan from 0 × −inf) where a probability is 0."""
    t, p = np.asarray(targets, float), np.asarray(probs, float)
    with np.errstate(**_QUIET):
        value = float(np.mean(-np.sum(t * np.log(p), axis=-1)))
    return Suspect("log-of-zero", value, Message("hint:log-of-zero"))


def unclipped_binary_cross_entropy(targets, probs) -> Suspect:
    """−mean [t ln p + (1 − t) ln(1 − p)] without clipping."""
    t, p = np.asarray(targets, float), np.asarray(probs, float)
    with np.errstate(**_QUIET):
        value = float(np.mean(-(t * np.log(p) + (1 - t) * np.log(1 - p))))
    return Suspect("log-of-zero", value, Message("hint:log-of-zero-bce"))


def hard_target_binary_cross_entropy(targets, probs, eps: float = 1e-12) -> Suspect:
    """−mean ln p where t > 0.5, else ln(1 − p): right for targets 0 and 1 only, not for targets between them."""
    t = np.asarray(targets, float)
    p = np.clip(np.asarray(probs, float), eps, 1 - eps)
    with np.errstate(**_QUIET):
        value = float(np.mean(-np.where(t > 0.5, np.log(p), np.log(1 - p))))
    return Suspect("hard-targets-only", value, Message("hint:hard-targets-only"))


def log_of_softmax_loss(logits, labels) -> list:
    """−ln softmax(z)[label], with or without the max subtracted: inf or nan for huge logits."""
    z = np.asarray(logits, float)
    rows = np.arange(len(z))
    labels = np.asarray(labels, dtype=np.int64)
    hint = Message("hint:unstable-log-sum-exp-loss")
    suspects = []
    with np.errstate(**_QUIET):
        for shift in (z.max(axis=-1, keepdims=True), 0.0):
            e = np.exp(z - shift)
            p = e / e.sum(axis=-1, keepdims=True)
            suspects.append(Suspect("unstable-log-sum-exp", float(np.mean(-np.log(p[rows, labels]))), hint))
    return suspects


def likelihood_as_logs(probs, labels) -> list:
    """Σ ln y' (the log-likelihood) or −Σ ln y' (the negative log-likelihood) for ∏ y'."""
    p = np.asarray(probs, float)[np.arange(len(labels)), np.asarray(labels, dtype=np.int64)]
    with np.errstate(**_QUIET):
        total = float(np.sum(np.log(p)))
    return [
        Suspect("log-likelihood", total, Message("hint:log-likelihood")),
        Suspect("log-likelihood", -total, Message("hint:negative-log-likelihood")),
    ]


def sum_for_product(probs, labels) -> Suspect:
    """Σ y' where ∏ y' is asked."""
    p = np.asarray(probs, float)[np.arange(len(labels)), np.asarray(labels, dtype=np.int64)]
    return Suspect("sum-for-product", float(np.sum(p)), Message("hint:sum-for-product"))


def other_table_rows(problem: str, table: dict) -> list:
    """The lecture's row of another problem type given for this one (e.g. softmax for multi-label)."""
    suspects = []
    for other, rows in table.items():
        for row in rows:
            if other != problem and row not in table[problem]:
                suspects.append(
                    Suspect(
                        "wrong-table-row",
                        row,
                        Message(
                            "hint:wrong-table-row",
                            activation=row[0],
                            loss=row[1],
                            other=Message(f"problem_type:{other}"),
                            problem=Message(f"problem_type:{problem}"),
                        ),
                    )
                )
    return suspects


# ---- a3: gradients ------------------------------------------------------------------------------------
def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def jacobian_mistakes(logits: np.ndarray) -> list:
    """The softmax Jacobian with its sign flipped, with only its diagonal, or without its diagonal term."""
    s = _softmax(np.asarray(logits, float))
    outer = s[..., :, None] * s[..., None, :]
    diag = s[..., :, None] * np.eye(s.shape[-1])
    right = diag - outer
    return [
        Suspect("sign", -right, Message("hint:jacobian-sign")),
        Suspect("diagonal-only", diag * (1 - s[..., None, :]), Message("hint:diagonal-only")),
        Suspect("missing-diagonal", -outer, Message("hint:missing-diagonal")),
    ]


def missing_one_hot(logits: np.ndarray) -> Suspect:
    """softmax / N: the one-hot vector not subtracted."""
    z = np.asarray(logits, float)
    return Suspect("missing-one-hot", _softmax(z) / len(z), Message("hint:missing-one-hot"))


def missing_jacobian(logits: np.ndarray, labels) -> Suspect:
    """2 (y' − ŷ) / N: the MSE gradient with respect to the probabilities, not the logits."""
    z = np.asarray(logits, float)
    y = np.eye(z.shape[-1])[np.asarray(labels, dtype=np.int64)]
    return Suspect("missing-jacobian", 2 * (_softmax(z) - y) / len(z), Message("hint:missing-jacobian"))


def forward_difference(f, x: np.ndarray, eps: float) -> Suspect:
    """(f(x + eps·eₖ) − f(x)) / eps for every k: the one-sided difference, with f computed here."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    f0 = f(x)
    flat = g.reshape(-1)
    for k in range(x.size):
        up = x.copy().reshape(-1)
        up[k] += eps
        flat[k] = (f(up.reshape(x.shape)) - f0) / eps
    return Suspect("forward-difference", g, Message("hint:forward-difference"))
