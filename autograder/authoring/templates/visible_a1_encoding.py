"""Visible checks for a1_encoding: shapes, a few known values, the error cases, the warnings the grader judges.

They use the grader's own comparisons, so a failure says what was expected, what came back, on which input,
and the likely mistake when the answer is exactly what that mistake gives. They catch slips; the grader runs
more (and different) checks. Run `pytest` in this folder, `check("softmax")` in the notebook, or
`autograder check a1_encoding`.
"""
import numpy as np
from _kit.catalogue import Message
from _kit.grading import slips
from _kit.grading.compare import claim, expect_array, expect_no_warning, expect_numeric, expect_raises
from _kit.grading.diagnosis import Suspect, from_warnings

E = np.e


def test_encoding_distances_class_ids(student):
    expected = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]])
    expect_array(student.encoding_distances(np.array([[1.0], [2.0], [3.0]])), expected, call=student.last_call,
                 suspects=[slips.squared_distance(expected)])


def test_encoding_distances_one_hot_all_equal(student):
    expected = np.sqrt(2) * (1 - np.eye(4))
    expect_array(student.encoding_distances(np.eye(4)), expected, call=student.last_call,
                 suspects=[slips.squared_distance(expected)])


def test_one_hot_values(student):
    expected = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    from_one = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])  # the one-hot vectors of label − 1
    expect_array(student.one_hot(np.array([0, 2, 1]), 3), expected, call=student.last_call,
                 suspects=[Suspect("labels-from-one", from_one, Message("hint:labels-from-one"))])


def test_one_hot_shape(student):
    labels = np.array([[0, 1, 2], [2, 1, 0]])
    out = expect_numeric(student.one_hot(labels, 4), (2, 3, 4), call=student.last_call)
    claim(bool(np.all((out == 0) | (out == 1))) and np.array_equal(out.sum(axis=-1), np.ones((2, 3))),
          "claim:one_hot_single_one", call=student.last_call)


def test_one_hot_rejects_bad_labels(student):
    for bad in ([3], [-1], [1.5]):
        expect_raises(student, "ValueError", "one_hot", np.array(bad), 3)


def test_softmax_sums_to_one(student):
    logits = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 5.0]])
    out = expect_numeric(student.softmax(logits), logits.shape, call=student.last_call)
    claim(bool(np.all((out >= 0) & (out <= 1))), "claim:softmax_range", call=student.last_call)
    claim(np.allclose(out.sum(axis=-1), 1.0), "claim:softmax_rows", call=student.last_call,
          sums=str(np.round(out.sum(axis=-1), 4)))


def test_softmax_known_values(student):
    expect_array(student.softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75], call=student.last_call)


