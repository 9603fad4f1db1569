"""Visible checks for a1_encoding: every kind of input the grader tries, with other values.

Each check says its category (the kind of input: worked examples, random batches, rows of very different
scale, other shapes, extreme values, read-only inputs, float64 results, ...); the grader's hidden checks try the
same categories with other numbers, so a function that passes every check here is not surprised by its grade.
They use the grader's own comparisons and precision, so a failure says what was expected, what came back, on
which input, and the likely mistake when the answer is exactly what that mistake gives. Run `pytest` in this
folder, `check("softmax")` in the notebook, or `autograder check a1_encoding`.
"""
import numpy as np

from autograder.checker import slips
from autograder.checker import tolerance as tol
from autograder.checker.compare import (
    Given,
    category,
    claim,
    expect_array,
    expect_float64,
    expect_no_warning,
    expect_numeric,
    expect_raises,
    expect_unchanged,
    read_only,
)
from autograder.checker.diagnosis import Suspect, from_warnings
from autograder.checker.message import Message

E = np.e
# Inputs of the checks below (the expected values are the reference's, written out as numbers)
ENCODINGS = np.array([[0.5, -1.25, 2.0], [1.5, 0.25, -0.75], [-2.0, 1.0, 0.5], [0.0, 0.0, 3.0]])
ENCODINGS_SCALED = np.array([[1e-3, 2e-3], [1.0, -2.0], [1000.0, 500.0], [1000.01, 500.02], [30.0, -40.0]])
LOGITS = np.array([[0.3, -1.2, 2.5, 0.7], [1.1, 0.4, -0.6, -2.2], [-0.5, 3.1, 0.9, 0.0]])
LOGITS_SCALED = np.array([[10000.5, 9999.0, 10001.25], [0.25, -0.5, 1.0], [-10000.0, -10002.5, -9999.75]])
LOGITS_3D = np.array([[[0.2, -0.4, 1.1], [0.9, 0.3, -1.5]], [[2.0, 0.0, -2.0], [-0.7, 0.6, 0.1]]])
Z = np.array([[-3.5, 0.25, 1.75], [4.0, -0.5, -6.0]])
LABELS = np.array([3, 0, 0, 2, 1, 3, 2])
PAIRS = np.array([[1.5, -0.5], [0.0, 2.0], [-3.0, -1.0]])
NETWORK = (np.array([[0.3, -1.1, 2.0], [1.5, 0.7, -0.5], [-1.3, 2.0, 0.1], [0.25, 0.9, -1.25], [2.2, -2.0, 1.0]]),
           np.array([[0.3, -0.6, 0.9], [-1.2, 0.4, 0.8], [0.7, 0.7, -0.2], [0.0, -0.5, 1.5]]),
           np.array([0.1, -0.2, 0.3, 0.0]),
           np.array([[1.1, -1.0, 0.5, 0.3], [-0.6, 2.0, 0.1, 1.0]]),
           np.array([0.3, -0.7]))
SATURATED = (NETWORK[0], 100.0 * NETWORK[1], NETWORK[2], NETWORK[3], NETWORK[4])


def _network_tolerance(network):
    x, W1, b1, W2, b2 = network
    pre = float(np.max(np.abs(x) @ np.abs(W1).T + np.abs(b1)))
    return tol.of_scale(float(np.max(np.abs(W2).sum(axis=1) * (1 + pre / 4) + np.abs(b2))))


# ---- encoding_distances ---------------------------------------------------------------------------
@category("known")
def test_encoding_distances_class_ids(student):
    expected = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]])
    ids = np.array([[1.0], [2.0], [3.0]])
    expect_array(student.encoding_distances(ids), expected, call=student.last_call, tol=tol.distances(ids),
                 suspects=[slips.squared_distance(expected)])


@category("known")
def test_encoding_distances_one_hot_all_equal(student):
    expected = np.sqrt(2) * (1 - np.eye(4))
    expect_array(student.encoding_distances(np.eye(4)), expected, call=student.last_call, tol=tol.distances(np.eye(4)),
                 suspects=[slips.squared_distance(expected)])


