"""course.yml's late policy, applied from trusted times only: course.yml's timezone, extensions, and the batch's
sources of submission times (nbgrader's timestamp.txt, a Gradescope export, a CSV, file times when asked)."""

import csv
import json
import os
import shutil
from datetime import datetime, timedelta

import pytest
import yaml

from autograder.batch import run_batch
from autograder.course import load_course
from autograder.errors import KitError
from autograder.grading.late import due_for, late_factor, parse_time, read_time

from helpers import ROOT

CORRECT = ROOT / "samples/a1_encoding/correct.py"


@pytest.fixture(scope="module")
def a1():
    return load_course().assignment("a1_encoding")


def course_with(tmp_path, **a1_settings):
    """The kit's course.yml with extra settings for a1 (extensions, late_policy...)."""
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["assignments"]["a1_encoding"].update(a1_settings)
    path = tmp_path / "course.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_time_is_no_late_record_and_on_time_is_day_zero(a1):
    assert late_factor(a1, None) is None
    for moment in (a1.due - timedelta(minutes=1), a1.due):
        late = late_factor(a1, moment)
        assert late["days_late"] == 0 and late["factor"] == 1 and late["accepted"]


def test_each_started_day_costs_the_penalty(a1):
    late = late_factor(a1, a1.due + timedelta(hours=1))
    assert late["days_late"] == 1 and late["factor"] == pytest.approx(1 - a1.late_policy["penalty_per_day"])
    late = late_factor(a1, a1.due + timedelta(days=2, minutes=1))
    assert late["days_late"] == 3 and late["accepted"]


def test_past_the_last_day_scores_zero(a1):
    late = late_factor(a1, a1.due + timedelta(days=a1.late_policy["max_days_late"], hours=1))
    assert not late["accepted"] and late["factor"] == 0


def test_times_without_offset_are_read_in_the_course_timezone():
    course = load_course()
    assert course.timezone == "Asia/Taipei"
    assert parse_time("2026-12-09T10:00", course.timezone) == datetime.fromisoformat("2026-12-09T02:00:00+00:00")
    assert parse_time("2026-12-09T10:00:00+08:00") == datetime.fromisoformat("2026-12-09T02:00:00+00:00")
    # what nbgrader's exchange and Gradescope write
    assert read_time("2026-12-09 02:00:00.000000 UTC", None) == datetime.fromisoformat("2026-12-09T02:00:00+00:00")
    assert read_time("2026-12-09 10:00:00 +0800", None) == datetime.fromisoformat("2026-12-09T02:00:00+00:00")
    assert read_time("2026-12-09T02:00:00Z", None) == datetime.fromisoformat("2026-12-09T02:00:00+00:00")
    with pytest.raises(KitError, match="no UTC offset and course.yml has no timezone"):
        parse_time("2026-12-09T10:00:00")
    with pytest.raises(KitError, match="not a date-time"):
        parse_time("next friday", "Asia/Taipei")


def test_grade_cli_reads_an_unzoned_time_in_the_course_timezone(tmp_path):
    from autograder.cli import main

    # 2026-12-09T20:00 in Taipei is 20 h after the due date (one started day); read as UTC it would be 28 h (two)
    code = main(
        [
            "grade",
            str(CORRECT),
            "-a",
            "a1_encoding",
            "--submitted-at",
            "2026-12-09T20:00",
            "--results",
            str(tmp_path / "r.json"),
        ]
    )
    assert code == 0
    late = json.loads((tmp_path / "r.json").read_text())["extra_data"]["kit"]["late"]
    assert late["days_late"] == 1 and late["submitted_at"] == "2026-12-09T20:00:00+08:00"


def test_extensions_move_a_students_due_date(tmp_path):
    course = load_course(
        course_with(tmp_path, extensions={"alice": {"days": 2}, "bob@example.edu": {"due": "2026-12-12T12:00"}})
    )
    a1 = course.assignment("a1_encoding")
    assert due_for(a1, "alice") == a1.due + timedelta(days=2)
    assert due_for(a1, "bob@example.edu") == datetime.fromisoformat("2026-12-12T12:00+08:00")
    assert due_for(a1, "carol") == a1.due
    assert due_for(a1, "bob@example.edu+carol@example.edu") == due_for(a1, "bob@example.edu"), (
        "a group: its latest member"
    )
    moment = a1.due + timedelta(days=1, hours=5)
    assert late_factor(a1, moment, "alice")["days_late"] == 0 and late_factor(a1, moment, "alice")["extended"]
    assert late_factor(a1, moment, "carol")["days_late"] == 2


