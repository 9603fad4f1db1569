"""One student, one identity through every door: the roster and what names students by it.

The roster's format (the kit's CSV and Canvas's own gradebook export) and what it refuses; course.yml's extensions
granted under every id of their student; Canvas's anonymous and underscored names; extensions, times and overrides
matched by any id a door gives, with a roster and without one (where a misspelt id is said, never silently lost);
the gradebook's joins without a roster; Canvas's Submissions API turned into times.csv; the Gradescope bundle.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

from autograder.batch import discover, run_batch
from autograder.batch.identities import identify, with_entry_extensions
from autograder.batch.submitted_at import read_submitted_times
from autograder.cli import main as cli_main
from autograder.course import load_course
from autograder.errors import KitError
from autograder.grading.late import due_for
from autograder.roster import load_roster

ROOT = Path(__file__).resolve().parent.parent
CORRECT = ROOT / "samples" / "a1_encoding" / "correct.py"
DUE = datetime.fromisoformat("2026-12-08T23:59:00+08:00")
ROSTER = (
    "sis_login_id,name,email,canvas_id,sis_user_id,gradescope_sid,nbgrader_id,github,section\n"
    "bsmith,Ben Smith,ben@uni.edu,40065,S1001,G17,jhub-ben,bensmith,Section 1\n"
    "bsmith2,Ben Smith,ben.smith@uni.edu,40066,S1002,G18,jhub-ben2,bs2,Section 2\n"
    "ylin,林怡君,ylin@uni.edu,40070,S1003,G19,jhub-ylin,ylin,Section 1\n"
)


def _course(tmp_path: Path, extensions: dict | None = None, roster: bool = True) -> Path:
    data = yaml.safe_load((ROOT / "course.yml").read_text("utf-8"))
    if roster:
        (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
        data["roster"] = "roster.csv"
    if extensions:
        data["assignments"]["a1_encoding"]["extensions"] = extensions
    (tmp_path / "course.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return tmp_path / "course.yml"


# ---- the roster ---------------------------------------------------------------------------------------------------


def test_a_roster_knows_each_student_by_every_id(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
    roster = load_roster(tmp_path / "roster.csv")
    assert [p.key for p in roster] == ["bsmith", "bsmith2", "ylin"], "the login is the key when `student` is absent"
    for value in ("bsmith", "BEN@uni.edu", "40065", "S1001", "G17", "jhub-ben", "bensmith", " ben@uni.edu "):
        assert roster.find(value).key == "bsmith", value
    assert roster.find("Ben Smith") is None, "a name is no id: two students share this one"
    assert roster.find("nobody") is None and roster.find("") is None


def test_canvas_gradebook_export_is_a_roster(tmp_path):
    """Canvas's export (lib/gradebook_exporter.rb): Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignments, a "Points Possible" row, and a row marking muted assignments."""
    (tmp_path / "export.csv").write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,From class ids (501),Current Score\n"
        ",,,,,Muted,\n"
        "    Points Possible,,,,,100.00,(read only)\n"
        '"Smith, Ben",40065,S1001,bsmith,Section 1,90.00,90.00\n'
        '"Lin, 怡君",40070,S1003,ylin,Section 1,,\n',
        "utf-8",
    )
    roster = load_roster(tmp_path / "export.csv")
    assert [(p.key, p.get("canvas_id"), p.get("sis_user_id"), p.get("section")) for p in roster] == [
        ("bsmith", "40065", "S1001", "Section 1"),
        ("ylin", "40070", "S1003", "Section 1"),
    ]
    assert roster.find("40070").name == "Lin, 怡君"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("student,email\nben,b@x\ncyd,B@X\n", "r.csv line 3: email 'B@X' is already an id of the student on line 2"),
        ("student,canvas_id\nben,7\ncyd,\n7,\n", "r.csv line 4: student '7' is already an id of the student on line 2"),
        ("student,phone\nben,123\n", "r.csv: unknown column 'phone'"),
        ("name,section\nBen,1\n", "r.csv: the first row must name the columns, at least one id among them"),
        ("student,name\nben,Ben\nben,Benjamin\n", "r.csv line 3: ben is listed twice"),
        ("email,name\n,Ben\n", "r.csv line 2: no id for this student"),
    ],
)
def test_a_roster_that_cannot_name_one_student_per_id_is_refused(tmp_path, text, fragment):
    (tmp_path / "r.csv").write_text(text, "utf-8")
    with pytest.raises(KitError) as caught:
        load_roster(tmp_path / "r.csv")
    assert fragment in str(caught.value) and "\n" not in str(caught.value)