@category("random")
def test_encoding_distances_four_classes_in_three_dimensions(student):
    expected = __reference__.encoding_distances(ENCODINGS)
    expect_array(student.encoding_distances(ENCODINGS), expected, call=student.last_call, tol=tol.distances(ENCODINGS),
                 suspects=[slips.squared_distance(expected)])


@category("scale")
def test_encoding_distances_rows_of_different_scale(student):
    expected = __reference__.encoding_distances(ENCODINGS_SCALED)
    expect_array(student.encoding_distances(ENCODINGS_SCALED), expected, call=student.last_call,
                 tol=tol.distances(ENCODINGS_SCALED), suspects=[slips.squared_distance(expected)])


@category("shapes")
def test_encoding_distances_one_class_and_one_dimension(student):
    expect_array(student.encoding_distances(np.array([[1.0, 2.0]])), [[0.0]], call=student.last_call)
    line = np.array([[1.0], [4.0], [2.0]])
    expect_array(student.encoding_distances(line), [[0.0, 3.0, 1.0], [3.0, 0.0, 2.0], [1.0, 2.0, 0.0]],
                 call=student.last_call, tol=tol.distances(line))


@category("unchanged")
def test_encoding_distances_read_only_input(student):
    encodings = read_only(ENCODINGS)
    got, after = student.call_with_args_after("encoding_distances", encodings)
    expect_array(got, __reference__.encoding_distances(ENCODINGS), call=student.last_call, tol=tol.distances(ENCODINGS))
    expect_unchanged({"encodings": encodings}, after, call=student.last_call)


@category("float64")
def test_encoding_distances_float64(student):
    expect_float64(student.encoding_distances(np.array([[0.0, 3.0], [4.0, 0.0]])), [[0.0, 5.0], [5.0, 0.0]],
                   call=student.last_call)


# ---- one_hot --------------------------------------------------------------------------------------
@category("known")
def test_one_hot_values(student):
    expected = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    from_one = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])  # the one-hot vectors of label − 1
    expect_array(student.one_hot(np.array([0, 2, 1]), 3), expected, call=student.last_call,
                 suspects=[Suspect("labels-from-one", from_one, Message("hint:labels-from-one"))])


@category("random")
def test_one_hot_seven_labels_four_classes(student):
    expected = __reference__.one_hot(LABELS, 4)
    expect_array(student.one_hot(LABELS, 4), expected, call=student.last_call, suspects=[slips.transposed(expected)])


@category("shapes")
def test_one_hot_shape(student):
    labels = np.array([[0, 1, 2], [2, 1, 0]])
    out = expect_numeric(student.one_hot(labels, 4), (2, 3, 4), call=student.last_call)
    claim(bool(np.all((out == 0) | (out == 1))) and np.array_equal(out.sum(axis=-1), np.ones((2, 3))),
          "claim:one_hot_single_one", call=student.last_call)
    expect_array(student.one_hot(np.array([2]), 5), [[0.0, 0.0, 1.0, 0.0, 0.0]], call=student.last_call)


@category("whole-floats")
def test_one_hot_whole_number_float_labels(student):
    expect_array(student.one_hot(np.array([1.0, 0.0, 2.0]), 3), [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
                 call=student.last_call)


@category("errors")
def test_one_hot_rejects_bad_labels(student):
    for bad in ([3], [-1], [1.5]):
        expect_raises(student, "ValueError", "one_hot", np.array(bad), 3)


@category("unchanged")
def test_one_hot_read_only_labels(student):
    labels = read_only(np.array([1, 0, 2]))
    got, after = student.call_with_args_after("one_hot", labels, 3)
    expect_array(got, [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], call=student.last_call)
    expect_unchanged({"labels": labels}, after, call=student.last_call)


@category("float64")
def test_one_hot_float64(student):
    expect_float64(student.one_hot(np.array([1, 0]), 2), [[0.0, 1.0], [1.0, 0.0]], call=student.last_call)


# ---- softmax --------------------------------------------------------------------------------------
@category("properties")
def test_softmax_sums_to_one(student):
    logits = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 5.0]])
    out = expect_numeric(student.softmax(logits), logits.shape, call=student.last_call)
    claim(bool(np.all((out >= 0) & (out <= 1))), "claim:softmax_range", call=student.last_call)
    claim(np.allclose(out.sum(axis=-1), 1.0, rtol=0, atol=1e-12), "claim:softmax_rows", call=student.last_call,
          sums=str(np.round(out.sum(axis=-1), 4)))


