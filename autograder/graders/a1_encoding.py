"""Hidden checks for a1_encoding: class encodings, one-hot, softmax, log-softmax, sigmoid, the lecture's network.

Each check calls the student's function through `student` (an isolated process) and compares on this
side with the reference. Test names start with the problem id; a check's name for students is its catalogue
entry check:a1_encoding:<test> (the docstring says the same in English). The suspects of a check are the
answers known mistakes give on its input (grading/misconceptions.py): a failure names one only on a match.
"""
import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.grading import misconceptions as mc
from autograder.grading.compare import (
    claim,
    expect_array,
    expect_no_warning,
    expect_numeric,
    expect_raises,
    expect_unchanged,
)
from autograder.grading.diagnosis import assess, from_warnings

visible = pytest.mark.visible


# ---- encoding_distances ---------------------------------------------------------------------------
@visible
def test_encoding_distances_class_ids(student, reference):
    """class ids [[1],[2],[3]]: class 1 is nearer class 2 than class 3"""
    ids = np.array([[1.0], [2.0], [3.0]])
    expected = reference.encoding_distances(ids)
    got = expect_array(student.encoding_distances(ids), expected, suspects=lambda: [mc.squared_distance(expected)])
    claim(got[0, 1] < got[0, 2], "claim:ids_order")


def test_encoding_distances_one_hot_all_equal(student):
    """one-hot rows: every off-diagonal distance is √2"""
    K = 5
    expected = np.sqrt(2) * (1 - np.eye(K))
    expect_array(student.encoding_distances(np.eye(K)), expected, suspects=lambda: [mc.squared_distance(expected)])


def test_encoding_distances_random(student, reference, rng):
    """random encodings match the reference"""
    e = rng.normal(size=(int(rng.integers(3, 8)), int(rng.integers(2, 6))))
    expected = reference.encoding_distances(e)
    expect_array(student.encoding_distances(e), expected, suspects=lambda: [mc.squared_distance(expected)])


def test_encoding_distances_int_input_unchanged(student, reference, rng):
    """integer input, left unchanged"""
    e = rng.integers(-3, 4, size=(4, 3))
    got, after = student.call_with_args_after("encoding_distances", e.copy())
    expect_array(got, reference.encoding_distances(e))
    expect_unchanged({"encodings": e}, after)


# ---- one_hot --------------------------------------------------------------------------------------
def _one_hot_suspects(expected, labels, K):
    return lambda: [mc.transposed(expected), mc.labels_from_one(labels, K)]


@visible
def test_one_hot_known(student, reference):
    """labels [0, 2, 1] with 3 classes"""
    labels = np.array([0, 2, 1])
    expected = reference.one_hot(labels, 3)
    expect_array(student.one_hot(labels, 3), expected, suspects=_one_hot_suspects(expected, labels, 3))


def test_one_hot_random(student, reference, rng):
    """random labels match the reference"""
    K = int(rng.integers(2, 10))
    labels = rng.integers(0, K, size=int(rng.integers(5, 30)))
    expected = reference.one_hot(labels, K)
    expect_array(student.one_hot(labels, K), expected, suspects=_one_hot_suspects(expected, labels, K))


def test_one_hot_any_shape(student, reference, rng):
    """labels of shape (N, M) give shape (N, M, K)"""
    labels = rng.integers(0, 4, size=(3, 5))
    expected = reference.one_hot(labels, 4)
    expect_array(student.one_hot(labels, 4), expected, suspects=_one_hot_suspects(expected, labels, 4))


def test_one_hot_rejects_label_too_large(student):
    """ValueError for a label ≥ num_classes"""
    expect_raises(student, "ValueError", "one_hot", np.array([0, 3]), 3)


def test_one_hot_rejects_negative_label(student):
    """ValueError for a negative label"""
    expect_raises(student, "ValueError", "one_hot", np.array([1, -1]), 3)


def test_one_hot_rejects_fractional_label(student):
    """ValueError for a label that is not a whole number"""
    expect_raises(student, "ValueError", "one_hot", np.array([0.0, 1.5]), 3)


# ---- softmax --------------------------------------------------------------------------------------
def _softmax_suspects(reference, z, axis=-1):
    return lambda: [*mc.wrong_axis(reference.softmax, z, axis, "softmax"), mc.no_max_subtraction(z, axis)]


