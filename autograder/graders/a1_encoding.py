"""Hidden checks for a1_encoding: class encodings, one-hot, softmax, log-softmax, sigmoid, the lecture's network.

Each check calls the student's function through `student` (an isolated process) and compares on this
side with the reference, within the contract's precision scaled to the values involved (checker/tolerance.py).
Test names start with the problem id; a check's name for students is its catalogue entry
check:a1_encoding:<test> (the docstring says the same in English). Every check belongs to a category, the kind
of input it tries (`category` marker, catalogue category:<id>); the visible checks try every category of a
problem with other values, so that passing them predicts the grade. The suspects of a check are the answers
known mistakes give on its input (grading/misconceptions.py): a failure names one only on a match.

Random inputs come from the student's identity and the course's seed, from distributions where every correct
float64 computation passes with a wide margin; shapes are drawn so that no two axes of an input have the same
length (a transposed or wrongly broadcast answer cannot pass by a coincidence of shapes).
"""
import numpy as np
import pytest

from autograder.catalogue import Message
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
from autograder.checker.diagnosis import assess, from_warnings
from autograder.grading import misconceptions as mc

visible = pytest.mark.visible


def _sizes(rng, *ranges):
    """One length per (low, high) range, all different (so no two axes can be confused)."""
    chosen = []
    for low, high in ranges:
        options = [n for n in range(low, high + 1) if n not in chosen]
        chosen.append(int(rng.choice(options)))
    return chosen


# ---- encoding_distances ---------------------------------------------------------------------------
def _distance_suspects(expected):
    return lambda: mc.tried("encoding_distances", mc.squared_distance(expected))


@visible
@category("known")
def test_encoding_distances_class_ids(student, reference):
    """class ids [[1],[2],[3]]: class 1 is nearer class 2 than class 3"""
    ids = np.array([[1.0], [2.0], [3.0]])
    expected = reference.encoding_distances(ids)
    got = expect_array(student.encoding_distances(ids), expected, tol=tol.distances(ids), suspects=_distance_suspects(expected))
    claim(got[0, 1] < got[0, 2], "claim:ids_order")


@category("known")
def test_encoding_distances_one_hot_all_equal(student):
    """one-hot rows: every off-diagonal distance is √2"""
    K = 5
    expected = np.sqrt(2) * (1 - np.eye(K))
    expect_array(student.encoding_distances(np.eye(K)), expected, tol=tol.distances(np.eye(K)),
                 suspects=_distance_suspects(expected))


@pytest.mark.weight(2)
@category("random")
def test_encoding_distances_random(student, reference, rng):
    """random encodings (K classes in d dimensions, K ≠ d) match the reference"""
    K, d = _sizes(rng, (3, 7), (2, 6))
    e = rng.normal(size=(K, d))
    expected = reference.encoding_distances(e)
    expect_array(student.encoding_distances(e), expected, tol=tol.distances(e), suspects=_distance_suspects(expected))


@category("scale")
def test_encoding_distances_rows_of_different_scale(student, reference, rng):
    """rows of very different sizes (1e-3 to 1e3), two of them almost equal"""
    e = rng.normal(size=(5, 3)) * np.array([[1e-3], [1.0], [1e3], [1e3], [30.0]])
    e[3] = e[2] + rng.normal(size=3) * 1e-2  # two large rows a small distance apart
    expected = reference.encoding_distances(e)
    expect_array(student.encoding_distances(e), expected, tol=tol.distances(e), suspects=_distance_suspects(expected))


@category("shapes")
def test_encoding_distances_one_class_and_one_dimension(student, reference, rng):
    """one class gives [[0]]; encodings of one dimension give |a − b|"""
    single = rng.normal(size=(1, 4))
    expect_array(student.encoding_distances(single), np.zeros((1, 1)), tol=tol.distances(single))
    line = rng.normal(size=(6, 1))
    expected = reference.encoding_distances(line)
    expect_array(student.encoding_distances(line), expected, tol=tol.distances(line), suspects=_distance_suspects(expected))


@category("unchanged")
def test_encoding_distances_read_only_input(student, reference, rng):
    """a read-only input is left unchanged"""
    e = read_only(rng.normal(size=(4, 3)))
    got, after = student.call_with_args_after("encoding_distances", e)
    expect_array(got, reference.encoding_distances(e), tol=tol.distances(e))
    expect_unchanged({"encodings": e}, after)


