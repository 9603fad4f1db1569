"""The misconceptions the kit can name, one function each: the wrong answer a mistake gives on a given input.

Each function takes the check's (trusted) input and returns the Suspect(s) that mistake produces, computed with numpy
on this side, never by the student's code. The mistakes that show on the right answer itself (a transposed result, N
times it, its sign flipped) live in slips.py, which travels with the visible checks. A grader passes them to a
comparison through `tried`, which adds the pairs graders/mistakes.yml lists for the function (two mistakes made at
once, composed here) and marks the consequences mistakes share; diagnosis.py names one only when the student's answer
equals it. Adding a misconception is one function here, one line in mistakes.yml, its entries in the catalogue (its
tag's name, its hint and its fix) and one test.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..catalogue import Message
from ..checker.diagnosis import Suspect, compose, compound_hint, compound_tag
from ..checker.slips import (
    batch_only,  # noqa: F401
    central_not_halved,
    divided_by_n_minus_1,  # noqa: F401
    flipped_gradient,
    mean_over_all_elements,
    missing_factor_2,  # noqa: F401
    mse_mean_over_classes,
    negated,  # noqa: F401
    negated_loss,
    not_divided_by_n,
    one_vector_only,  # noqa: F401
    squared_distance,
    sum_over_batch,
    sum_over_elements,
    sum_over_labels,
    swapped_arguments,
    transposed,
)
from . import mistakes

_QUIET = {"over": "ignore", "divide": "ignore", "invalid": "ignore", "under": "ignore"}


def _axis(axis: int, ndim: int) -> int:
    return axis % ndim if ndim else 0


def _flat(suspects) -> list:
    out = []
    for s in suspects:
        out.extend(s if isinstance(s, (list, tuple)) else [s])
    return [s for s in out if s is not None]


def tried(function: str, *suspects) -> list:
    """What a check of `function` tries: the given single mistakes (lists flattened), and the pairs mistakes.yml
    lists for the function, composed from them where one of the two is a slip of the answer (the other pairs are
    given already composed); each marked with the consequence it shares with other mistakes."""
    known = mistakes.known()
    singles = _flat(suspects)
    spec = known.functions.get(function)
    composed = []
    for first, second in spec.pairs if spec is not None else ():
        for a in (s for s in singles if s.tag == first and not s.parts):
            for b in (s for s in singles if s.tag == second and not s.parts):
                pair = compose(a, b) or compose(b, a)
                if pair is not None:
                    composed.append(pair)
    return [
        dataclasses.replace(s, shared=known.consequence_of(s.tag)) if known.consequence_of(s.tag) else s
        for s in singles + composed
    ]


def _pair(first: str, second: str, value) -> Suspect:
    """Two mistakes at once whose answer is computed as a whole (a formula written for both)."""
    return Suspect(
        compound_tag((first, second)), value, compound_hint(first, second), parts=tuple(sorted((first, second)))
    )


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


def not_normalised(logits: np.ndarray, axis: int = -1) -> Suspect:
    """exp(z − max) along the axis, never divided by its sum."""
    z = np.asarray(logits, float)
    with np.errstate(**_QUIET):
        value = np.exp(z - z.max(axis=axis, keepdims=True))
    return Suspect("not-normalised", value, Message("hint:not-normalised"))


def _other_axes(z: np.ndarray, axis: int) -> list:
    """Every axis of length ≥ 2 other than the one asked, then None for the whole array (when 2-D or more)."""
    asked = _axis(axis, z.ndim)
    axes = [other for other in range(z.ndim) if other != asked and z.shape[other] >= 2]
    return axes + ([None] if z.ndim >= 2 else [])


def _along(fn, z: np.ndarray, other):
    """fn along one axis, or (other None) over the whole array at once, the array keeping its shape."""
    if other is None:
        return np.asarray(fn(z.reshape(-1), -1)).reshape(z.shape)
    return fn(z, other)


def _naive_softmax(z: np.ndarray, axis) -> np.ndarray:
    with np.errstate(**_QUIET):
        e = np.exp(z)
        return e / e.sum(axis=axis, keepdims=True)


def wrong_axis_without_max(logits: np.ndarray, axis: int = -1) -> list:
    """exp(z) / Σ exp(z) along another axis (or the whole array), without the max subtracted: the wrong axis and
    nan where exp overflows, two mistakes at once."""
    z = np.asarray(logits, float)
    return [
        _pair("no-max-subtraction", "wrong-axis", _along(_naive_softmax, z, other)) for other in _other_axes(z, axis)
    ]


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


def log_sum_exp_without_max(logits: np.ndarray, axis: int = -1) -> Suspect:
    """z − log Σ exp(z), without the max taken out: −inf (or nan) for a row whose exp overflows."""
    z = np.asarray(logits, float)
    with np.errstate(**_QUIET):
        value = z - np.log(np.exp(z).sum(axis=axis, keepdims=True))
    return Suspect("log-sum-exp-without-max", value, Message("hint:log-sum-exp-without-max"))


def max_not_added_back(logits: np.ndarray, axis: int = -1) -> Suspect:
    """z − log Σ exp(z − m): the max m taken out of the log-sum-exp and not taken off z, so each row is m too high."""
    z = np.asarray(logits, float)
    m = z.max(axis=axis, keepdims=True)
    with np.errstate(**_QUIET):
        value = z - np.log(np.exp(z - m).sum(axis=axis, keepdims=True))
    return Suspect("max-not-added-back", value, Message("hint:max-not-added-back"))


def wrong_axis_log_mistakes(fn, logits: np.ndarray, axis: int = -1) -> list:
    """softmax (no log) and log of softmax taken along another axis: two mistakes at once. `fn` is the reference
    softmax(z, axis)."""
    z = np.asarray(logits, float)
    suspects = []
    for other in _other_axes(z, axis):
        p = _along(lambda a, ax: fn(a, axis=ax), z, other)
        with np.errstate(**_QUIET):
            suspects.append(_pair("missing-log", "wrong-axis", p))
            suspects.append(_pair("unstable-log-sum-exp", "wrong-axis", np.log(p)))
    return suspects


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


def sigmoid_flipped_exp_ratio(z: np.ndarray) -> Suspect:
    """e^(−z) / (1 + e^(−z)) for every z: the sign flipped, and nan where e^(−z) overflows."""
    z = np.asarray(z, float)
    with np.errstate(**_QUIET):
        e = np.exp(-z)
        value = e / (1.0 + e)
    return _pair("sigmoid-overflow", "sign", value)


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


def _rows_at(z: np.ndarray, labels) -> np.ndarray:
    return z[np.arange(len(z)), np.asarray(labels, dtype=np.int64)]


def log_sum_exp_without_max_loss(logits, labels) -> Suspect:
    """mean(log Σⱼ exp(zⱼ) − z_label) without the max taken out: inf where exp overflows, nan with −inf too."""
    z = np.asarray(logits, float)
    with np.errstate(**_QUIET):
        value = float(np.mean(np.log(np.exp(z).sum(axis=-1)) - _rows_at(z, labels)))
    return Suspect("log-sum-exp-without-max", value, Message("hint:log-sum-exp-without-max-loss"))


def max_not_added_back_loss(logits, labels) -> Suspect:
    """mean(log Σⱼ exp(zⱼ − m) − z_label): the max m taken out of the log-sum-exp and never added back."""
    z = np.asarray(logits, float)
    m = z.max(axis=-1, keepdims=True)
    value = float(np.mean(np.log(np.exp(z - m).sum(axis=-1)) - _rows_at(z, labels)))
    return Suspect("max-not-added-back", value, Message("hint:max-not-added-back-loss"))


def _stable_log_softmax(z: np.ndarray, axis) -> np.ndarray:
    m = z.max(axis=axis, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=axis, keepdims=True))


def wrong_axis_loss(logits, labels) -> list:
    """−mean log softmax(z)[label] with the log-sum-exp taken along the batch axis, or over the whole batch at
    once (a sum without axis): each example's classes no longer normalised on their own."""
    z = np.asarray(logits, float)
    suspects = []
    with np.errstate(**_QUIET):
        for other in _other_axes(z, -1):
            log_p = _along(_stable_log_softmax, z, other)
            suspects.append(Suspect("wrong-axis", float(-np.mean(_rows_at(log_p, labels))), _inside(other, 1)))
    return suspects