@visible
def test_softmax_known(student, reference):
    """logits [[1, 2, 3]]"""
    z = np.array([[1.0, 2.0, 3.0]])
    expect_array(student.softmax(z), reference.softmax(z), suspects=_softmax_suspects(reference, z))


def test_softmax_random_batch(student, reference, rng):
    """a random batch of logits matches the reference"""
    z = rng.normal(scale=3.0, size=(int(rng.integers(2, 9)), int(rng.integers(2, 7))))
    expect_array(student.softmax(z), reference.softmax(z), suspects=_softmax_suspects(reference, z))


def test_softmax_probabilities(student, reference, rng):
    """outputs lie in [0, 1] and sum to 1 along the axis"""
    z = rng.normal(scale=5.0, size=(6, 4))
    p = expect_numeric(student.softmax(z), z.shape)
    found = assess(p, reference.softmax(z), mc.wrong_axis(reference.softmax, z, -1, "softmax"))
    claim(bool(np.all((p >= 0) & (p <= 1))), "claim:softmax_range", evidence=found, call=student.last_call)
    claim(np.allclose(p.sum(axis=-1), 1.0), "claim:softmax_rows", evidence=found, call=student.last_call,
          sums=str(np.round(p.sum(axis=-1), 4)))


@pytest.mark.weight(2)
def test_softmax_huge_logits(student, reference):
    """finite, correct and warning-free for logits of ±1e4"""
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1.0, -1e4 - 1.0], [5000.0, 5001.0, 4999.0]])
    expect_array(student.softmax(z), reference.softmax(z), suspects=_softmax_suspects(reference, z))
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "no-max-subtraction",
                                             Message("hint:no-max-subtraction-warning")))


def test_softmax_axis0(student, reference, rng):
    """axis=0 normalises each column"""
    z = rng.normal(size=(4, 3))
    expect_array(student.softmax(z, axis=0), reference.softmax(z, axis=0), suspects=_softmax_suspects(reference, z, 0))


def test_softmax_1d_and_3d(student, reference, rng):
    """1-D and 3-D inputs"""
    z1 = rng.normal(size=5)
    expect_array(student.softmax(z1), reference.softmax(z1))
    z3 = rng.normal(size=(2, 3, 4))
    expect_array(student.softmax(z3, axis=1), reference.softmax(z3, axis=1),
                 suspects=_softmax_suspects(reference, z3, 1))


def test_softmax_shift_invariance(student, reference, rng):
    """adding the same constant to every logit changes nothing"""
    z = rng.normal(size=(3, 4))
    base = expect_numeric(student.softmax(z), z.shape)
    found = assess(base, reference.softmax(z), mc.wrong_axis(reference.softmax, z, -1, "softmax"))
    claim(np.allclose(base.sum(axis=-1), 1.0), "claim:softmax_rows", evidence=found, call=student.last_call,
          sums=str(np.round(base.sum(axis=-1), 4)))
    expect_array(student.softmax(z + 800.0), base, suspects=lambda: [mc.no_max_subtraction(z + 800.0)])


def test_softmax_int_input_unchanged(student, reference):
    """integer logits work, and the input is left unchanged"""
    z = np.array([[1, 2, 3], [0, 0, 0]])
    got, after = student.call_with_args_after("softmax", z.copy())
    expect_array(got, reference.softmax(z), suspects=_softmax_suspects(reference, z))
    expect_unchanged({"logits": z}, after)


# ---- log_softmax ----------------------------------------------------------------------------------
def _log_softmax_suspects(reference, z, axis=-1):
    return lambda: [*mc.wrong_axis(reference.log_softmax, z, axis, "log_softmax"), *mc.log_of_softmax(z, axis),
                    mc.missing_log(reference.softmax(z, axis=axis))]


@visible
def test_log_softmax_random(student, reference, rng):
    """a random batch matches log(softmax(...))"""
    z = rng.normal(scale=2.0, size=(5, 4))
    expect_array(student.log_softmax(z), reference.log_softmax(z), suspects=_log_softmax_suspects(reference, z))