@category("float64")
def test_encoding_distances_float64(student, reference):
    """a right result, as a float64 array"""
    e = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
    expect_float64(student.encoding_distances(e), reference.encoding_distances(e), tol=tol.distances(e))


# ---- one_hot --------------------------------------------------------------------------------------
def _one_hot_suspects(expected, labels, K):
    return lambda: mc.tried("one_hot", mc.transposed(expected), mc.labels_from_one(labels, K))


@visible
@category("known")
def test_one_hot_known(student, reference):
    """labels [0, 2, 1] with 3 classes"""
    labels = np.array([0, 2, 1])
    expected = reference.one_hot(labels, 3)
    expect_array(student.one_hot(labels, 3), expected, suspects=_one_hot_suspects(expected, labels, 3))


@pytest.mark.weight(2)
@category("random")
def test_one_hot_random(student, reference, rng):
    """random labels (N of them, K classes, N ≠ K) match the reference"""
    N, K = _sizes(rng, (5, 30), (2, 9))
    labels = rng.integers(0, K, size=N)
    expected = reference.one_hot(labels, K)
    expect_array(student.one_hot(labels, K), expected, suspects=_one_hot_suspects(expected, labels, K))


@category("shapes")
def test_one_hot_any_shape(student, reference, rng):
    """labels of shape (N, M) give (N, M, K); one label gives (1, K); classes nobody has stay 0"""
    labels = rng.integers(0, 4, size=(3, 5))
    expected = reference.one_hot(labels, 4)
    expect_array(student.one_hot(labels, 4), expected, suspects=_one_hot_suspects(expected, labels, 4))
    expect_array(student.one_hot(np.array([1]), 6), reference.one_hot(np.array([1]), 6))


@category("whole-floats")
def test_one_hot_whole_number_float_labels(student, reference):
    """labels written as whole-number floats (2.0) are class ids like 2"""
    labels = np.array([2.0, 0.0, 1.0, 2.0])
    expect_array(student.one_hot(labels, 3), reference.one_hot(labels, 3),
                 suspects=_one_hot_suspects(reference.one_hot(labels, 3), labels.astype(int), 3))


@category("errors")
def test_one_hot_rejects_label_too_large(student):
    """ValueError for a label ≥ num_classes"""
    expect_raises(student, "ValueError", "one_hot", np.array([0, 3]), 3)


@category("errors")
def test_one_hot_rejects_negative_label(student):
    """ValueError for a negative label"""
    expect_raises(student, "ValueError", "one_hot", np.array([1, -1]), 3)


@category("errors")
def test_one_hot_rejects_fractional_label(student):
    """ValueError for a label that is not a whole number"""
    expect_raises(student, "ValueError", "one_hot", np.array([0.0, 1.5]), 3)


@category("unchanged")
def test_one_hot_read_only_labels(student, reference, rng):
    """read-only labels are left unchanged"""
    labels = read_only(rng.integers(0, 5, size=7))
    got, after = student.call_with_args_after("one_hot", labels, 5)
    expect_array(got, reference.one_hot(labels, 5))
    expect_unchanged({"labels": labels}, after)


@category("float64")
def test_one_hot_float64(student, reference):
    """a right result, as a float64 array (0.0 and 1.0, not booleans or integers)"""
    expect_float64(student.one_hot(np.array([0, 1]), 2), np.eye(2))


# ---- softmax --------------------------------------------------------------------------------------
def _softmax_suspects(reference, z, axis=-1):
    def suspects():
        one = [mc.batch_only(reference.softmax(z, axis=axis))] if np.ndim(z) == 1 else []
        return mc.tried("softmax", mc.wrong_axis(reference.softmax, z, axis, "softmax"), mc.no_max_subtraction(z, axis),
                        mc.not_normalised(z, axis), mc.wrong_axis_without_max(z, axis), one)

    return suspects


@visible
@category("known")
def test_softmax_known(student, reference):
    """logits [[1, 2, 3]]"""
    z = np.array([[1.0, 2.0, 3.0]])
    expect_array(student.softmax(z), reference.softmax(z), tol=tol.probabilities(), suspects=_softmax_suspects(reference, z))


