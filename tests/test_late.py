"""course.yml's late policy, applied when a trusted submission time is given."""
from datetime import datetime, timedelta

import pytest

from autograder.course import load_course
from autograder.errors import KitError
from autograder.grading.late import late_factor, parse_time


@pytest.fixture(scope="module")
def a1():
    return load_course().assignment("a1_encoding")


def test_on_time_or_unknown_is_not_late(a1):
    assert late_factor(a1, None) is None
    assert late_factor(a1, a1.due - timedelta(minutes=1)) is None
    assert late_factor(a1, a1.due) is None


def test_each_started_day_costs_the_penalty(a1):
    late = late_factor(a1, a1.due + timedelta(hours=1))
    assert late["days_late"] == 1 and late["factor"] == pytest.approx(1 - a1.late_policy["penalty_per_day"])
    late = late_factor(a1, a1.due + timedelta(days=2, minutes=1))
    assert late["days_late"] == 3 and late["accepted"]


def test_past_the_last_day_scores_zero(a1):
    late = late_factor(a1, a1.due + timedelta(days=a1.late_policy["max_days_late"], hours=1))
    assert not late["accepted"] and late["factor"] == 0


def test_times_without_zone_are_utc_and_bad_times_are_refused():
    assert parse_time("2026-12-09T10:00:00").tzinfo is not None
    assert parse_time("2026-12-09T10:00:00+08:00") == datetime.fromisoformat("2026-12-09T02:00:00+00:00")
    with pytest.raises(KitError, match="not a date-time"):
        parse_time("next friday")


def test_grade_applies_the_factor_and_says_so():
    from autograder.grading.supervisor import grade_submission
    from helpers import ROOT

    course = load_course()
    due = course.assignment("a1_encoding").due
    report = grade_submission(ROOT / "samples/a1_encoding/correct.py", "a1_encoding", submitted_at=due + timedelta(hours=30))
    assert report.score == pytest.approx(80) and report.late["score_on_time"] == 100
    results = report.to_results()
    assert results["score"] == pytest.approx(80) and "2 day(s) late" in results["output"]
