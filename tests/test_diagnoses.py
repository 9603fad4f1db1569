"""Diagnosis by evidence: each misconception is the wrong answer it gives on an input, named only on a match.

Every function of grading/misconceptions.py has a row below: an independent student-style implementation of
the mistake, whose answer must be named, while the right answer and unrelated wrong answers are not. The
labelled corpus (tests/corpus/) measures the whole chain, grader to results.json: precision 1.0, recall ≥ 0.95.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.checker import slips
from autograder.checker.compare import difference, expect_array, expect_scalar
from autograder.checker.diagnosis import Suspect, Tolerance, assess, diagnose, matches
from autograder.checker.feedback import Feedback
from autograder.grading import misconceptions as mc
from autograder.grading import mistakes
from autograder.grading.engine import load_reference

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
import evaluate  # noqa: E402

A1, A2, A3 = (load_reference(a) for a in ("a1_encoding", "a2_losses", "a3_gradients"))
RNG = np.random.default_rng(7)
Z = RNG.normal(scale=2.0, size=(5, 4))
LABELS = RNG.integers(0, 4, size=5)
T = np.eye(4)[LABELS]
P = A1.softmax(Z)
X, W1, B1, W2, B2 = (
    RNG.normal(size=(4, 3)),
    RNG.normal(size=(5, 3)),
    RNG.normal(size=5),
    RNG.normal(size=(2, 5)),
    RNG.normal(size=2),
)
HUGE = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3]])


def _sigma(a):
    return 1 / (1 + np.exp(-a))


def _forward(f, x, eps):
    g = np.zeros_like(x)
    for k in range(x.size):
        up = x.copy().reshape(-1)
        up[k] += eps
        g.reshape(-1)[k] = (f(up.reshape(x.shape)) - f(x)) / eps
    return g


with np.errstate(all="ignore"):
    # misconception -> (its suspects on an input, the right answer there, what a student with that mistake returns)
    CASES = {
        "squared_distance": (
            lambda: [mc.squared_distance(A1.encoding_distances(X))],
            A1.encoding_distances(X),
            np.sum((X[:, None] - X[None]) ** 2, axis=-1),
        ),
        "transposed": (lambda: [mc.transposed(T)], T, np.eye(4)[LABELS].T.copy()),
        "labels_from_one": (
            lambda: [mc.labels_from_one(LABELS, 4)],
            T,
            np.array([np.roll(np.eye(4), 1, axis=0)[label] for label in LABELS]),
        ),
        "no_max_subtraction": (
            lambda: [mc.no_max_subtraction(HUGE)],
            A1.softmax(HUGE),
            np.exp(HUGE) / np.exp(HUGE).sum(-1, keepdims=True),
        ),
        "wrong_axis": (lambda: mc.wrong_axis(A1.softmax, Z, -1, "softmax"), P, np.exp(Z) / np.exp(Z).sum(axis=0)),
        "log_of_softmax": (lambda: mc.log_of_softmax(HUGE), A1.log_softmax(HUGE), np.log(A1.softmax(HUGE))),
        "missing_log": (lambda: [mc.missing_log(P)], A1.log_softmax(Z), P.copy()),
        "sigmoid_flipped": (lambda: [mc.sigmoid_flipped(Z)], A1.sigmoid(Z), 1 - _sigma(Z)),
        "complement": (lambda: [slips.complement(A1.sigmoid(Z))], A1.sigmoid(Z), 1 - _sigma(Z)),
        "sigmoid_exp_ratio": (
            lambda: [mc.sigmoid_exp_ratio(HUGE)],
            A1.sigmoid(HUGE),
            np.exp(HUGE) / (1 + np.exp(HUGE)),
        ),
        "softmax_of_logits": (
            lambda: [mc.softmax_of_logits(A1.mlp_logits(X, W1, B1, W2, B2))],
            A1.mlp_logits(X, W1, B1, W2, B2),
            A1.softmax(_sigma(X @ W1.T + B1) @ W2.T + B2),
        ),
        "network_without_activation": (
            lambda: [mc.network_without_activation(X, W1, B1, W2, B2)],
            A1.mlp_logits(X, W1, B1, W2, B2),
            (X @ W1.T + B1) @ W2.T + B2,
        ),
        "network_without_bias": (
            lambda: mc.network_without_bias(X, W1, B1, W2, B2),
            A1.mlp_logits(X, W1, B1, W2, B2),
            _sigma(X @ W1.T + B1) @ W2.T,
        ),
        "sum_over_batch": (lambda: [mc.sum_over_batch(A2.mse_loss(T, P), 5)], A2.mse_loss(T, P), np.sum((T - P) ** 2)),
        "sum_over_elements": (
            lambda: [mc.sum_over_elements(A2.binary_cross_entropy(T, P), T.size)],
            A2.binary_cross_entropy(T, P),
            -np.sum(T * np.log(P) + (1 - T) * np.log(1 - P)),
        ),
        "sum_over_labels": (
            lambda: [mc.sum_over_labels(A2.binary_cross_entropy(T, P), 4)],
            A2.binary_cross_entropy(T, P),
            np.mean(-np.sum(T * np.log(P) + (1 - T) * np.log(1 - P), axis=1)),
        ),
        "mean_over_all_elements": (
            lambda: [mc.mean_over_all_elements(A2.mse_loss(T, P), 4)],
            A2.mse_loss(T, P),
            np.mean((T - P) ** 2),
        ),
        "swapped_arguments": (
            lambda: [mc.swapped_arguments(A2.cross_entropy(P, T))],
            A2.cross_entropy(T, P),
            np.mean(-np.sum(P * np.log(np.clip(T, 1e-12, 1)), axis=1)),
        ),
        "unclipped_cross_entropy": (
            lambda: [mc.unclipped_cross_entropy(T, np.where(T == 1, 0.0, 0.5))],
            A2.cross_entropy(T, np.where(T == 1, 0.0, 0.5)),
            np.mean(-np.sum(T * np.log(np.where(T == 1, 0.0, 0.5)), axis=1)),
        ),
        "unclipped_binary_cross_entropy": (
            lambda: [mc.unclipped_binary_cross_entropy(T, T)],
            A2.binary_cross_entropy(T, T),
            np.mean(-(T * np.log(T) + (1 - T) * np.log(1 - T))),
        ),
        "hard_target_binary_cross_entropy": (
            lambda: [mc.hard_target_binary_cross_entropy(P, np.clip(P[::-1], 0.05, 0.95))],
            A2.binary_cross_entropy(P, np.clip(P[::-1], 0.05, 0.95)),
            np.mean(-np.where(P > 0.5, np.log(np.clip(P[::-1], 0.05, 0.95)), np.log(1 - np.clip(P[::-1], 0.05, 0.95)))),
        ),
        "negated_loss": (
            lambda: [mc.negated_loss(A2.cross_entropy(T, P))],
            A2.cross_entropy(T, P),
            np.mean(np.sum(T * np.log(P), axis=1)),
        ),
        "log_of_softmax_loss": (
            lambda: mc.log_of_softmax_loss(HUGE, [1, 2]),
            A2.softmax_cross_entropy(HUGE, np.array([1, 2])),
            np.mean(-np.log(A1.softmax(HUGE)[[0, 1], [1, 2]])),
        ),
        "likelihood_as_logs": (
            lambda: mc.likelihood_as_logs(P, LABELS),
            A2.likelihood(P, LABELS),
            np.log(P[range(5), LABELS]).sum(),
        ),
        "sum_for_product": (
            lambda: [mc.sum_for_product(P, LABELS)],
            A2.likelihood(P, LABELS),
            P[range(5), LABELS].sum(),
        ),
        "other_table_rows": (
            lambda: mc.other_table_rows(
                "multilabel", {"multiclass": [("softmax", "cce")], "multilabel": [("sigmoid", "bce")]}
            ),
            ("sigmoid", "bce"),
            ("softmax", "cce"),
        ),
        "jacobian_mistakes": (lambda: mc.jacobian_mistakes(Z), A3.softmax_jacobian(Z), -A3.softmax_jacobian(Z)),
        "not_divided_by_n": (
            lambda: [mc.not_divided_by_n(A3.ce_grad_logits(Z, LABELS), 5)],
            A3.ce_grad_logits(Z, LABELS),
            P - T,
        ),
        "flipped_gradient": (
            lambda: [mc.flipped_gradient(A3.ce_grad_logits(Z, LABELS))],
            A3.ce_grad_logits(Z, LABELS),
            (T - P) / 5,
        ),
        "missing_one_hot": (lambda: [mc.missing_one_hot(Z)], A3.ce_grad_logits(Z, LABELS), P / 5),
        "missing_jacobian": (lambda: [mc.missing_jacobian(Z, LABELS)], A3.mse_grad_logits(Z, LABELS), 2 * (P - T) / 5),
        "missing_factor_2": (
            lambda: [mc.missing_factor_2(A3.mse_grad_logits(Z, LABELS))],
            A3.mse_grad_logits(Z, LABELS),
            P * ((P - T) / 5 - np.sum((P - T) / 5 * P, axis=1, keepdims=True)),
        ),
        "forward_difference": (
            lambda: [mc.forward_difference(lambda v: float(np.sum(np.sin(v))), Z[0], 1e-3)],
            np.cos(Z[0]) * np.sin(1e-3) / 1e-3,
            _forward(lambda v: float(np.sum(np.sin(v))), Z[0], 1e-3),
        ),
        "central_not_halved": (lambda: [mc.central_not_halved(np.cos(Z[0]))], np.cos(Z[0]), 2 * np.cos(Z[0])),
        "mse_mean_over_classes": (
            lambda: [mc.mse_mean_over_classes(A3.loss_surface("mse", Z[0], Z[1]), 3)],
            A3.loss_surface("mse", Z[0], Z[1]),
            A3.loss_surface("mse", Z[0], Z[1]) / 3,
        ),
        "divided_by_n_minus_1": (
            lambda: [mc.divided_by_n_minus_1(A2.mse_loss(T, P), 5)],
            A2.mse_loss(T, P),
            np.sum((T - P) ** 2) / 4,
        ),
        "negated": (lambda: [mc.negated(A1.log_softmax(Z))], A1.log_softmax(Z), -np.log(P)),
        "batch_only": (lambda: [mc.batch_only(A1.softmax(Z[0]))], A1.softmax(Z[0]), A1.softmax(Z[:1])),
        "not_normalised": (lambda: [mc.not_normalised(Z)], P, np.exp(Z - Z.max(axis=1)[:, None])),
        "wrong_axis_without_max": (
            lambda: mc.wrong_axis_without_max(HUGE),
            A1.softmax(HUGE),
            np.exp(HUGE) / np.exp(HUGE).sum(axis=0),
        ),
        "log_sum_exp_without_max": (
            lambda: [mc.log_sum_exp_without_max(HUGE)],
            A1.log_softmax(HUGE),
            HUGE - np.log(np.exp(HUGE).sum(axis=1))[:, None],
        ),
        "max_not_added_back": (
            lambda: [mc.max_not_added_back(Z)],
            A1.log_softmax(Z),
            Z - np.log(np.exp(Z - Z.max(axis=1)[:, None]).sum(axis=1))[:, None],
        ),
        "wrong_axis_log_mistakes": (
            lambda: mc.wrong_axis_log_mistakes(A1.softmax, Z),
            A1.log_softmax(Z),
            np.exp(Z) / np.exp(Z).sum(axis=0),
        ),
        "sigmoid_flipped_exp_ratio": (
            lambda: [mc.sigmoid_flipped_exp_ratio(HUGE)],
            A1.sigmoid(HUGE),
            np.exp(-HUGE) / (1 + np.exp(-HUGE)),
        ),
        "log_sum_exp_without_max_loss": (
            lambda: [mc.log_sum_exp_without_max_loss(HUGE, [1, 2])],
            A2.softmax_cross_entropy(HUGE, np.array([1, 2])),
            np.mean([np.log(np.exp(row).sum()) - row[label] for row, label in zip(HUGE, [1, 2])]),
        ),
        "max_not_added_back_loss": (
            lambda: [mc.max_not_added_back_loss(Z, LABELS)],
            A2.softmax_cross_entropy(Z, LABELS),
            np.mean(np.log(np.exp(Z - Z.max(axis=1)[:, None]).sum(axis=1)) - Z[range(5), LABELS]),
        ),
        "wrong_axis_loss": (
            lambda: mc.wrong_axis_loss(Z, LABELS),
            A2.softmax_cross_entropy(Z, LABELS),
            np.mean([np.log(np.exp(Z[:, k]).sum()) - Z[i, k] for i, k in enumerate(LABELS)]),  # along the batch
        ),
        "missing_complement_term": (
            lambda: [mc.missing_complement_term(T, np.clip(P, 0.05, 0.95))],
            A2.binary_cross_entropy(T, np.clip(P, 0.05, 0.95)),
            -np.mean(T * np.log(np.clip(P, 0.05, 0.95))),
        ),
        "jacobian_of_other_softmax": (
            lambda: mc.jacobian_of_other_softmax(HUGE),
            A3.softmax_jacobian(HUGE),
            np.array([np.diag(s) - np.outer(s, s) for s in np.exp(HUGE) / np.exp(HUGE).sum(axis=1)[:, None]]),
        ),
        "ce_gradient_of_other_softmax": (
            lambda: mc.ce_gradient_of_other_softmax(HUGE, [1, 2]),
            A3.ce_grad_logits(HUGE, np.array([1, 2])),
            (np.exp(HUGE) / np.exp(HUGE).sum(axis=1)[:, None] - np.eye(3)[[1, 2]]) / 2,
        ),
        "mse_gradient_mistakes": (
            lambda: mc.mse_gradient_mistakes(Z, LABELS),
            A3.mse_grad_logits(Z, LABELS),
            P * (1 - P) * 2 * (P - T) / 5,
        ),
    }
# Not a mistake of its own on one vector (it gives the right answer there): tested with the rows of a batch below.
NOT_ALONE = {"one_vector_only"}


def test_every_misconception_has_a_case():
    public = {
        name
        for module in (mc, slips)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == module.__name__
    }
    assert public - {"tried"} == set(CASES) | NOT_ALONE


def _graders_suspects() -> dict:
    """function -> the tags its hidden checks try, built by the graders' own helpers on a few inputs."""
    import warnings

    with warnings.catch_warnings():  # the graders' markers are the engine's (graders/pytest.ini), not this suite's
        warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
        from autograder.graders import a1_encoding as g1
        from autograder.graders import a2_losses as g2
        from autograder.graders import a3_gradients as g3

    def tags(*builders):
        return {s.tag for build in builders for s in build() if s is not None}

    args = (X, W1, B1, W2, B2)
    q = np.clip(P, 0.05, 0.95)
    square = lambda v: float(np.sum(v**2))  # noqa: E731
    return {
        "encoding_distances": tags(g1._distance_suspects(A1.encoding_distances(X))),
        "one_hot": tags(g1._one_hot_suspects(T, LABELS, 4)),
        "softmax": tags(g1._softmax_suspects(A1, Z), g1._softmax_suspects(A1, Z[0])),
        "log_softmax": tags(g1._log_softmax_suspects(A1, Z), g1._log_softmax_suspects(A1, Z[0])),
        "sigmoid": tags(g1._sigmoid_suspects(Z)),
        "mlp_logits": tags(g1._mlp_suspects(A1.mlp_logits(*args), args)),
        "mse_loss": tags(g2._mse_suspects(A2.mse_loss(T, P), 5, 4)),
        "cross_entropy": tags(g2._ce_suspects(A2, T, P, A2.cross_entropy(T, P))),
        "softmax_cross_entropy": tags(g2._sce_suspects(Z, LABELS, A2.softmax_cross_entropy(Z, LABELS))),
        "binary_cross_entropy": tags(g2._bce_suspects(T, q, A2.binary_cross_entropy(T, q))),
        "likelihood": tags(g2._likelihood_suspects(P, LABELS)),
        "output_layer_for": tags(lambda: mc.tried("output_layer_for", mc.other_table_rows("multiclass", g2.TABLE))),
        "softmax_jacobian": tags(g3._jacobian_suspects(A3, Z), g3._jacobian_suspects(A3, Z[0])),
        "ce_grad_logits": tags(g3._ce_grad_suspects(Z, LABELS, A3.ce_grad_logits(Z, LABELS))),
        "mse_grad_logits": tags(g3._mse_grad_suspects(Z, LABELS, A3.mse_grad_logits(Z, LABELS))),
        "numerical_gradient": tags(g3._numeric_suspects(square, Z[0], 1e-3, 2 * Z[0])),
        "loss_surface": tags(g3._surface_suspects("mse", A3.loss_surface("mse", Z[0], Z[1]))),
        "train_softmax_regression": set(),
    }