@pytest.mark.weight(2)
@category("random")
def test_softmax_random_batch(student, reference, rng):
    """a random batch of logits (N ≠ K) matches the reference"""
    N, K = _sizes(rng, (2, 8), (2, 6))
    z = rng.normal(scale=3.0, size=(N, K))
    expect_array(student.softmax(z), reference.softmax(z), tol=tol.probabilities(), suspects=_softmax_suspects(reference, z))


@category("properties")
def test_softmax_probabilities(student, reference, rng):
    """outputs lie in [0, 1] and sum to 1 along the axis"""
    z = rng.normal(scale=5.0, size=(6, 4))
    p = expect_numeric(student.softmax(z), z.shape)
    found = assess(p, reference.softmax(z), mc.wrong_axis(reference.softmax, z, -1, "softmax"))
    claim(bool(np.all((p >= 0) & (p <= 1))), "claim:softmax_range", evidence=found, call=student.last_call)
    claim(np.allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-12), "claim:softmax_rows", evidence=found,
          call=student.last_call, sums=str(np.round(p.sum(axis=-1), 4)))


@pytest.mark.weight(2)
@category("extreme")
def test_softmax_huge_logits(student, reference):
    """finite, correct and warning-free for logits of ±1e4"""
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1.0, -1e4 - 1.0], [5000.0, 5001.0, 4999.0]])
    expect_array(student.softmax(z), reference.softmax(z), tol=tol.probabilities(), suspects=_softmax_suspects(reference, z))
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "no-max-subtraction",
                                             Message("hint:no-max-subtraction-warning")))


@pytest.mark.weight(2)
@category("scale")
def test_softmax_rows_of_different_scale(student, reference, rng):
    """rows of very different scale (around 1e4, around 1, around −1e4) are each normalised on their own"""
    z = np.vstack([1e4 + rng.normal(size=4), rng.normal(size=4), -1e4 + 3 * rng.normal(size=4)])
    expect_array(student.softmax(z), reference.softmax(z), tol=tol.probabilities(), suspects=_softmax_suspects(reference, z))
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "no-max-subtraction",
                                             Message("hint:no-max-subtraction-warning")))


@category("axis")
def test_softmax_axis0(student, reference, rng):
    """axis=0 normalises each column"""
    z = rng.normal(size=(4, 3))
    expect_array(student.softmax(z, axis=0), reference.softmax(z, axis=0), tol=tol.probabilities(),
                 suspects=_softmax_suspects(reference, z, 0))


@category("shapes")
def test_softmax_1d_and_3d(student, reference, rng):
    """1-D and 3-D inputs (axis=1 of three)"""
    z1 = rng.normal(size=5)
    expect_array(student.softmax(z1), reference.softmax(z1), tol=tol.probabilities(), suspects=_softmax_suspects(reference, z1))
    z3 = rng.normal(size=(2, 3, 4))
    expect_array(student.softmax(z3, axis=1), reference.softmax(z3, axis=1), tol=tol.probabilities(),
                 suspects=_softmax_suspects(reference, z3, 1))


@category("defaults")
def test_softmax_default_axis_is_last(student, reference, rng):
    """left out, axis is the last one (here of a 3-D input)"""
    z = rng.normal(size=(2, 3, 4))
    expect_array(student.softmax(z), reference.softmax(z), tol=tol.probabilities(), suspects=_softmax_suspects(reference, z))


@category("shapes")
def test_softmax_one_row_and_one_class(student, reference, rng):
    """one row (1, K), and one class (N, 1), whose probability is 1"""
    row = rng.normal(size=(1, 5))
    expect_array(student.softmax(row), reference.softmax(row), tol=tol.probabilities(), suspects=_softmax_suspects(reference, row))
    column = rng.normal(size=(4, 1))
    expect_array(student.softmax(column), np.ones((4, 1)), tol=tol.probabilities(), suspects=_softmax_suspects(reference, column))


