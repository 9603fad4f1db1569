"""The course gradebook: the batches of every assignment merged per student, late penalties and overrides (with a
reason and who set them), Canvas's and Moodle's grade-import CSVs with their documented columns, and a page of
students by total that links each score to its feedback page."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml
from test_reporting import Tables, _row

from autograder.cli import main as cli_main
from autograder.course import load_course
from autograder.errors import KitError
from autograder.gradebook import build_gradebook, canvas_csv, moodle_csv
from autograder.gradebook.lms import gradebook_csv
from autograder.gradebook.overrides import load_overrides
from autograder.reporting import write_feedback_pages

ROOT = Path(__file__).resolve().parent.parent

# Canvas's gradebook import reads the columns of its own export: Student, ID, SIS User ID, SIS Login ID, Section, then
# one column per assignment ("<title> (<assignment id>)"), and a "Points Possible" row (Canvas Instructor Guide,
# "How do I import grades in the Gradebook?"; canvas-lms Course#gradebook_to_csv).
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
# Moodle imports the format it exports (MoodleDocs "Grade import"): the user fields, then one column per grade item.
MOODLE_COLUMNS = ["First name", "Last name", "ID number", "Institution", "Department", "Email address"]


def _results(assignment, student, score, *, status="graded", late=None, lms=None, language="en"):
    problems = {
        pid: {
            "score": score * pts / assignment.total_points,
            "max_score": float(pts),
            "status": "passed" if score == assignment.total_points else "failed",
            "message": "",
        }
        for pid, pts in assignment.problems.items()
    }
    kit = {
        "assignment": assignment.id,
        "student": student,
        "seed": 1,
        "language": language,
        "max_score": assignment.total_points,
        "problems": problems,
        "status": status,
        "note": "",
        "content_sha256": f"{abs(hash((assignment.id, student))):064x}"[:64],
        "duration": 0.1,
        "batch": {"layout": "files", "source": f"{student}.py", **({"lms": lms} if lms else {})},
    }
    if late:
        kit["late"] = late
    return {"score": score, "output": f"{score:g} / 100", "tests": [], "extra_data": {"kit": kit}}


def _write(out: Path, assignment, student, score, **kw) -> None:
    (out / student).mkdir(parents=True, exist_ok=True)
    import json

    (out / student / "results.json").write_text(json.dumps(_results(assignment, student, score, **kw)), "utf-8")


@pytest.fixture
def course_dir(tmp_path) -> Path:
    """Two batches (a1, a2) of a class of four: a late submission, a crash, a missing hand-in, a hostile name."""
    course = load_course()
    a1, a2 = course.assignment("a1_encoding"), course.assignment("a2_losses")
    root = tmp_path / "course"
    _write(root / "a1", a1, "ada", 100, lms={"name": "Ada Lovelace", "email": "ada@example.edu", "sid": "A17"})
    _write(root / "a1", a1, "ben", 72, late={"days_late": 2, "factor": 0.8, "score_on_time": 90.0, "accepted": True})
    _write(root / "a1", a1, "cyd", 0, status="error")
    _write(root / "a1", a1, "=cmd", 40, lms={"canvas_user_id": "555"})
    _write(root / "a2", a2, "ada", 95, lms={"name": "Ada Lovelace", "email": "ada@example.edu", "sid": "A17"})
    _write(root / "a2", a2, "ben", 88)
    _write(root / "a2", a2, "=cmd", 60, lms={"canvas_user_id": "555"})
    write_feedback_pages(root / "a1")
    write_feedback_pages(root / "a2")
    (root / "overrides.yml").write_text(
        yaml.safe_dump(
            [
                {
                    "student": "cyd",
                    "assignment": "a1_encoding",
                    "score": 65,
                    "reason": "crash caused by the grader's time limit; regraded by hand",
                    "by": "Prof. Wu",
                    "date": "2026-12-12",
                },
            ]
        ),
        "utf-8",
    )
    (root / "roster.csv").write_text(
        "student,name,email,canvas_id,sis_login_id,section\n"
        "ben,Ben Okafor,ben@example.edu,1002,bokafor,Section 1\n"
        "cyd,Cyd Charisse,cyd@example.edu,1003,ccharisse,Section 2\n",
        "utf-8",
    )
    return root


def _book(course_dir):
    from autograder.gradebook.roster import load_roster

    roster = load_roster(course_dir / "roster.csv")
    book = build_gradebook(
        [course_dir / "a2", course_dir / "a1"], load_course(), load_overrides(course_dir / "overrides.yml"), roster
    )
    return book, roster


def test_the_gradebook_merges_assignments_penalties_and_overrides(course_dir):
    book, _ = _book(course_dir)
    assert [c.id for c in book.columns] == ["a1_encoding", "a2_losses"], (
        "course.yml's order, whatever the argument order"
    )
    rows = {r.student: r for r in book.rows}
    assert rows["ada"].total() == 195 and rows["ada"].name == "Ada Lovelace"
    ben = rows["ben"].cells["a1_encoding"]
    assert (ben.graded, ben.late_penalty, ben.days_late, ben.final) == (72, 18, 2, 72)
    cyd = rows["cyd"].cells["a1_encoding"]
    assert cyd.status == "error" and cyd.final == 65 and cyd.override.by == "Prof. Wu"
    assert rows["cyd"].cells["a2_losses"].status == "missing" and rows["cyd"].missing() == ["a2_losses"]
    assert rows["cyd"].total() == 65 and book.attention(rows["cyd"])
    assert book.max_total == 200
    assert [r.student for r in book.ordered()] == ["cyd", "=cmd", "ben", "ada"], "lowest total first"
    assert book.trend(rows["=cmd"]) == pytest.approx(20.0) and book.trend(rows["cyd"]) is None


def test_canvas_and_moodle_csvs_have_their_documented_columns(course_dir):
    book, roster = _book(course_dir)
    text, joins = canvas_csv(book)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [*CANVAS_COLUMNS, "From class ids to probabilities", "Comparing a prediction with a label"]
    assert rows[1] == ["Points Possible", "", "", "", "", "100", "100"]
    by_name = {r[0]: r for r in rows[2:]}
    assert by_name["Ben Okafor"] == ["Ben Okafor", "1002", "", "bokafor", "Section 1", "72", "88"]
    assert by_name["Cyd Charisse"][5:] == ["65", ""], "an override counts; a missing hand-in stays blank"
    assert by_name["'=cmd"][1] == "555", "the Canvas user id from a Canvas download; the name cannot run as a formula"
    assert joins.unmatched == ["ada"]
    assert text.endswith("\r\n") and "\r\n" in text

    text, joins = moodle_csv(book)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [*MOODLE_COLUMNS, "From class ids to probabilities", "Comparing a prediction with a label"]
    by_email = {r[5]: r for r in rows[1:]}
    assert by_email["ada@example.edu"] == ["Ada", "Lovelace", "A17", "", "", "ada@example.edu", "100", "95"]
    assert by_email["ben@example.edu"][:2] == ["Ben", "Okafor"]
    assert joins.unmatched == ["=cmd"]


def test_a_canvas_assignment_id_in_course_yml_names_the_column(course_dir, tmp_path):
    text = (
        (ROOT / "course.yml")
        .read_text("utf-8")
        .replace(
            '    title: "From class ids to probabilities"\n',
            '    title: "From class ids to probabilities"\n    canvas_id: 4242\n',
        )
    )
    (tmp_path / "course.yml").write_text(text, "utf-8")
    book = build_gradebook([course_dir / "a1"], load_course(tmp_path / "course.yml"))
    assert canvas_csv(book)[0].splitlines()[0] == ",".join([*CANVAS_COLUMNS, "From class ids to probabilities (4242)"])


def test_the_gradebook_csv_keeps_every_reason(course_dir):
    book, _ = _book(course_dir)
    rows = list(csv.DictReader(io.StringIO(gradebook_csv(book))))
    cyd = next(r for r in rows if r["student"] == "cyd")
    assert cyd["a1_encoding graded"] == "0" and cyd["a1_encoding override"] == "65"
    assert cyd["a1_encoding override by"] == "Prof. Wu" and "time limit" in cyd["a1_encoding override reason"]
    assert cyd["a2_losses graded"] == "missing" and cyd["total"] == "65" and cyd["percent"] == "32.5"
    ben = next(r for r in rows if r["student"] == "ben")
    assert ben["a1_encoding late penalty"] == "18"


def test_the_command_writes_the_page_and_the_files(course_dir, capsys):
    assert (
        cli_main(
            [
                "gradebook",
                str(course_dir / "a1"),
                str(course_dir / "a2"),
                "--overrides",
                str(course_dir / "overrides.yml"),
                "--roster",
                str(course_dir / "roster.csv"),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    for name in ("gradebook.html", "gradebook.csv", "canvas_grades.csv", "moodle_grades.csv"):
        assert f"wrote {course_dir / name}" in printed
    assert "warning: 1 student(s) without an id Canvas can match (ada)" in printed
    page = (course_dir / "gradebook.html").read_text("utf-8")
    tables = Tables(page)
    order = [r["attrs"]["data-student"] for r in tables.tables["gradebook-table"][1:]]
    assert order == ["cyd", "=cmd", "ben", "ada"], "students by total, lowest first"
    ben = _row(tables, "gradebook-table", **{"data-student": "ben"})
    assert ben[1].startswith("72 / 100") and "18 late penalty (2 day(s) late)" in ben[1]
    assert ben[3].startswith("160 / 200")
    links = re.findall(r'href="([^"]+)"', page)
    assert "a1/ben/feedback.html" in links and "a2/%3Dcmd/feedback.html" in links
    assert all((course_dir / link.replace("%3D", "=")).is_file() for link in links), "every link opens a page"
    override = tables.tables["overrides-table"][1]["cells"]
    assert override[:4] == ["Cyd Charisse", "a1_encoding", "0", "65"] and override[5].startswith("Prof. Wu")
    assert "needs attention" in _row(tables, "gradebook-table", **{"data-student": "cyd"})[0]


@pytest.mark.parametrize(
    "entry, fragment",
    [
        (
            {"student": "zed", "assignment": "a1_encoding", "score": 50, "reason": "makeup exam", "by": "TA"},
            "no student 'zed'",
        ),
        (
            {"student": "ben", "assignment": "a3_gradients", "score": 50, "reason": "makeup exam", "by": "TA"},
            "assignment 'a3_gradients' is not in this gradebook",
        ),
        (
            {"student": "ben", "assignment": "a1_encoding", "score": 500, "reason": "makeup exam", "by": "TA"},
            "500 is more than the 100 points",
        ),
        ({"student": "ben", "assignment": "a1_encoding", "score": 50, "by": "TA"}, "[0]: 'reason' is missing"),
        (
            {"student": "ben", "assignment": "a1_encoding", "score": 50, "reason": "ok then", "by": "TA", "who": "me"},
            "[0]: unknown key",
        ),
    ],
)
def test_a_wrong_override_is_refused_on_one_line(course_dir, capsys, entry, fragment):
    (course_dir / "bad.yml").write_text(yaml.safe_dump([entry]), "utf-8")
    assert (
        cli_main(
            ["gradebook", str(course_dir / "a1"), str(course_dir / "a2"), "--overrides", str(course_dir / "bad.yml")]
        )
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err


def test_two_overrides_of_one_grade_or_a_duplicate_key_are_refused(course_dir):
    twice = {"student": "ben", "assignment": "a1_encoding", "score": 50, "reason": "first look", "by": "TA"}
    (course_dir / "twice.yml").write_text(yaml.safe_dump([twice, {**twice, "score": 60}]), "utf-8")
    with pytest.raises(KitError, match=r"\[1\]: a second override of a1_encoding for ben"):
        load_overrides(course_dir / "twice.yml")
    (course_dir / "dup.yml").write_text("- student: ben\n  student: cyd\n  assignment: a1_encoding\n", "utf-8")
    with pytest.raises(KitError, match="duplicate key 'student'"):
        load_overrides(course_dir / "dup.yml")


def test_one_assignment_in_two_folders_is_refused(course_dir):
    import shutil

    shutil.copytree(course_dir / "a1", course_dir / "a1-again")
    with pytest.raises(KitError, match="a1_encoding is graded in two folders"):
        build_gradebook([course_dir / "a1", course_dir / "a1-again"], load_course())
    with pytest.raises(KitError, match="no graded results.json here"):
        build_gradebook([course_dir / "a1" / "ben"], load_course())
