"""Visible sanity checks for a1_encoding: shapes, a few known values, the error cases.

They catch slips; the grader runs more (and different) tests. Run `pytest` in this folder.
"""
import numpy as np


def _raises_value_error(call, *args):
    """True when call(*args) raises ValueError; any other error (NotImplementedError...) propagates.

    Through the grading engine the student's exception arrives by name, as `type_name`.
    """
    try:
        call(*args)
    except ValueError:
        return True
    except Exception as exc:
        if getattr(exc, "type_name", None) == "ValueError":
            return True
        raise
    return False


def test_encoding_distances_shape_and_diagonal(student):
    d = np.asarray(student.encoding_distances(np.array([[1.0], [2.0], [3.0]])))
    assert d.shape == (3, 3), f"3 classes give a (3, 3) matrix, got shape {d.shape}"
    assert np.allclose(np.diag(d), 0.0), f"a class is at distance 0 from itself; the diagonal was {np.diag(d)}"
    assert np.allclose(d, d.T), f"distances are symmetric, got\n{d}"


def test_encoding_distances_class_ids(student):
    d = np.asarray(student.encoding_distances(np.array([[1.0], [2.0], [3.0]])))
    expected = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 1.0, 0.0]])
    assert np.allclose(d, expected), f"ids 1, 2, 3: class 1 is 1 from class 2 and 2 from class 3; got\n{d}"


def test_encoding_distances_one_hot_all_equal(student):
    d = np.asarray(student.encoding_distances(np.eye(4)))
    off_diagonal = d[~np.eye(4, dtype=bool)]
    assert np.allclose(off_diagonal, np.sqrt(2)), f"one-hot rows are all √2 apart, got\n{d}"


def test_one_hot_shape(student):
    out = np.asarray(student.one_hot(np.array([[0, 1, 2], [2, 1, 0]]), 4))
    assert out.shape == (2, 3, 4), f"labels of shape (2, 3) with 4 classes give shape (2, 3, 4), got {out.shape}"


def test_one_hot_values(student):
    out = np.asarray(student.one_hot(np.array([0, 2, 1]), 3))
    expected = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    assert np.array_equal(out, expected), f"one_hot([0, 2, 1], 3) should be\n{expected}\ngot\n{out}"


def test_one_hot_rejects_bad_labels(student):
    for bad in ([3], [-1], [1.5]):
        assert _raises_value_error(student.one_hot, np.array(bad), 3), f"one_hot(np.array({bad}), 3) should raise ValueError: {bad[0]} is not a class of 3"


def test_softmax_sums_to_one(student):
    logits = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 5.0]])
    out = np.asarray(student.softmax(logits))
    assert out.shape == logits.shape, f"softmax keeps the shape {logits.shape}, got {out.shape}"
    assert np.all((out >= 0) & (out <= 1)), f"probabilities lie in [0, 1], got\n{out}"
    assert np.allclose(out.sum(axis=-1), 1.0), f"each row sums to 1, got sums {out.sum(axis=-1)}"


def test_softmax_known_values(student):
    out = np.asarray(student.softmax(np.array([0.0, np.log(3.0)])))
    assert np.allclose(out, [0.25, 0.75]), f"softmax([0, ln 3]) = [1/4, 3/4], got {out}"


def test_softmax_large_logits_stay_finite(student):
    out = np.asarray(student.softmax(np.array([1e4, 0.0, -1e4])))
    assert np.all(np.isfinite(out)), f"softmax([1e4, 0, -1e4]) must be finite (subtract the max first), got {out}"
    assert np.allclose(out, [1.0, 0.0, 0.0]), f"softmax([1e4, 0, -1e4]) is [1, 0, 0] to double precision, got {out}"


def test_softmax_axis(student):
    logits = np.array([[0.0, 1.0], [np.log(3.0), 1.0]])
    out = np.asarray(student.softmax(logits, axis=0))
    expected = np.array([[0.25, 0.5], [0.75, 0.5]])
    assert np.allclose(out, expected), f"with axis=0 each column sums to 1: expected\n{expected}\ngot\n{out}"


def test_log_softmax_known_values(student):
    out = np.asarray(student.log_softmax(np.array([0.0, np.log(3.0)])))
    assert np.allclose(out, np.log([0.25, 0.75])), f"log_softmax([0, ln 3]) = [ln 1/4, ln 3/4], got {out}"


def test_log_softmax_finite_where_softmax_underflows(student):
    out = np.asarray(student.log_softmax(np.array([0.0, -1e4])))
    assert np.all(np.isfinite(out)), f"log_softmax([0, -1e4]) must be finite (no log of 0), got {out}"
    assert np.allclose(out, [0.0, -1e4]), f"log_softmax([0, -1e4]) is [0, -1e4], got {out}"


def test_sigmoid_known_values(student):
    out = np.asarray(student.sigmoid(np.array([0.0, np.log(3.0), -np.log(3.0)])))
    assert np.allclose(out, [0.5, 0.75, 0.25]), f"sigmoid([0, ln 3, -ln 3]) = [1/2, 3/4, 1/4], got {out}"


def test_sigmoid_large_inputs(student):
    out = np.asarray(student.sigmoid(np.array([-1e4, 1e4])))
    assert np.all(np.isfinite(out)) and np.allclose(out, [0.0, 1.0]), f"sigmoid([-1e4, 1e4]) is [0, 1], got {out}"


def test_mlp_logits_shape(student):
    rng = np.random.default_rng(0)
    x, W1, W2 = rng.normal(size=(4, 3)), rng.normal(size=(5, 3)), rng.normal(size=(2, 5))
    out = np.asarray(student.mlp_logits(x, W1, np.zeros(5), W2, np.zeros(2)))
    assert out.shape == (4, 2), f"x (4, 3), 5 hidden units, 2 classes give (4, 2) logits, got {out.shape}"


def test_mlp_logits_known_value(student):
    # W1 = 0 and b1 = 0: every hidden unit is σ(0) = 1/2, so y = b2 + W2 @ [1/2, 1/2, 1/2, 1/2]
    x = np.ones((2, 3))
    W2 = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 2.0]])
    b2 = np.array([0.5, -1.0])
    out = np.asarray(student.mlp_logits(x, np.zeros((4, 3)), np.zeros(4), W2, b2))
    expected = np.array([[2.5, 0.0], [2.5, 0.0]])
    assert np.allclose(out, expected), f"y = b' + W' σ(b + W x): expected\n{expected}\ngot\n{out}"