@category("claims")
def test_softmax_shift_invariance(student, reference, rng):
    """adding the same constant to every logit changes nothing"""
    z = rng.normal(size=(3, 4))
    base = expect_numeric(student.softmax(z), z.shape)
    found = assess(base, reference.softmax(z), mc.wrong_axis(reference.softmax, z, -1, "softmax"))
    claim(np.allclose(base.sum(axis=-1), 1.0, rtol=0, atol=1e-12), "claim:softmax_rows", evidence=found,
          call=student.last_call, sums=str(np.round(base.sum(axis=-1), 4)))
    expect_array(student.softmax(z + 800.0), base, tol=tol.probabilities(), suspects=lambda: mc.tried("softmax", mc.no_max_subtraction(z + 800.0)))


@category("unchanged")
def test_softmax_read_only_input(student, reference, rng):
    """a read-only input is left unchanged"""
    z = read_only(rng.normal(size=(3, 4)))
    got, after = student.call_with_args_after("softmax", z)
    expect_array(got, reference.softmax(z), tol=tol.probabilities(), suspects=_softmax_suspects(reference, z))
    expect_unchanged({"logits": z}, after)


@category("float64")
def test_softmax_float64(student, reference):
    """a right result, as a float64 array"""
    z = np.array([[0.5, 1.5, -2.0]])
    expect_float64(student.softmax(z), reference.softmax(z), tol=tol.probabilities())


# ---- log_softmax ----------------------------------------------------------------------------------
def _log_softmax_suspects(reference, z, axis=-1):
    def suspects():
        expected = reference.log_softmax(z, axis=axis)
        one = [mc.batch_only(expected)] if np.ndim(z) == 1 else []
        return mc.tried("log_softmax", mc.wrong_axis(reference.log_softmax, z, axis, "log_softmax"),
                        mc.log_of_softmax(z, axis), mc.missing_log(reference.softmax(z, axis=axis)),
                        mc.log_sum_exp_without_max(z, axis), mc.max_not_added_back(z, axis), mc.negated(expected),
                        mc.wrong_axis_log_mistakes(reference.softmax, z, axis), one)

    return suspects


def _given_softmax(student, reference, z, axis=-1):
    """log_softmax written as the log of the student's own softmax: charged under softmax where that is wrong."""
    return Given("softmax", lambda: student.softmax(z, axis=axis), lambda: reference.softmax(z, axis=axis), np.log,
                 tol.probabilities())


@visible
@pytest.mark.weight(2)
@category("random")
def test_log_softmax_random(student, reference, rng):
    """a random batch (N ≠ K) matches log(softmax(...))"""
    N, K = _sizes(rng, (2, 7), (2, 6))
    z = rng.normal(scale=2.0, size=(N, K))
    expect_array(student.log_softmax(z), reference.log_softmax(z), tol=tol.logits(z),
                 suspects=_log_softmax_suspects(reference, z), given=_given_softmax(student, reference, z))


@pytest.mark.weight(2)
@category("extreme")
def test_log_softmax_where_softmax_underflows(student, reference):
    """finite where softmax underflows to 0 (logits 0 and −1e4)"""
    z = np.array([[0.0, -1e4, 10.0], [1e4, 0.0, -1e4]])
    expect_array(student.log_softmax(z), reference.log_softmax(z), tol=tol.logits(z),
                 suspects=_log_softmax_suspects(reference, z))
    expect_no_warning(student, from_warnings(student.last_warnings, "encountered in log", "unstable-log-sum-exp",
                                             Message("hint:unstable-log-sum-exp-warning")))


@category("scale")
def test_log_softmax_rows_of_different_scale(student, reference, rng):
    """rows of very different scale (around 1e4 and around 1) are each normalised on their own"""
    z = np.vstack([1e4 + rng.normal(size=3), rng.normal(size=3)])
    expect_array(student.log_softmax(z), reference.log_softmax(z), tol=tol.logits(z),
                 suspects=_log_softmax_suspects(reference, z))


@category("axis")
def test_log_softmax_axis0(student, reference, rng):
    """axis=0"""
    z = rng.normal(size=(3, 5))
    expect_array(student.log_softmax(z, axis=0), reference.log_softmax(z, axis=0), tol=tol.logits(z),
                 suspects=_log_softmax_suspects(reference, z, 0), given=_given_softmax(student, reference, z, 0))