def test_the_graders_try_what_the_list_of_mistakes_says():
    """graders/mistakes.yml is what the hidden checks try: every function's mistakes and pairs, nothing else
    (one-vector-only alone shows on a batch judged row by row, compare.Rows, not as a value)."""
    known = mistakes.known()
    built = _graders_suspects()
    assert set(built) == set(known.functions)
    for function, tried in known.functions.items():
        listed = set(tried.tries) | set(tried.compounds)
        assert built[function] | ({"one-vector-only"} & listed) == listed, (function, built[function] ^ listed)


def test_a_batch_judged_row_by_row_shows_a_function_written_for_one_vector():
    """A batch answered in a shape neither the right answer nor a mistake has: each row alone right, or each row
    the same mistake, names the function as written for one vector (with that mistake)."""
    from autograder.checker.compare import Rows

    def rows(student):
        return Rows(
            len(Z), lambda i: student(Z[i]), lambda i: A3.softmax_jacobian(Z[i]), lambda i: mc.jacobian_mistakes(Z[i])
        )

    diagonal = lambda z: np.diag(A1.softmax(z) * (1 - A1.softmax(z)))  # noqa: E731
    assert rows(A3.softmax_jacobian).evidence().suspect.tag == "one-vector-only"
    found = rows(diagonal).evidence().suspect
    assert found.tag == "diagonal-only+one-vector-only" and found.parts == ("diagonal-only", "one-vector-only")
    assert "diagonal" in found.hint.render("en") and "單一向量" in found.hint.render("zh-TW")
    mixed = lambda z: diagonal(z) if z[0] > 0 else A3.softmax_jacobian(z)  # noqa: E731
    assert rows(mixed).evidence().suspect is None  # rows that disagree show nothing
    assert rows(lambda z: np.zeros(3)).evidence().suspect is None  # a wrong shape per row too