@category("known")
def test_softmax_known_values(student):
    expect_array(student.softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75], call=student.last_call,
                 tol=tol.probabilities())


@category("random")
def test_softmax_batch_of_three(student):
    expected = __reference__.softmax(LOGITS)
    expect_array(student.softmax(LOGITS), expected, call=student.last_call, tol=tol.probabilities(),
                 suspects=[slips.transposed(expected)])


@category("extreme")
def test_softmax_large_logits_stay_finite(student):
    out = student.softmax(np.array([1e4, 0.0, -1e4]))
    expect_array(out, [1.0, 0.0, 0.0], call=student.last_call, tol=tol.probabilities(),
                 suspects=[Suspect("no-max-subtraction", [np.nan, 0.0, 0.0], Message("hint:no-max-subtraction"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "no-max-subtraction",
                                             Message("hint:no-max-subtraction-warning")))


@category("scale")
def test_softmax_rows_of_different_scale(student):
    expect_array(student.softmax(LOGITS_SCALED), __reference__.softmax(LOGITS_SCALED), call=student.last_call,
                 tol=tol.probabilities())
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "no-max-subtraction",
                                             Message("hint:no-max-subtraction-warning")))


@category("axis")
def test_softmax_axis(student):
    logits = np.array([[0.0, 1.0], [np.log(3.0), 1.0]])
    along_rows = np.array([[1 / (1 + E), E / (1 + E)], [3 / (3 + E), E / (3 + E)]])  # softmax of each row
    whole = np.array([[1.0, E], [3.0, E]]) / (4 + 2 * E)  # softmax of all four at once
    expect_array(student.softmax(logits, axis=0), [[0.25, 0.5], [0.75, 0.5]], call=student.last_call,
                 tol=tol.probabilities(),
                 suspects=[Suspect("wrong-axis", along_rows, Message("hint:wrong-axis", fn="softmax", found=1, axis=0)),
                           Suspect("wrong-axis", whole, Message("hint:wrong-axis-all", fn="softmax"))])


@category("defaults")
def test_softmax_default_axis_is_last(student):
    expect_array(student.softmax(LOGITS_3D), __reference__.softmax(LOGITS_3D), call=student.last_call,
                 tol=tol.probabilities())


@category("shapes")
def test_softmax_one_class_and_3d(student):
    expect_array(student.softmax(np.array([[2.5], [-1.0]])), [[1.0], [1.0]], call=student.last_call, tol=tol.probabilities())
    expect_array(student.softmax(LOGITS_3D, axis=1), __reference__.softmax(LOGITS_3D, axis=1), call=student.last_call,
                 tol=tol.probabilities())


@category("claims")
def test_softmax_shift_changes_nothing(student):
    base = expect_numeric(student.softmax(LOGITS), LOGITS.shape, call=student.last_call)
    claim(np.allclose(base.sum(axis=-1), 1.0, rtol=0, atol=1e-12), "claim:softmax_rows", call=student.last_call,
          sums=str(np.round(base.sum(axis=-1), 4)))
    expect_array(student.softmax(LOGITS + 700.0), base, call=student.last_call, tol=tol.probabilities())


@category("unchanged")
def test_softmax_read_only_input(student):
    logits = read_only(LOGITS)
    got, after = student.call_with_args_after("softmax", logits)
    expect_array(got, __reference__.softmax(LOGITS), call=student.last_call, tol=tol.probabilities())
    expect_unchanged({"logits": logits}, after, call=student.last_call)