@category("shapes")
def test_log_softmax_1d_input(student, reference, rng):
    """a 1-D vector of logits"""
    z = rng.normal(size=6)
    expect_array(student.log_softmax(z), reference.log_softmax(z), tol=tol.logits(z),
                 suspects=_log_softmax_suspects(reference, z), given=_given_softmax(student, reference, z))


@category("defaults")
def test_log_softmax_default_axis_is_last(student, reference, rng):
    """left out, axis is the last one (here of a 3-D input)"""
    z = rng.normal(size=(2, 4, 3))
    expect_array(student.log_softmax(z), reference.log_softmax(z), tol=tol.logits(z),
                 suspects=_log_softmax_suspects(reference, z), given=_given_softmax(student, reference, z))


@category("unchanged")
def test_log_softmax_read_only_input(student, reference, rng):
    """a read-only input is left unchanged"""
    z = read_only(rng.normal(size=(3, 4)))
    got, after = student.call_with_args_after("log_softmax", z)
    expect_array(got, reference.log_softmax(z), tol=tol.logits(z), suspects=_log_softmax_suspects(reference, z),
                 given=_given_softmax(student, reference, z))
    expect_unchanged({"logits": z}, after)


@category("float64")
def test_log_softmax_float64(student, reference):
    """a right result, as a float64 array"""
    z = np.array([[0.5, 1.5, -2.0]])
    expect_float64(student.log_softmax(z), reference.log_softmax(z), tol=tol.logits(z))


# ---- sigmoid --------------------------------------------------------------------------------------
def _sigmoid_suspects(z):
    return lambda: mc.tried("sigmoid", mc.sigmoid_flipped(z), mc.sigmoid_exp_ratio(z), mc.sigmoid_flipped_exp_ratio(z))


@visible
@category("known")
def test_sigmoid_known(student):
    """σ(0) = 0.5, σ(2) = 1/(1+e^−2)"""
    z = np.array([0.0, 2.0, -2.0])
    expect_array(student.sigmoid(z), 1 / (1 + np.exp(-z)), tol=tol.probabilities(), suspects=_sigmoid_suspects(z))


@pytest.mark.weight(2)
@category("random")
def test_sigmoid_random(student, reference, rng):
    """random 2-D input matches the reference"""
    z = rng.normal(scale=4.0, size=(4, 3))
    expect_array(student.sigmoid(z), reference.sigmoid(z), tol=tol.probabilities(), suspects=_sigmoid_suspects(z))


@pytest.mark.weight(2)
@category("extreme")
def test_sigmoid_large_inputs(student, reference):
    """no overflow warning for |z| up to 1000"""
    z = np.array([-1000.0, -750.0, -40.0, 0.0, 40.0, 750.0, 1000.0])
    expect_array(student.sigmoid(z), reference.sigmoid(z), tol=tol.probabilities(), suspects=_sigmoid_suspects(z))
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "sigmoid-overflow",
                                             Message("hint:sigmoid-overflow-warning")))


@category("claims")
def test_sigmoid_is_two_class_softmax(student, reference, rng):
    """σ(z1 − z2) equals the first output of softmax([z1, z2])"""
    z = rng.normal(scale=3.0, size=(6, 2))
    expect_array(student.sigmoid(z[:, 0] - z[:, 1]), reference.softmax(z)[:, 0], tol=tol.probabilities(),
                 suspects=_sigmoid_suspects(z[:, 0] - z[:, 1]))


@category("shapes")
def test_sigmoid_keeps_any_shape(student, reference, rng):
    """elementwise on a 1-D vector and a 3-D array: the shape is kept"""
    z1 = rng.normal(scale=3.0, size=7)
    expect_array(student.sigmoid(z1), reference.sigmoid(z1), tol=tol.probabilities(), suspects=_sigmoid_suspects(z1))
    z3 = rng.normal(scale=3.0, size=(2, 3, 4))
    expect_array(student.sigmoid(z3), reference.sigmoid(z3), tol=tol.probabilities(), suspects=_sigmoid_suspects(z3))


@category("unchanged")
def test_sigmoid_read_only_input(student, reference, rng):
    """a read-only input is left unchanged"""
    z = read_only(rng.normal(scale=3.0, size=(3, 2)))
    got, after = student.call_with_args_after("sigmoid", z)
    expect_array(got, reference.sigmoid(z), tol=tol.probabilities(), suspects=_sigmoid_suspects(z))
    expect_unchanged({"z": z}, after)


