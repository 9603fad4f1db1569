"""Diagnosis by evidence: each misconception is the wrong answer it gives on an input, named only on a match.

Every function of grading/misconceptions.py has a row below: an independent student-style implementation of
the mistake, whose answer must be named, while the right answer and unrelated wrong answers are not. The
labelled corpus (tests/corpus/) measures the whole chain, grader to results.json: precision 1.0, recall ≥ 0.85.
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
    }


def test_every_misconception_has_a_case():
    public = {
        name
        for module in (mc, slips)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == module.__name__
    }
    assert public == set(CASES)


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
    assert mc.sum_over_batch(0.5, 1) is None  # N = 1: a sum is the mean


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
    assert len(entries) >= 30
    assert {e.assignment for e in entries} == {"a1_encoding", "a2_losses", "a3_gradients"}
    assert sum(e.expect is None for e in entries) >= 5  # wrong answers no known mistake explains


def test_precision_and_recall(outcomes):
    figures = evaluate.figures(outcomes)
    wrong = {o.entry.label: sorted(o.wrong) for o in outcomes if o.wrong}
    missed = [o.entry.label for o in outcomes if o.entry.expect and not o.found]
    assert figures.precision == 1.0, wrong
    assert figures.recall >= 0.85, missed


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