def test_the_slips_that_travel_compute_nothing_but_the_expected_value():
    """slips.py goes into notebooks: no function of it may compute an answer from an input (no exp, log, @)."""
    import ast

    tree = ast.parse(Path(slips.__file__).read_text(encoding="utf-8"))
    numpy_calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and getattr(node.func.value, "id", None) == "np"
    }
    assert numpy_calls <= {"asarray"}, numpy_calls
    assert not any(isinstance(node, ast.MatMult) for node in ast.walk(tree))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_mistake_is_named_and_nothing_else_is(name):
    suspects, right, mistaken = CASES[name]
    listed = [s for s in suspects() if s is not None]
    found = diagnose(mistaken, right, listed)
    assert found is not None and found.tag == listed[0].tag and found.hint.render("zh-TW") != found.hint.key
    assert diagnose(right, right, listed) is None  # the right answer names nothing
    if not isinstance(right, tuple):
        unrelated = np.full_like(np.asarray(right, dtype=float), 0.123)
        assert diagnose(unrelated, right, listed) is None  # nor does an unrelated wrong answer


def test_a_mistake_that_gives_the_right_answer_on_this_input_is_no_evidence():
    one_example = np.array([[1.0, 2.0, 3.0]])
    suspects = mc.wrong_axis(A1.softmax, one_example, -1, "softmax")  # axis 0 has length 1: not a suspect at all
    assert diagnose(np.ones((1, 3)), A1.softmax(one_example), suspects) is None
    assert diagnose(0.5, 0.5, [mc.sum_over_batch(0.5, 1)]) is None  # N = 1: a sum is the mean, no evidence
    assert diagnose(0.7, 0.5, [mc.sum_over_batch(0.5, 1)]) is None


