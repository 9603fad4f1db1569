"""Warm graders: a long-lived process (a batch's threads, a Dask worker, nbgrader's formgrader) reuses a grader
while its graders file is the one it started with, and starts a fresh one, closing the old, once it changed;
results.json's graders_sha256 is that file's digest."""

from __future__ import annotations

import hashlib

from autograder.grading.graders_cache import WarmGraders, graders_digest
from autograder.grading.supervisor import SupervisedGrader

from helpers import ROOT

CHECK = '''
import numpy as np
import pytest


@pytest.mark.problem("softmax")
def test_softmax_known(student):
    """softmax([[0, 0]]) = [[{half}, {half}]]"""
    got = np.asarray(student.softmax(np.array([[0.0, 0.0]])))
    assert np.allclose(got, [[{half}, {half}]])
'''


def test_a_warm_grader_is_reused_until_its_graders_change(fast_course, tmp_path):
    graders = tmp_path / "graders_a1.py"
    graders.write_text(CHECK.format(half=0.5), encoding="utf-8")
    started, closed = [], []

    def start():
        started.append(SupervisedGrader("a1_encoding", course=fast_course, tests=graders))
        return started[-1]

    def close(grader):
        closed.append(grader)
        grader.close()

    warm = WarmGraders(close=close)
    try:
        first = warm.get("a1", graders, start)
        report = first.grade(ROOT / "solutions" / "a1_encoding.py")
        assert report.score > 0 and report.graders_sha256 == graders_digest(graders)
        assert graders_digest(graders) == hashlib.sha256(graders.read_bytes()).hexdigest()
        assert warm.get("a1", graders, start) is first and len(started) == 1, "unchanged graders: the same grader"

        graders.write_text(CHECK.format(half=0.25), encoding="utf-8")  # edited under the running process
        second = warm.get("a1", graders, start)
        assert second is not first and closed == [first] and first.pid is None, "the old grader is closed"
        report = second.grade(ROOT / "solutions" / "a1_encoding.py")
        assert report.score == 0 and report.graders_sha256 == graders_digest(graders), "graded by the new checks"
    finally:
        warm.close_all()
    assert closed[-1] is second


def test_beyond_its_size_the_least_recently_used_grader_is_closed():
    class Grader:
        def close(self):
            self.closed = True

    warm, graders = WarmGraders(2), ROOT / "autograder" / "graders" / "a1_encoding.py"
    a, b = warm.get("a", graders, Grader), warm.get("b", graders, Grader)
    assert warm.get("a", graders, Grader) is a  # "a" used last: "b" goes first
    c = warm.get("c", graders, Grader)
    assert getattr(b, "closed", False) and not getattr(a, "closed", False) and not getattr(c, "closed", False)
    warm.close_all()
    assert a.closed and c.closed