def missing_complement_term(targets, probs, eps: float = 1e-12) -> Suspect:
    """−mean t ln p: binary cross-entropy without its (1 − t) ln(1 − p) term (the categorical loss's one term)."""
    t = np.asarray(targets, float)
    p = np.clip(np.asarray(probs, float), eps, 1 - eps)
    return Suspect("missing-complement-term", float(np.mean(-t * np.log(p))), Message("hint:missing-complement-term"))


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


def _jacobian(s: np.ndarray) -> np.ndarray:
    with np.errstate(**_QUIET):
        return s[..., :, None] * np.eye(s.shape[-1]) - s[..., :, None] * s[..., None, :]


def jacobian_mistakes(logits: np.ndarray) -> list:
    """The softmax Jacobian with its sign flipped, with only its diagonal, or without its diagonal term."""
    s = _softmax(np.asarray(logits, float))
    outer = s[..., :, None] * s[..., None, :]
    diag = s[..., :, None] * np.eye(s.shape[-1])
    right = diag - outer
    return [
        Suspect("sign", -right, Message("hint:jacobian-sign"), transform=lambda v: -np.asarray(v, float)),
        Suspect("diagonal-only", diag * (1 - s[..., None, :]), Message("hint:diagonal-only")),
        Suspect("missing-diagonal", -outer, Message("hint:missing-diagonal")),
    ]