def test_two_mistakes_that_agree_name_neither():
    same = np.array([2.0, 4.0])
    suspects = [
        Suspect("sum-vs-mean", same, Message("hint:sum-over-batch", n=2)),
        Suspect("not-divided-by-n", same.copy(), Message("hint:not-divided-by-n", n=2)),
    ]
    assert diagnose(same, np.array([1.0, 2.0]), suspects) is None


def test_a_small_difference_needs_a_clear_margin():
    right = np.array([1.0, 2.0])
    near = right + 1e-6
    suspect = Suspect("forward-difference", near, Message("hint:forward-difference"))
    assert matches(near + 1e-12, near, right, Tolerance(1e-9, 1e-12))
    assert not matches(right + 5e-7, near, right, Tolerance(1e-5, 1e-7))  # halfway: not that mistake
    assert diagnose(right + 5e-7, right, [suspect], Tolerance(1e-5, 1e-7)) is None


def test_nan_must_be_where_the_mistake_puts_it():
    right = np.array([1.0, 0.0])
    suspect = Suspect("no-max-subtraction", np.array([np.nan, 0.0]), Message("hint:no-max-subtraction"))
    assert matches(np.array([np.nan, 0.0]), suspect.value, right)
    assert not matches(np.array([np.inf, 0.0]), suspect.value, right)
    assert not matches(np.array([0.0, np.nan]), suspect.value, right)