def test_softmax_large_logits_stay_finite(student):
    out = student.softmax(np.array([1e4, 0.0, -1e4]))
    expect_array(out, [1.0, 0.0, 0.0], call=student.last_call,
                 suspects=[Suspect("no-max-subtraction", [np.nan, 0.0, 0.0], Message("hint:no-max-subtraction"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "no-max-subtraction",
                                             Message("hint:no-max-subtraction-warning")))


def test_softmax_axis(student):
    logits = np.array([[0.0, 1.0], [np.log(3.0), 1.0]])
    along_rows = np.array([[1 / (1 + E), E / (1 + E)], [3 / (3 + E), E / (3 + E)]])  # softmax of each row
    whole = np.array([[1.0, E], [3.0, E]]) / (4 + 2 * E)  # softmax of all four at once
    expect_array(student.softmax(logits, axis=0), [[0.25, 0.5], [0.75, 0.5]], call=student.last_call,
                 suspects=[Suspect("wrong-axis", along_rows, Message("hint:wrong-axis", fn="softmax", found=1, axis=0)),
                           Suspect("wrong-axis", whole, Message("hint:wrong-axis-all", fn="softmax"))])


def test_log_softmax_known_values(student):
    expect_array(student.log_softmax(np.array([0.0, np.log(3.0)])), np.log([0.25, 0.75]), call=student.last_call,
                 suspects=[Suspect("missing-log", [0.25, 0.75], Message("hint:missing-log"))])


def test_log_softmax_finite_where_softmax_underflows(student):
    expect_array(student.log_softmax(np.array([0.0, -1e4])), [0.0, -1e4], call=student.last_call,
                 suspects=[Suspect("unstable-log-sum-exp", [0.0, -np.inf], Message("hint:unstable-log-sum-exp"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "encountered in log", "unstable-log-sum-exp",
                                             Message("hint:unstable-log-sum-exp-warning")))


def test_sigmoid_known_values(student):
    expected = np.array([0.5, 0.75, 0.25])
    expect_array(student.sigmoid(np.array([0.0, np.log(3.0), -np.log(3.0)])), expected, call=student.last_call,
                 suspects=[slips.complement(expected)])


def test_sigmoid_large_inputs(student):
    expect_array(student.sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0], call=student.last_call,
                 suspects=[Suspect("sigmoid-overflow", [0.0, 0.5, np.nan], Message("hint:sigmoid-overflow-nan"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "sigmoid-overflow",
                                             Message("hint:sigmoid-overflow-warning")))


def test_mlp_logits_shape(student):
    x, W1, W2 = np.ones((4, 3)), np.full((5, 3), 0.5), np.full((2, 5), 0.25)  # 4 examples, 5 hidden units, 2 classes
    expect_numeric(student.mlp_logits(x, W1, np.zeros(5), W2, np.zeros(2)), (4, 2), call=student.last_call)


def test_mlp_logits_known_value(student):
    # W1 = 0 and b1 = 0: every hidden unit is σ(0) = 1/2, so each row of y is b2 + W2 @ [1/2, 1/2, 1/2, 1/2]
    W2 = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 2.0]])
    b2 = np.array([0.5, -1.0])
    expected = np.array([[2.5, 0.0]] * 3)
    softmax_of_it = np.array([[E ** 2.5 / (E ** 2.5 + 1), 1 / (E ** 2.5 + 1)]] * 3)
    expect_array(student.mlp_logits(np.ones((3, 3)), np.zeros((4, 3)), np.zeros(4), W2, b2), expected,
                 call=student.last_call,
                 suspects=[slips.transposed(expected),
                           Suspect("probabilities-for-logits", softmax_of_it, Message("hint:probabilities-for-logits")),
                           Suspect("missing-activation", np.array([[0.5, -1.0]] * 3), Message("hint:missing-activation")),
                           Suspect("missing-bias", np.array([[2.0, 1.0]] * 3), Message("hint:missing-bias", bias="b'"))])


# ---- why it matters: the student's own numbers, shown by check() once a problem passes -------------------
def _numbers(values, digits: int = 4) -> str:
    return "[" + ", ".join(f"{v:.{digits}g}" for v in np.ravel(np.asarray(values, float))) + "]"


def why_encoding_distances(student):
    ids = np.asarray(student.encoding_distances(np.array([[1.0], [2.0], [3.0]])), float)
    hot = np.asarray(student.encoding_distances(np.eye(3)), float)
    return {"near": float(ids[0, 1]), "far": float(ids[0, 2]), "hot": float(hot[0, 1])}


def why_softmax(student):
    probs = np.asarray(student.softmax(np.array([3.0, 1.0, -3.0])), float)
    return {"probs": _numbers(probs), "ratio": float(probs[0] / probs[1])}


def why_log_softmax(student):
    return {"value": _numbers(student.log_softmax(np.array([0.0, -800.0])))}


def why_sigmoid(student):
    return {"sigma": float(np.asarray(student.sigmoid(np.array([1.5])), float)[0]),
            "first": float(np.asarray(student.softmax(np.array([2.0, 0.5])), float)[0])}