@pytest.mark.parametrize(
    "grant, message",
    [
        ({"bob": {"days": 0}}, "extensions.bob.days"),
        ({"bob": {"due": "2026-12-01T00:00"}}, "is not after the due date"),
        ({"bob": {"days": 1, "due": "2026-12-12T00:00"}}, "extensions.bob"),
        ({"bob": {"weeks": 1}}, "extensions.bob"),
    ],
)
def test_bad_extensions_are_one_line_errors(tmp_path, grant, message):
    with pytest.raises(KitError, match=message):
        load_course(course_with(tmp_path, extensions=grant))


def test_grade_applies_the_factor_and_says_so():
    from autograder.grading.supervisor import grade_submission

    due = load_course().assignment("a1_encoding").due
    report = grade_submission(CORRECT, "a1_encoding", submitted_at=due + timedelta(hours=30))
    assert report.score == pytest.approx(80) and report.late["score_on_time"] == 100
    results = report.to_results()
    assert results["score"] == pytest.approx(80) and "2 day(s) late" in results["output"]
    on_time = grade_submission(CORRECT, "a1_encoding", submitted_at=due - timedelta(hours=1))
    assert on_time.score == 100 and on_time.late["days_late"] == 0 and "late" not in on_time.to_results()["output"]


# ---- batch --submitted-at-from ------------------------------------------------------------------
def _rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    header, rows = table[0], table[1:]
    return header, {row[0]: dict(zip(header, row)) for row in rows}


@pytest.fixture(scope="module")
def nbgrader_class(tmp_path_factory):
    """submitted/<student>/a1_encoding/ with nbgrader's timestamp.txt: on time, 1 day late, 5 days late, none."""
    base = tmp_path_factory.mktemp("late-class")
    stamps = {
        "ann": "2026-12-08 15:00:00.000000 UTC",
        "ben": "2026-12-09 10:00:00 +0800",
        "cat": "2026-12-13 10:00:00.000000 Asia/Taipei",
        "dan": None,
    }
    for student, stamp in stamps.items():
        folder = base / "submitted" / student / "a1_encoding"
        folder.mkdir(parents=True)
        shutil.copy(CORRECT, folder / "a1_encoding.py")
        if stamp:
            (folder / "timestamp.txt").write_text(stamp + "\n")
    return base


def test_batch_reads_nbgrader_timestamps_and_writes_the_late_columns(nbgrader_class, tmp_path):
    out = tmp_path / "out"
    summary = run_batch(
        nbgrader_class, "a1_encoding", out, jobs=2, progress=False, report=True, submitted_at_from="nbgrader"
    )
    header, rows = _rows(out)
    assert header[-4:] == ["days_late", "late_factor", "score_before_penalty", "isolation"]
    assert (rows["ann"]["total"], rows["ann"]["days_late"], rows["ann"]["late_factor"]) == ("100", "0", "1")
    assert (rows["ben"]["total"], rows["ben"]["days_late"], rows["ben"]["score_before_penalty"]) == ("90", "1", "100")
    assert (rows["cat"]["total"], rows["cat"]["days_late"], rows["cat"]["late_factor"]) == ("0", "5", "0")
    assert (rows["dan"]["total"], rows["dan"]["days_late"]) == ("100", "")
    assert any("dan" in w and "without a late penalty" in w for w in summary.warnings)
    kit = json.loads((out / "ben" / "results.json").read_text())["extra_data"]["kit"]
    assert kit["late"]["submitted_at"] == "2026-12-09T10:00:00+08:00" and kit["late"]["factor"] == 0.9
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "1 day(s) late: 100 before the penalty" in report

    again = run_batch(
        nbgrader_class, "a1_encoding", out, jobs=2, progress=False, report=False, submitted_at_from="nbgrader"
    )
    assert again.skipped == 4 and again.graded == 0, "same times: nothing to regrade"
    (nbgrader_class / "submitted" / "ben" / "a1_encoding" / "timestamp.txt").write_text("2026-12-08 10:00:00 +0800\n")
    try:
        third = run_batch(
            nbgrader_class, "a1_encoding", out, jobs=2, progress=False, report=False, submitted_at_from="nbgrader"
        )
        assert third.graded == 1 and _rows(out)[1]["ben"]["total"] == "100", "a new time regrades that student"
    finally:
        (nbgrader_class / "submitted" / "ben" / "a1_encoding" / "timestamp.txt").write_text(
            "2026-12-09 10:00:00 +0800\n"
        )


