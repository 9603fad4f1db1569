"""Each bundled sample scores what it deserves, problem by problem (samples/expected.yml), in a results.json whose
total is the exact sum of its parts."""

import json

import pytest
import yaml

from autograder.grading.engine import Grader

from helpers import ASSIGNMENTS, ROOT, assert_score_is_sum_of_tests

EXPECTED = yaml.safe_load((ROOT / "samples" / "expected.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("assignment_id", ASSIGNMENTS)
def test_samples_score_what_they_deserve(assignment_id):
    expected = EXPECTED[assignment_id]
    files = sorted((ROOT / "samples" / assignment_id).glob("*.py"))
    assert {f.stem for f in files} == set(expected), "samples/expected.yml must list every sample"
    with Grader(assignment_id) as grader:
        for path in files:
            report = grader.grade(path)
            got = {p: s.score for p, s in report.problems.items()}
            assert got == pytest.approx(expected[path.stem], abs=1e-3), f"{assignment_id}/{path.name}"
            assert_score_is_sum_of_tests(json.dumps(report.to_results()))


def test_infinite_loop_costs_one_time_limit():
    """The hanging function is stopped once at its limit and not run again for the same submission."""
    import time

    with Grader("a1_encoding") as grader:
        started = time.perf_counter()
        report = grader.grade(ROOT / "samples" / "a1_encoding" / "infinite_loop.py")
        elapsed = time.perf_counter() - started
    limit = grader.assignment.limits.call_seconds
    assert report.problems["one_hot"].score == 0
    assert "did not finish within" in report.problems["one_hot"].message
    assert elapsed < limit + 8, f"{elapsed:.1f} s for one hanging function with a {limit} s limit"