@category("float64")
def test_softmax_float64(student):
    expect_float64(student.softmax(np.array([0.0, np.log(3.0)])), [0.25, 0.75], call=student.last_call,
                   tol=tol.probabilities())


# ---- log_softmax ----------------------------------------------------------------------------------
def _given_softmax(student, z, right):
    """log_softmax written as the log of your own softmax: judged given your softmax."""
    return Given("softmax", lambda: student.softmax(z), lambda: right, np.log, tol.probabilities())


@category("known")
def test_log_softmax_known_values(student):
    expect_array(student.log_softmax(np.array([0.0, np.log(3.0)])), np.log([0.25, 0.75]), call=student.last_call,
                 tol=tol.logits([0.0, np.log(3.0)]),
                 suspects=[Suspect("missing-log", [0.25, 0.75], Message("hint:missing-log"))])


@category("random")
def test_log_softmax_batch_of_three(student):
    expect_array(student.log_softmax(LOGITS), __reference__.log_softmax(LOGITS), call=student.last_call,
                 tol=tol.logits(LOGITS), given=_given_softmax(student, LOGITS, __reference__.softmax(LOGITS)))


@category("extreme")
def test_log_softmax_finite_where_softmax_underflows(student):
    expect_array(student.log_softmax(np.array([0.0, -1e4])), [0.0, -1e4], call=student.last_call,
                 tol=tol.logits([0.0, -1e4]),
                 suspects=[Suspect("unstable-log-sum-exp", [0.0, -np.inf], Message("hint:unstable-log-sum-exp"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "encountered in log", "unstable-log-sum-exp",
                                             Message("hint:unstable-log-sum-exp-warning")))


@category("scale")
def test_log_softmax_rows_of_different_scale(student):
    expect_array(student.log_softmax(LOGITS_SCALED), __reference__.log_softmax(LOGITS_SCALED), call=student.last_call,
                 tol=tol.logits(LOGITS_SCALED))


@category("axis")
def test_log_softmax_axis0(student):
    expect_array(student.log_softmax(LOGITS, axis=0), __reference__.log_softmax(LOGITS, axis=0), call=student.last_call,
                 tol=tol.logits(LOGITS))


@category("defaults")
def test_log_softmax_default_axis_is_last(student):
    expect_array(student.log_softmax(LOGITS_3D), __reference__.log_softmax(LOGITS_3D), call=student.last_call,
                 tol=tol.logits(LOGITS_3D))


@category("shapes")
def test_log_softmax_1d_input(student):
    z = LOGITS[0]
    expect_array(student.log_softmax(z), __reference__.log_softmax(LOGITS[0]), call=student.last_call, tol=tol.logits(z))


@category("unchanged")
def test_log_softmax_read_only_input(student):
    logits = read_only(LOGITS)
    got, after = student.call_with_args_after("log_softmax", logits)
    expect_array(got, __reference__.log_softmax(LOGITS), call=student.last_call, tol=tol.logits(LOGITS))
    expect_unchanged({"logits": logits}, after, call=student.last_call)


@category("float64")
def test_log_softmax_float64(student):
    expect_float64(student.log_softmax(LOGITS), __reference__.log_softmax(LOGITS), call=student.last_call,
                   tol=tol.logits(LOGITS))


# ---- sigmoid --------------------------------------------------------------------------------------
@category("known")
def test_sigmoid_known_values(student):
    expected = np.array([0.5, 0.75, 0.25])
    expect_array(student.sigmoid(np.array([0.0, np.log(3.0), -np.log(3.0)])), expected, call=student.last_call,
                 tol=tol.probabilities(), suspects=[slips.complement(expected)])


@category("random")
def test_sigmoid_two_rows(student):
    expected = __reference__.sigmoid(Z)
    expect_array(student.sigmoid(Z), expected, call=student.last_call, tol=tol.probabilities(),
                 suspects=[slips.complement(expected)])


@category("extreme")
def test_sigmoid_large_inputs(student):
    expect_array(student.sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0], call=student.last_call,
                 tol=tol.probabilities(),
                 suspects=[Suspect("sigmoid-overflow", [0.0, 0.5, np.nan], Message("hint:sigmoid-overflow-nan"))])
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "sigmoid-overflow",
                                             Message("hint:sigmoid-overflow-warning")))