# ---- course.yml ---------------------------------------------------------------------------------------------------


def test_an_extension_is_granted_under_every_id_of_its_student(tmp_path):
    course = load_course(_course(tmp_path, {"ben@uni.edu": {"days": 2}}))
    a1 = course.assignment("a1_encoding")
    for door_id in ("40065", "G17", "jhub-ben", "bsmith", "BSMITH", "bensmith"):
        assert due_for(a1, door_id) == DUE + timedelta(days=2), door_id
    assert due_for(a1, "40066") == DUE, "the other Ben Smith has none"
    assert due_for(a1, "G18+G17") == DUE + timedelta(days=2), "a Gradescope group takes its latest member's"
    assert course.identity_problems == ()


def test_check_course_refuses_an_id_of_nobody_and_warns_without_a_roster(tmp_path, capsys):
    path = _course(tmp_path, {"ben@uni.edu": {"days": 2}, "bsmtih": {"days": 1}})
    assert cli_main(["--course", str(path), "check-course"]) == 2
    err = capsys.readouterr().err
    assert "1 id(s) name no student of the roster: course.yml: assignments.a1_encoding.extensions.bsmtih" in err
    assert err.count("\n") == 1

    bare = tmp_path / "bare"
    bare.mkdir()
    assert cli_main(["--course", str(_course(bare, {"bsmtih": {"days": 1}}, roster=False)), "check-course"]) == 0
    assert "extensions name students by ids that nothing checks: give course.yml a `roster:`" in capsys.readouterr().out


def test_the_gradescope_bundle_carries_the_extension_under_the_e_mail_and_no_roster(tmp_path):
    from autograder.integrations.gradescope import one_assignment_course

    path = _course(tmp_path, {"40065": {"days": 2}})
    data = yaml.safe_load(one_assignment_course(path, "a1_encoding"))
    assert "roster" not in data
    assert data["assignments"]["a1_encoding"]["extensions"] == {"40065": {"days": 2}, "ben@uni.edu": {"days": 2}}
    alone = tmp_path / "bundle"
    alone.mkdir()
    (alone / "course.yml").write_bytes(one_assignment_course(path, "a1_encoding"))
    assert due_for(load_course(alone / "course.yml").assignment("a1_encoding"), "ben@uni.edu") > DUE


# ---- the doors' names ---------------------------------------------------------------------------------------------


def test_canvas_anonymous_and_underscored_names_are_read_for_what_they_are(tmp_path):
    folder = tmp_path / "download"
    folder.mkdir()
    code = CORRECT.read_text("utf-8")
    for name in (
        "anon_Xk3Pq_910001_a1_encoding.py",
        "LATE_anon_Zz9Ab_910002_a1_encoding.py",
        "o_brienpat_40090_910003_a1_encoding.py",
        "smithben_LATE_40065_910004_a1_encoding.py",
        "linyijun_40070_910005_notes.txt",
    ):
        (folder / name).write_text(code, "utf-8")
    found = {e.student: e for e in discover(folder, "a1_encoding")}
    assert set(found) == {"anon_Xk3Pq", "anon_Zz9Ab", "o_brienpat", "smithben", "linyijun"}
    assert found["anon_Xk3Pq"].lms == {"canvas_anonymous_id": "Xk3Pq"}
    assert found["anon_Zz9Ab"].lms == {"canvas_anonymous_id": "Zz9Ab", "canvas_late": True}
    assert found["o_brienpat"].lms == {"canvas_user_id": "40090"}
    assert found["smithben"].lms == {"canvas_user_id": "40065", "canvas_late": True}
    assert found["linyijun"].path is None and "no .py or .ipynb among linyijun's Canvas files" in str(
        found["linyijun"].error
    ), "a student who handed in a .txt alone keeps a row, with the reason"
    warnings = [m.render("en") for m in identify(list(found.values())).warnings]
    assert any(w.startswith("2 submission(s) under Canvas's anonymous grading: kept as anon_<id>") for w in warnings)