def test_batch_reads_a_csv_of_times(nbgrader_class, tmp_path):
    times = tmp_path / "times.csv"
    times.write_text("student,time\nann,2026-12-10T01:00\nben,2026-12-08T20:00\nzed,2026-12-01T00:00\n")
    out = tmp_path / "out"
    summary = run_batch(
        nbgrader_class, "a1_encoding", out, jobs=2, progress=False, report=False, submitted_at_from=str(times)
    )
    _header, rows = _rows(out)
    assert rows["ann"]["total"] == "80" and rows["ben"]["total"] == "100" and rows["cat"]["days_late"] == ""
    assert any("zed" in w for w in summary.warnings), "a student of the CSV without a submission is named"
    bad = tmp_path / "bad.csv"
    bad.write_text("ann,2026-12-10T01:00\nben,yesterday\n")
    with pytest.raises(KitError, match="bad.csv line 2"):
        run_batch(
            nbgrader_class, "a1_encoding", tmp_path / "out2", progress=False, report=False, submitted_at_from=str(bad)
        )
    with pytest.raises(KitError, match="--submitted-at-from"):
        run_batch(
            nbgrader_class, "a1_encoding", tmp_path / "out3", progress=False, report=False, submitted_at_from="canvas"
        )


def test_batch_reads_a_gradescope_export_and_file_times(tmp_path):
    export = tmp_path / "export"
    meta = {}
    for number, (email, created) in enumerate(
        [
            ("x@example.edu", "2026-12-08 10:00:00.000000000 +08:00"),
            ("y@example.edu", "2026-12-11 09:00:00.000000000 +08:00"),
        ]
    ):
        folder = export / f"submission_{number}"
        folder.mkdir(parents=True)
        shutil.copy(CORRECT, folder / "a1_encoding.py")
        meta[f"submission_{number}"] = {
            ":submitters": [{":name": email, ":sid": None, ":email": email}],
            ":created_at": created,
            ":score": 0.0,
        }
    (export / "submission_metadata.yml").write_text(yaml.safe_dump(meta))
    out = tmp_path / "out"
    run_batch(export, "a1_encoding", out, jobs=2, progress=False, report=False, submitted_at_from="gradescope")
    _header, rows = _rows(out)
    assert rows["x@example.edu"]["total"] == "100" and rows["y@example.edu"]["days_late"] == "3"
    assert rows["y@example.edu"]["total"] == "70"

    files = tmp_path / "files"
    files.mkdir()
    for name, moment in (("early", "2026-12-01T00:00:00+08:00"), ("tardy", "2026-12-09T12:00:00+08:00")):
        shutil.copy(CORRECT, files / f"{name}.py")
        stamp = datetime.fromisoformat(moment).timestamp()
        os.utime(files / f"{name}.py", (stamp, stamp))
    run_batch(
        files, "a1_encoding", tmp_path / "out-mtime", jobs=2, progress=False, report=False, submitted_at_from="mtime"
    )
    _header, rows = _rows(tmp_path / "out-mtime")
    assert rows["early"]["days_late"] == "0" and rows["tardy"]["days_late"] == "1" and rows["tardy"]["total"] == "90"


def test_without_times_grades_csv_keeps_its_columns(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(CORRECT, files / "solo.py")
    run_batch(files, "a1_encoding", tmp_path / "out", jobs=1, progress=False, report=False)
    header, _rows_ = _rows(tmp_path / "out")
    assert header[-2:] == ["status", "isolation"] and "days_late" not in header