def test_an_input_refutes_a_mistake_it_tells_apart():
    right = np.array([1.0, 2.0])
    evidence = assess(np.array([5.0, 5.0]), right, [Suspect("sign", -right, Message("hint:gradient-sign"))])
    assert evidence.suspect is None and evidence.refuted == {"sign"}
    evidence = assess(np.array([5.0, 5.0]), np.zeros(2), [Suspect("sign", np.zeros(2), Message("hint:gradient-sign"))])
    assert evidence.refuted == frozenset()  # -0 = 0: this input says nothing about the sign


def test_an_answer_that_overflowed_refutes_nothing():
    """Softmax along axis 0 with the max of the whole array: nan on huge logits says nothing against the wrong axis."""
    right = np.array([[1.0, 0.0], [0.0, 1.0]])
    wrong_axis = Suspect("wrong-axis", np.array([[0.5, 0.5], [0.5, 0.5]]), Message("hint:wrong-axis-all", fn="softmax"))
    assert assess(np.array([[1.0, np.nan], [0.0, np.nan]]), right, [wrong_axis]).refuted == frozenset()
    assert assess(np.array([[1.0, 0.2], [0.0, 0.8]]), right, [wrong_axis]).refuted == {"wrong-axis"}


# ---- numbers that show the difference -------------------------------------------------------------
def test_never_expected_x_got_x():
    expected = np.array([[-4.47671234, 1.85591234], [0.5, 0.25]])
    got = expected + np.array([[2e-6, 0.0], [0.0, 0.0]])
    with pytest.raises(Feedback) as caught:
        expect_array(got, expected, call="numerical_gradient(f, x)")
    text = caught.value.render("en")
    assert caught.value.key == "mismatch_beyond_digits" and ", got [[-4.4767" not in text
    assert "Largest difference 2e-06 at index [0, 0]: expected -4.4767123, got -4.4767103" in text
    assert "relative error 4.47e-07" in text
    assert "最大差異 2e-06 在索引 [0, 0]" in caught.value.render("zh-TW")