def _gradescope_export(folder: Path, people: list) -> Path:
    meta = {}
    for number, (sid, email, created) in enumerate(people):
        name = f"submission_{number}"
        (folder / name).mkdir(parents=True)
        shutil.copy(CORRECT, folder / name / "a1_encoding.py")
        meta[name] = {":submitters": [{":name": email, ":sid": sid, ":email": email}], ":created_at": created}
    (folder / "submission_metadata.yml").write_text(yaml.safe_dump(meta), "utf-8")
    return folder


def test_without_a_roster_an_extension_by_e_mail_reaches_a_batch_keyed_by_sid(tmp_path):
    """The README says to write extensions with the e-mail; a Gradescope export keys its students by SID."""
    export = _gradescope_export(
        tmp_path / "export",
        [("G17", "ben@uni.edu", "2026-12-09 10:00:00 +08:00"), ("G18", "eve@uni.edu", "2026-12-09 10:00:00 +08:00")],
    )
    course = load_course(_course(tmp_path, {"ben@uni.edu": {"days": 2}, "ben@uni.eud": {"days": 1}}, roster=False))
    entries = list(discover(export, "a1_encoding"))
    assert [e.student for e in entries] == ["G17", "G18"]
    keyed, warnings = with_entry_extensions(course, "a1_encoding", identify(entries))
    assert due_for(keyed.assignment("a1_encoding"), "G17") == DUE + timedelta(days=2)
    assert due_for(keyed.assignment("a1_encoding"), "G18") == DUE
    assert [w.render("en") for w in warnings] == [
        "course.yml: assignments.a1_encoding.extensions.ben@uni.eud names no student of this batch (without a roster "
        "nothing tells a misspelt id from a student who has not handed in)"
    ]

    summary = run_batch(
        export, "a1_encoding", tmp_path / "out", course=course, jobs=1, progress=False, report=False,
        submitted_at_from="gradescope",
    )  # fmt: skip
    late = {
        s: json.loads((tmp_path / "out" / s / "results.json").read_text())["extra_data"]["kit"]["late"]
        for s in ("G17", "G18")
    }
    assert (late["G17"]["days_late"], late["G17"]["extended"], late["G18"]["days_late"]) == (0, True, 1)
    assert any("ben@uni.eud names no student of this batch" in w for w in summary.warnings)


def test_times_csv_names_students_by_any_id(tmp_path):
    folder = tmp_path / "download"
    folder.mkdir()
    for name in (
        "smithben_40065_1_a1_encoding.py",
        "smithben_40066_2_a1_encoding.py",
        "linyijun_40070_3_a1_encoding.py",
    ):
        shutil.copy(CORRECT, folder / name)
    entries = list(discover(folder, "a1_encoding"))
    times = tmp_path / "times.csv"
    times.write_text(
        "student,time\n40065,2026-12-09T02:00:00Z\n40066,2026-12-08T02:00:00Z\n49999,2026-12-08T02:00:00Z\n"
    )
    found = read_submitted_times(str(times), entries, folder, "Asia/Taipei")
    assert {s: t.isoformat() for s, t in found.times.items()} == {
        "smithben-40065": "2026-12-09T02:00:00+00:00",
        "smithben-40066": "2026-12-08T02:00:00+00:00",
    }
    assert found.missing == ["linyijun"]
    assert [m.render("en") for m in found.problems] == [
        "times.csv lists 1 id(s) that name no student of this batch (no roster tells a misspelt id from a student "
        "without a submission): 49999"
    ]
    (tmp_path / "roster.csv").write_text(ROSTER, "utf-8")
    roster = load_roster(tmp_path / "roster.csv")
    times.write_text("ben@uni.edu,2026-12-09T02:00:00Z\nS1003,2026-12-08T02:00:00Z\n")
    found = read_submitted_times(str(times), entries, folder, "Asia/Taipei", identities=identify(entries, roster))
    assert set(found.times) == {"smithben-40065", "linyijun"} and found.problems == []
    times.write_text("ben@uni.edu,2026-12-09T02:00:00Z\nbsmtih,2026-12-08T02:00:00Z\n")
    with pytest.raises(KitError, match="times.csv: 'bsmtih' names no student of roster.csv"):
        read_submitted_times(str(times), entries, folder, "Asia/Taipei", identities=identify(entries, roster))
    times.write_text("ben@uni.edu,2026-12-09T02:00:00Z\n40065,2026-12-08T02:00:00Z\n")
    with pytest.raises(KitError, match="'ben@uni.edu' and '40065' are ids of one student"):
        read_submitted_times(str(times), entries, folder, "Asia/Taipei", identities=identify(entries, roster))