@pytest.mark.weight(2)
def test_log_softmax_where_softmax_underflows(student, reference):
    """finite where softmax underflows to 0 (logits 0 and −1e4)"""
    z = np.array([[0.0, -1e4, 10.0], [1e4, 0.0, -1e4]])
    expect_array(student.log_softmax(z), reference.log_softmax(z), suspects=_log_softmax_suspects(reference, z))
    expect_no_warning(student, from_warnings(student.last_warnings, "encountered in log", "unstable-log-sum-exp",
                                             Message("hint:unstable-log-sum-exp-warning")))


def test_log_softmax_axis0(student, reference, rng):
    """axis=0"""
    z = rng.normal(size=(3, 5))
    expect_array(student.log_softmax(z, axis=0), reference.log_softmax(z, axis=0),
                 suspects=_log_softmax_suspects(reference, z, 0))


# ---- sigmoid --------------------------------------------------------------------------------------
def _sigmoid_suspects(z):
    return lambda: [mc.sigmoid_flipped(z), mc.sigmoid_exp_ratio(z)]


@visible
def test_sigmoid_known(student):
    """σ(0) = 0.5, σ(2) = 1/(1+e^−2)"""
    z = np.array([0.0, 2.0, -2.0])
    expect_array(student.sigmoid(z), 1 / (1 + np.exp(-z)), suspects=_sigmoid_suspects(z))


def test_sigmoid_random(student, reference, rng):
    """random 2-D input matches the reference"""
    z = rng.normal(scale=4.0, size=(4, 3))
    expect_array(student.sigmoid(z), reference.sigmoid(z), suspects=_sigmoid_suspects(z))


@pytest.mark.weight(2)
def test_sigmoid_large_inputs(student, reference):
    """no overflow warning for |z| up to 1000"""
    z = np.array([-1000.0, -750.0, -40.0, 0.0, 40.0, 750.0, 1000.0])
    expect_array(student.sigmoid(z), reference.sigmoid(z), suspects=_sigmoid_suspects(z))
    expect_no_warning(student, from_warnings(student.last_warnings, "overflow encountered in exp", "sigmoid-overflow",
                                             Message("hint:sigmoid-overflow-warning")))


def test_sigmoid_is_two_class_softmax(student, reference, rng):
    """σ(z1 − z2) equals the first output of softmax([z1, z2])"""
    z = rng.normal(scale=3.0, size=(6, 2))
    expect_array(student.sigmoid(z[:, 0] - z[:, 1]), reference.softmax(z)[:, 0],
                 suspects=_sigmoid_suspects(z[:, 0] - z[:, 1]))


def test_sigmoid_int_input(student, reference):
    """integer input"""
    z = np.array([-3, 0, 3])
    expect_array(student.sigmoid(z), reference.sigmoid(z), suspects=_sigmoid_suspects(z))


# ---- mlp_logits -----------------------------------------------------------------------------------
def _network(rng, N, D, H, K):
    return (rng.normal(size=(N, D)), rng.normal(size=(H, D)), rng.normal(size=H), rng.normal(size=(K, H)), rng.normal(size=K))


def _mlp_suspects(expected, args):
    return lambda: [mc.softmax_of_logits(expected), mc.network_without_activation(*args), *mc.network_without_bias(*args),
                    mc.transposed(expected)]


@visible
def test_mlp_logits_shape(student, reference, rng):
    """x (N, D) gives logits (N, K)"""
    args = _network(rng, 4, 3, 5, 2)
    expected = reference.mlp_logits(*args)
    expect_array(student.mlp_logits(*args), expected, suspects=_mlp_suspects(expected, args))


@pytest.mark.weight(2)
def test_mlp_logits_random(student, reference, rng):
    """y = b' + W' σ(b + W x) on a random network"""
    args = _network(rng, int(rng.integers(2, 9)), int(rng.integers(2, 6)), int(rng.integers(2, 8)), int(rng.integers(2, 5)))
    expected = reference.mlp_logits(*args)
    expect_array(student.mlp_logits(*args), expected, suspects=_mlp_suspects(expected, args))


def test_mlp_logits_single_example(student, reference, rng):
    """a batch of one example"""
    args = _network(rng, 1, 4, 3, 3)
    expected = reference.mlp_logits(*args)
    expect_array(student.mlp_logits(*args), expected, suspects=_mlp_suspects(expected, args))