def test_a_scalar_that_prints_alike_shows_more_digits():
    with pytest.raises(Feedback) as caught:
        expect_scalar(0.14000013, 0.14, call="mse_loss(t, p)")
    text = caught.value.render("en")
    assert "expected 0.14, got 0.14." not in text and "expected 0.14, got 0.14000013" in text


def test_difference_points_at_the_largest_gap():
    message = difference(np.array([[1.0, 2.0], [3.0, 9.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert (
        message.params["index"] == "[1, 1]" and message.params["diff"] == "5" and message.params["relative"] == "1.25"
    )


# ---- the corpus -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def outcomes(fast_course):
    return evaluate.grade(evaluate.load_entries(), course=fast_course)


def test_the_corpus_is_large_and_varied():
    entries = evaluate.load_entries()
    known = mistakes.known()
    assert len(entries) >= 90
    assert {e.assignment for e in entries} == {"a1_encoding", "a2_losses", "a3_gradients"}
    assert sum(e.expect is None for e in entries) >= 15  # wrong answers no known mistake explains (near misses too)
    assert sum(len(known.parts(e.expect)) == 2 for e in entries if e.expect) >= 12  # two mistakes at once
    assert {e.expect for e in entries} & set(known.consequences)  # mistakes named by what they share
    kinds = {known.kind_of(e.expect) for e in entries if e.expect}
    assert kinds == set(known.kinds), set(known.kinds) - kinds  # every kind of mistake has its cases


def test_every_label_is_a_mistake_the_list_lets_its_function_name():
    """The corpus reads graders/mistakes.yml: a label is one of its function's mistakes, pairs or consequences."""
    known = mistakes.known()
    for entry in evaluate.load_entries():
        nameable = known.nameable(entry.problem)
        assert entry.expect is None or entry.expect in nameable, (entry.label, entry.expect)
        assert set(entry.must_not) <= known.tags() | set(known.functions[entry.problem].compounds), entry.label


def test_precision_and_recall(outcomes):
    figures = evaluate.figures(outcomes)
    wrong = {o.entry.label: sorted(o.wrong) for o in outcomes if o.wrong}
    missed = [o.entry.label for o in outcomes if o.entry.expect and not o.found]
    assert figures.precision == 1.0, wrong
    assert figures.recall >= 0.95, missed


def test_two_mistakes_at_once_are_named_with_both(outcomes):
    """A compound label is found only when the pair itself is named (both mistakes in one message), and its
    message names both and gives both fixes, in either language."""
    for o in outcomes:
        if o.entry.expect and len(mistakes.known().parts(o.entry.expect)) == 2:
            assert o.found, o.entry.label
            hint = o.hints[(o.entry.problem, o.entry.expect)]
            assert hint.startswith("Your result is exactly what two mistakes made together give"), hint


def test_every_entry_loses_points_on_its_problem(outcomes):
    assert [o.entry.label for o in outcomes if o.problem_score >= o.problem_max] == []


def test_the_forbidden_tags_are_never_named(outcomes):
    for o in outcomes:
        named = {tag for _, tag in o.named}
        assert not named & set(o.entry.must_not), o.entry.label


@pytest.mark.parametrize(
    "label, must_not",
    [
        ("a1_encoding/sigmoid_flipped", "sigmoid-overflow"),
        ("a1_encoding/sigmoid_identity", "sigmoid-overflow"),
        ("a1_encoding/softmax_all_ones", "wrong-axis"),
    ],
)
def test_the_wrong_diagnoses_once_given_are_gone(outcomes, label, must_not):
    outcome = next(o for o in outcomes if o.entry.label == label)
    assert must_not not in {tag for _, tag in outcome.named}


def test_the_flipped_jacobian_is_named(outcomes):
    outcome = next(o for o in outcomes if o.entry.label == "a3_gradients/jacobian_flipped")
    assert ("softmax_jacobian", "sign") in outcome.named


def test_hints_describe_what_they_fire_on(outcomes):
    """The log_softmax wrong-axis hint says nothing about summing to 1; the network hint names the logits."""
    axis = next(o for o in outcomes if o.entry.label == "a1_encoding/log_softmax_axis0").hints[
        ("log_softmax", "wrong-axis")
    ]
    assert "log_softmax" in axis and "sum to 1" not in axis
    net = next(o for o in outcomes if o.entry.label == "a1_encoding/mlp_softmax_output").hints[
        ("mlp_logits", "probabilities-for-logits")
    ]
    assert "twice" not in net and "softmax of the expected logits" in net


def test_no_message_shows_the_same_numbers_as_expected_and_got(outcomes, fast_course, tmp_path):
    """Graded feedback of the whole corpus: an "expected A, got B" always has A ≠ B."""
    from autograder.grading.supervisor import grade_submission

    pair = re.compile(r"expected (.+?), got (.+?)(?: \(|\.$|;|\n|$)", re.M)
    for entry in [e for e in evaluate.load_entries() if e.name in ("numgrad_forward", "surface_ce_log2", "mse_rmse")]:
        path = tmp_path / f"{entry.name}.py"
        path.write_text(evaluate.submission(entry), encoding="utf-8")
        report = grade_submission(path, entry.assignment, course=fast_course)
        for check in report.checks:
            for expected, got in pair.findall(check.message("en")):
                assert expected != got, check.message("en")


def test_regression_accepts_mse_and_rmse(fast_course, tmp_path):
    from autograder.grading.supervisor import grade_submission

    source = (evaluate.ROOT / "solutions" / "a2_losses.py").read_text(encoding="utf-8")
    path = tmp_path / "rmse.py"
    path.write_text(source.replace('"regression": ("none", "mse")', '"regression": ("none", "rmse")'), encoding="utf-8")
    report = grade_submission(path, "a2_losses", course=fast_course)
    assert report.problems["output_layer_for"].score == report.problems["output_layer_for"].max_score
