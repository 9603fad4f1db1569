"""Checks for a1_encoding of which one makes the trusted side itself stop responding (tests of the watchdog).

`test_b_trusted_side_hangs` runs a C loop that holds the interpreter's lock when the submission's softmax
returns a first entry of 42.0: no thread or signal handler of the grading process runs again until it ends.
Before it one check passes, after it one more would: the watchdog must keep the first and zero the others.
"""

import numpy as np
import pytest


@pytest.mark.problem("one_hot")
def test_a_one_hot(student):
    """one_hot([0, 1], 2) is the identity"""
    got = np.asarray(student.one_hot(np.array([0, 1]), 2))
    assert np.array_equal(got, np.eye(2))


@pytest.mark.problem("softmax")
def test_b_trusted_side_hangs(student):
    """the trusted side hangs on the value 42"""
    got = np.asarray(student.softmax(np.array([[1.0, 2.0]])))
    if got.flat[0] == 42.0:
        sum(range(10**14))  # minutes to hours inside one C call that never releases the lock


@pytest.mark.problem("sigmoid")
def test_c_sigmoid(student):
    """sigmoid(0) = 0.5"""
    assert float(np.asarray(student.sigmoid(np.array([0.0])))[0]) == 0.5