# ---- Canvas's times -------------------------------------------------------------------------------------------


def test_canvas_times_turns_the_submissions_api_into_times_csv(tmp_path, capsys):
    page = tmp_path / "page.json"
    page.write_text(
        json.dumps(
            [
                {"user_id": 40065, "assignment_id": 7, "submitted_at": "2026-12-09T02:00:00Z", "late": True},
                {"user_id": 40066, "assignment_id": 7, "submitted_at": None},
                {"anonymous_id": "Xk3Pq", "assignment_id": 7, "submitted_at": "2026-12-08T01:00:00Z"},
            ]
        )
    )
    assert cli_main(["canvas-times", str(page), "--out", str(tmp_path / "times.csv")]) == 0
    assert "2 submission time(s), by Canvas user id (1 student(s) handed nothing in)" in capsys.readouterr().out
    assert list(csv.reader(io.StringIO((tmp_path / "times.csv").read_text()))) == [
        ["student", "time"],
        ["40065", "2026-12-09T02:00:00Z"],
        ["anon_Xk3Pq", "2026-12-08T01:00:00Z"],
    ]
    other = tmp_path / "other.json"
    other.write_text(json.dumps([{"user_id": 1, "assignment_id": 8, "submitted_at": "2026-12-09T02:00:00Z"}]))
    for pages, fragment in (
        ([page, other], "the files hold the submissions of several assignments (7, 8)"),
        ([tmp_path / "times.csv"], "cannot read times.csv as JSON"),
    ):
        assert cli_main(["canvas-times", *map(str, pages), "--out", str(tmp_path / "t2.csv")]) == 2
        assert fragment in capsys.readouterr().err


# ---- the gradebook without a roster ------------------------------------------------------------------------------


def test_without_a_roster_results_that_share_an_id_join_and_names_never_do(tmp_path):
    from test_gradebook import _write

    from autograder.gradebook import build_gradebook, canvas_csv
    from autograder.gradebook.lms import import_warnings, moodle_csv

    course = load_course()
    a1, a2 = course.assignment("a1_encoding"), course.assignment("a2_losses")
    _write(tmp_path / "a1", a1, "G17", 90, lms={"sid": "G17", "email": "ben@uni.edu", "name": "Ben Smith"})
    _write(tmp_path / "a2", a2, "ben@uni.edu", 80, lms={"email": "ben@uni.edu", "name": "Ben Smith"})
    for folder, assignment, user in ((tmp_path / "a1", a1, "40066"), (tmp_path / "a2", a2, "40099")):
        _write(folder, assignment, "smithben", 50, lms={"canvas_user_id": user})
        data = json.loads((folder / "smithben" / "results.json").read_text())
        data["extra_data"]["kit"]["batch"]["layout"] = "canvas"
        (folder / "smithben" / "results.json").write_text(json.dumps(data))
    book = build_gradebook([tmp_path / "a1", tmp_path / "a2"], course)
    totals = sorted((r.name, r.total()) for r in book.rows)
    assert totals == [("Ben Smith", 170.0), ("smithben", 50.0), ("smithben", 50.0)], (
        "one e-mail, one row; one sortable name, two Canvas users, two rows"
    )
    canvas, joins = canvas_csv(book)
    assert sorted(r[1] for r in csv.reader(io.StringIO(canvas)) if r[0] == "smithben") == ["40066", "40099"]
    assert joins.unmatched == ["G17"] and joins.shared_names == []
    warnings = [w.render("en") for w in import_warnings(book, joins, moodle_csv(book)[1])]
    assert warnings[0].startswith("no canvas_id in course.yml for a1_encoding, a2_losses")
    assert warnings[1].startswith("1 student(s) without an id Canvas can match (G17): Canvas would go by the name")