@category("claims")
def test_sigmoid_is_two_class_softmax(student):
    first = __reference__.softmax(PAIRS)[:, 0]  # the first output of softmax([z1, z2]) for each pair
    expect_array(student.sigmoid(PAIRS[:, 0] - PAIRS[:, 1]), first, call=student.last_call, tol=tol.probabilities())


@category("shapes")
def test_sigmoid_keeps_the_shape(student):
    expect_array(student.sigmoid(LOGITS_3D), __reference__.sigmoid(LOGITS_3D), call=student.last_call,
                 tol=tol.probabilities())


@category("unchanged")
def test_sigmoid_read_only_input(student):
    z = read_only(Z)
    got, after = student.call_with_args_after("sigmoid", z)
    expect_array(got, __reference__.sigmoid(Z), call=student.last_call, tol=tol.probabilities())
    expect_unchanged({"z": z}, after, call=student.last_call)


@category("float64")
def test_sigmoid_float64(student):
    expect_float64(student.sigmoid(np.array([0.0, np.log(3.0)])), [0.5, 0.75], call=student.last_call,
                   tol=tol.probabilities())


# ---- mlp_logits -----------------------------------------------------------------------------------
def _given_sigmoid(student, network, right):
    """The network built on your own sigmoid: judged given your sigmoid, whose mistake costs points there."""
    x, W1, b1, W2, b2 = network
    return Given("sigmoid", lambda: student.sigmoid(x @ W1.T + b1), lambda: right, lambda h: h @ W2.T + b2,
                 tol.probabilities())


@category("shapes")
def test_mlp_logits_shape(student):
    x, W1, W2 = np.ones((4, 3)), np.full((5, 3), 0.5), np.full((2, 5), 0.25)  # 4 examples, 5 hidden units, 2 classes
    expect_numeric(student.mlp_logits(x, W1, np.zeros(5), W2, np.zeros(2)), (4, 2), call=student.last_call)


@category("known")
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


@category("random")
def test_mlp_logits_five_examples(student):
    expected = __reference__.mlp_logits(*NETWORK)
    expect_array(student.mlp_logits(*NETWORK), expected, call=student.last_call, tol=_network_tolerance(NETWORK),
                 suspects=[slips.transposed(expected)],
                 given=_given_sigmoid(student, NETWORK, __reference__.sigmoid(NETWORK[0] @ NETWORK[1].T + NETWORK[2])))


@category("scale")
def test_mlp_logits_saturated_hidden_units(student):
    expect_array(student.mlp_logits(*SATURATED), __reference__.mlp_logits(*SATURATED), call=student.last_call,
                 tol=_network_tolerance(SATURATED),
                 given=_given_sigmoid(student, SATURATED,
                                      __reference__.sigmoid(SATURATED[0] @ SATURATED[1].T + SATURATED[2])))


@category("unchanged")
def test_mlp_logits_read_only_inputs(student):
    network = tuple(read_only(a) for a in NETWORK)
    got, after = student.call_with_args_after("mlp_logits", *network)
    expect_array(got, __reference__.mlp_logits(*NETWORK), call=student.last_call, tol=_network_tolerance(NETWORK),
                 given=_given_sigmoid(student, NETWORK, __reference__.sigmoid(NETWORK[0] @ NETWORK[1].T + NETWORK[2])))
    expect_unchanged(dict(zip(("x", "W1", "b1", "W2", "b2"), network)), after, call=student.last_call)


@category("float64")
def test_mlp_logits_float64(student):
    expect_float64(student.mlp_logits(*NETWORK), __reference__.mlp_logits(*NETWORK), call=student.last_call,
                   tol=_network_tolerance(NETWORK),
                   given=_given_sigmoid(student, NETWORK, __reference__.sigmoid(NETWORK[0] @ NETWORK[1].T + NETWORK[2])))


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