def jacobian_of_other_softmax(logits: np.ndarray) -> list:
    """The Jacobian built from a softmax without the max subtracted (nan where exp overflows), or from a softmax
    along the batch axis or over the whole batch at once."""
    z = np.asarray(logits, float)
    suspects = [Suspect("no-max-subtraction", _jacobian(_naive_softmax(z, -1)), Message("hint:no-max-subtraction"))]
    for other in _other_axes(z, -1):
        s = _along(lambda a, ax: _stable_softmax(a, ax), z, other)
        suspects.append(Suspect("wrong-axis", _jacobian(s), _inside(other, z.ndim - 1)))
    return suspects


def _inside(other, axis: int) -> Message:
    """The hint for a softmax inside a formula taken along another axis, or over the whole array."""
    if other is None:
        return Message("hint:wrong-axis-inside-all")
    return Message("hint:wrong-axis-inside", found=other, axis=axis)


def _stable_softmax(z: np.ndarray, axis) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _ce_gradient(s: np.ndarray, labels) -> np.ndarray:
    y = np.eye(s.shape[-1])[np.asarray(labels, dtype=np.int64)]
    return (s - y) / len(s)


def ce_gradient_of_other_softmax(logits: np.ndarray, labels) -> list:
    """(softmax − one-hot) / N with a softmax without the max subtracted (nan where exp overflows), or along the
    batch axis or over the whole batch."""
    z = np.asarray(logits, float)
    with np.errstate(**_QUIET):
        suspects = [
            Suspect(
                "no-max-subtraction", _ce_gradient(_naive_softmax(z, -1), labels), Message("hint:no-max-subtraction")
            )
        ]
        for other in _other_axes(z, -1):
            s = _along(lambda a, ax: _stable_softmax(a, ax), z, other)
            suspects.append(Suspect("wrong-axis", _ce_gradient(s, labels), _inside(other, 1)))
    return suspects


def _mse_gradient(s: np.ndarray, labels, diagonal_only: bool = False) -> np.ndarray:
    y = np.eye(s.shape[-1])[np.asarray(labels, dtype=np.int64)]
    with np.errstate(**_QUIET):
        g = 2.0 * (s - y) / len(s)
        if diagonal_only:
            return s * (1 - s) * g
        return s * (g - np.sum(g * s, axis=-1, keepdims=True))


def mse_gradient_mistakes(logits: np.ndarray, labels) -> list:
    """dMSE/dz through a Jacobian that keeps only its diagonal, and through a softmax without the max subtracted."""
    z = np.asarray(logits, float)
    return [
        Suspect(
            "diagonal-only", _mse_gradient(_softmax(z), labels, diagonal_only=True), Message("hint:diagonal-only-chain")
        ),
        Suspect("no-max-subtraction", _mse_gradient(_naive_softmax(z, -1), labels), Message("hint:no-max-subtraction")),
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
