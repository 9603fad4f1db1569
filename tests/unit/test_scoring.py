"""Scoring with exact points: splits that do not divide, partial credit, forbidden imports, late penalties, and the
property every page relies on (a total is the exact sum of its written parts)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from autograder.checker.feedback import PartialCredit
from autograder.grading import points
from autograder.grading.results import build_results
from autograder.grading.scoring import CheckOutcome, check_points, score_report

DUE = datetime(2026, 12, 8, 23, 59, tzinfo=timezone(timedelta(hours=8)))


def assignment(problems: dict, **late) -> SimpleNamespace:
    return SimpleNamespace(
        id="a9_test",
        problems=problems,
        total_points=sum(problems.values()),
        due=DUE,
        late_policy=late or {"penalty_per_day": 0.1, "max_days_late": 3},
        extensions={},
    )


def outcome(problem: str, n: int, passed: bool = True, weight: float = 1.0, fraction: float | None = None):
    error = None if passed else PartialCredit(fraction or 0.0, [])
    return CheckOutcome(
        nodeid=f"graders/a9.py::test_{problem}_{n}",
        problem=problem,
        name=f"{problem}: {n}",
        weight=weight,
        passed=passed,
        error=error,
        duration=0.01,
    )


def grade(problems: dict, outcomes: list, submitted_at=None, forbidden=None, **late):
    job = SimpleNamespace(student="ada", seed=1, submitted_at=submitted_at, submission=SimpleNamespace(sha256="0" * 64))
    return score_report(
        assignment=assignment(problems, **late),
        job=job,
        outcomes=outcomes,
        forbidden=forbidden or {},
        notes=[],
        student_output="",
        lang="en",
        graders_sha256="1" * 64,
        duration=0.5,
        visibility="after_published",
    )


def written(report) -> dict:
    """results.json as its text reads, numbers as Decimals."""
    return json.loads(json.dumps(build_results(report)), parse_float=Decimal)


def assert_adds_up(report) -> None:
    data = written(report)
    assert data["score"] == sum(t["score"] for t in data["tests"])
    for pid, problem in data["extra_data"]["kit"]["problems"].items():
        mine = [t for t in data["tests"] if t["tags"][:1] == [pid]]
        assert problem["score"] == sum(t["score"] for t in mine)
        if mine:
            assert problem["max_score"] == sum(t["max_score"] for t in mine)
    for number in [data["score"], *(t["score"] for t in data["tests"]), *(t["max_score"] for t in data["tests"])]:
        assert number == round(number, 2), number


# ---- points.py
def test_split_is_exact_and_apportion_adds_up_to_the_cent():
    shares = points.split(100, [1, 1, 1])
    assert shares == [Fraction(100, 3)] * 3
    assert points.apportion(shares) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(points.apportion(points.split(10, [1] * 7))) == Decimal("10.00")
    assert sum(points.apportion(points.split(15, [1, 2, 3, 0.5]))) == Decimal("15.00")


def test_apportion_gives_the_extra_cent_to_the_largest_remainder():
    assert points.apportion([Fraction(1, 300), Fraction(2, 300)]) == [Decimal("0.00"), Decimal("0.01")]
    assert points.apportion([Fraction(2, 3), Fraction(2, 3), Fraction(2, 3)]) == [Decimal("0.67")] * 2 + [
        Decimal("0.66")
    ]


def test_zero_weights_share_equally():
    assert points.split(9, [0, 0, 0]) == [3, 3, 3]


def test_exact_reads_floats_as_the_decimal_they_print_as():
    assert points.exact(0.1) == Fraction(1, 10)
    assert points.exact(0.9) * 100 == 90
    with pytest.raises(ValueError):
        points.exact(float("nan"))


@pytest.mark.parametrize(
    "value, shown",
    [
        (73.33333, "73.33"),
        (20.0, "20"),
        (72.5, "72.5"),
        (3.3335, "3.33"),
        (0.005, "0.01"),
        (None, "–"),
        (Decimal("42.70"), "42.7"),
        (-0.001, "0"),
    ],
)
def test_show_never_more_than_two_decimals(value, shown):
    assert points.show(value) == shown


def test_check_points_adds_up_to_the_problem():
    assert check_points(100, [1, 1, 1]) == [33.34, 33.33, 33.33]
    assert sum(map(Decimal, map(repr, check_points(15, [1, 1, 1, 1, 1, 1, 1])))) == 15


# ---- score_report
def test_a_split_that_does_not_divide_adds_up():
    report = grade({"f": 100}, [outcome("f", 1), outcome("f", 2, passed=False), outcome("f", 3)])
    assert [c.max_score for c in report.checks] == [33.34, 33.33, 33.33]
    assert [c.score for c in report.checks] == [33.34, 0.0, 33.33]
    assert report.score == 66.67 and report.problems["f"].score == 66.67
    assert_adds_up(report)


def test_a_passed_check_scores_exactly_what_it_is_worth():
    report = grade({"f": 10, "g": 20}, [outcome("f", n) for n in range(7)] + [outcome("g", n) for n in range(3)])
    assert all(c.score == c.max_score for c in report.checks)
    assert report.score == report.max_score == 30
    assert_adds_up(report)


def test_partial_credit_is_an_exact_share_rounded_once():
    report = grade(
        {"f": 25}, [outcome("f", 1, passed=False, fraction=2 / 3), outcome("f", 2, passed=False, fraction=0.5)]
    )
    assert [c.max_score for c in report.checks] == [12.5, 12.5]
    assert [c.score for c in report.checks] == [8.33, 6.25]
    assert report.score == 14.58
    assert_adds_up(report)


def test_weights_split_points_exactly():
    report = grade({"f": 10}, [outcome("f", 1, weight=2), outcome("f", 2, weight=1)])
    assert [c.max_score for c in report.checks] == [6.67, 3.33]
    assert_adds_up(report)


def test_a_forbidden_import_scores_the_problem_zero_and_still_adds_up():
    report = grade({"f": 10, "g": 5}, [outcome("f", 1), outcome("g", 1)], forbidden={"f": {"torch"}})
    assert report.problems["f"].score == 0 and report.problems["f"].status == "forbidden"
    assert report.score == 5
    assert_adds_up(report)


def test_a_problem_without_checks_scores_zero():
    report = grade({"f": 10, "g": 5}, [outcome("f", 1)])
    assert report.problems["g"].score == 0 and report.problems["g"].max_score == 5
    assert report.max_score == 15
    assert_adds_up(report)


def test_a_late_penalty_is_its_own_entry_so_the_total_is_still_the_sum():
    two_days_late = DUE + timedelta(days=1, hours=2)
    report = grade(
        {"f": 100}, [outcome("f", 1), outcome("f", 2, passed=False), outcome("f", 3)], submitted_at=two_days_late
    )
    assert report.late["days_late"] == 2 and report.late["score_on_time"] == 66.67
    assert report.score == 53.34 and report.late_penalty == -13.33  # 66.67 * 0.8 = 53.336
    data = written(report)
    penalty = [t for t in data["tests"] if t.get("extra_data", {}).get("kind") == "late_penalty"]
    assert len(penalty) == 1 and penalty[0]["score"] == Decimal("-13.33") and penalty[0]["max_score"] == 0
    assert "2 day(s) late" in penalty[0]["output"]
    assert_adds_up(report)


def test_past_the_last_day_the_penalty_takes_everything():
    report = grade({"f": 10}, [outcome("f", 1)], submitted_at=DUE + timedelta(days=9))
    assert report.score == 0 and report.late_penalty == -10
    assert_adds_up(report)


def test_on_time_there_is_no_penalty_entry():
    report = grade({"f": 10}, [outcome("f", 1)], submitted_at=DUE - timedelta(hours=1))
    assert report.late["days_late"] == 0 and report.late_penalty == 0
    assert all(t.get("extra_data", {}).get("kind") is None for t in written(report)["tests"])
    assert_adds_up(report)


@pytest.mark.parametrize("points_per_problem", [[100], [10, 15, 30, 15, 15, 15], [7, 11, 13], [33.5, 66.5]])
@pytest.mark.parametrize("checks", [3, 7, 11])
def test_any_mix_of_outcomes_adds_up(points_per_problem, checks):
    problems = {f"p{i}": p for i, p in enumerate(points_per_problem)}
    outcomes = [
        outcome(pid, n, passed=(n + i) % 3 != 0, weight=1 + n % 4, fraction=(n % 5) / 7)
        for i, pid in enumerate(problems)
        for n in range(checks)
    ]
    report = grade(problems, outcomes, submitted_at=DUE + timedelta(hours=30))
    assert_adds_up(report)
    exact = sum(
        Fraction(p)
        * sum(Fraction(1 + n % 4) * (1 if (n + i) % 3 else points.exact((n % 5) / 7)) for n in range(checks))
        / sum(Fraction(1 + n % 4) for n in range(checks))
        for i, p in enumerate(points_per_problem)
    )
    assert abs(Decimal(repr(report.late["score_on_time"])) - Decimal(float(exact))) <= Decimal("0.005") * checks * len(
        problems
    )