@category("float64")
def test_sigmoid_float64(student, reference):
    """a right result, as a float64 array"""
    z = np.array([-1.0, 0.5])
    expect_float64(student.sigmoid(z), reference.sigmoid(z), tol=tol.probabilities())


# ---- mlp_logits -----------------------------------------------------------------------------------
def _network(rng, N, D, H, K, scale=1.0):
    return (rng.normal(size=(N, D)), scale * rng.normal(size=(H, D)), rng.normal(size=H), rng.normal(size=(K, H)),
            rng.normal(size=K))


def _random_network(rng, scale=1.0):
    return _network(rng, *_sizes(rng, (2, 8), (2, 6), (2, 7), (2, 5)), scale=scale)


def _mlp_suspects(expected, args):
    return lambda: mc.tried("mlp_logits", mc.softmax_of_logits(expected), mc.network_without_activation(*args),
                            mc.network_without_bias(*args), mc.transposed(expected))


def _mlp_tolerance(args):
    """The output layer sums products of W' with hidden units; a rounding of the pre-activation (its own scale)
    reaches them through σ, whose slope is at most 1/4."""
    x, W1, b1, W2, b2 = (np.asarray(a, float) for a in args)
    pre = float(np.max(np.abs(x) @ np.abs(W1).T + np.abs(b1)))
    return tol.of_scale(float(np.max(np.abs(W2).sum(axis=1) * (1 + pre / 4) + np.abs(b2))))


def _given_sigmoid(student, reference, args):
    """The network built on the student's own sigmoid: charged under sigmoid where that is wrong."""
    x, W1, b1, W2, b2 = args
    pre = x @ W1.T + b1
    return Given("sigmoid", lambda: student.sigmoid(pre), lambda: reference.sigmoid(pre), lambda h: h @ W2.T + b2,
                 tol.probabilities())


def _expect_network(student, reference, args):
    expected = reference.mlp_logits(*args)
    expect_array(student.mlp_logits(*args), expected, tol=_mlp_tolerance(args), suspects=_mlp_suspects(expected, args),
                 given=_given_sigmoid(student, reference, args))


@visible
@category("shapes")
def test_mlp_logits_shape(student, reference, rng):
    """x (N, D) gives logits (N, K)"""
    _expect_network(student, reference, _network(rng, 4, 3, 5, 2))


@pytest.mark.weight(2)
@category("random")
def test_mlp_logits_random(student, reference, rng):
    """y = b' + W' σ(b + W x) on a random network (N, D, H, K all different)"""
    _expect_network(student, reference, _random_network(rng))


@category("shapes")
def test_mlp_logits_single_example_and_unit(student, reference, rng):
    """a batch of one example, and a network of one hidden unit and one output"""
    _expect_network(student, reference, _network(rng, 1, 4, 3, 2))
    _expect_network(student, reference, _network(rng, 5, 3, 1, 1))


@category("scale")
def test_mlp_logits_saturated_hidden_units(student, reference, rng):
    """weights 100 times larger: hidden units saturate at 0 and 1"""
    _expect_network(student, reference, _random_network(rng, scale=100.0))


@category("unchanged")
def test_mlp_logits_read_only_inputs(student, reference, rng):
    """read-only inputs and weights are left unchanged"""
    args = tuple(read_only(a) for a in _random_network(rng))
    got, after = student.call_with_args_after("mlp_logits", *args)
    expected = reference.mlp_logits(*args)
    expect_array(got, expected, tol=_mlp_tolerance(args), suspects=_mlp_suspects(expected, args),
                 given=_given_sigmoid(student, reference, args))
    expect_unchanged(dict(zip(("x", "W1", "b1", "W2", "b2"), args)), after)


@category("float64")
def test_mlp_logits_float64(student, reference, rng):
    """a right result, as a float64 array"""
    args = _network(rng, 2, 3, 4, 5)
    expect_float64(student.mlp_logits(*args), reference.mlp_logits(*args), tol=_mlp_tolerance(args),
                   given=_given_sigmoid(student, reference, args))
