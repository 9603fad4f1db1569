"""A class of 150 through every door it comes in by: one roster, one row per student.

The class hands in a1 through Canvas (a "download submissions" zip: LATE_ files, a resubmission, .txt-only hand-ins,
screenshots, two students named Ben Smith), a2 through a Gradescope export (keyed by SID; a group; a submitter the
roster lacks) and a3 through nbgrader (keyed by its login). course.yml's roster knows every student by every id a
door has; extensions are written with each kind of id; Canvas's submission times come from its Submissions API
through `autograder canvas-times`. Checked: the gradebook has one row per roster student, every extension applied,
every id that names nobody reported (an instructor's misspelt id, in an extension, times.csv or an override, is
refused before anything is graded or written); canvas_grades.csv is accepted by a parser written from Canvas's own
import rules and matches every roster student by Canvas user id; the class report's first screen, at 1280 px and at
390 px, shows the misconceptions and the checks that separate students (screenshots of the real headless Chromium,
read pixel by pixel).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml

from autograder.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
SIZE = 150
FIRST = ["Ana", "Wei", "Carlos", "Yu-Ting", "Priya", "Tomás", "Mei", "Omar", "Chloé", "Kenji", "Lena", "Ravi"]
LAST = ["Lin", "Chen", "Garcia", "O'Neil", "Huang", "Kowalski", "Nguyen", "Abe", "Müller", "Wang", "Park"]
CJK = {7: ("怡君", "陳"), 8: ("志明", "林")}  # first, last
BEN_SMITH = (10, 11)
ABSENT = {"a1_encoding": {145, 146, 147, 148, 149}, "a2_losses": set(range(140, 150)), "a3_gradients": {148, 149}}
ABSENT["a3_gradients"] |= set(range(130, 140))
TXT_ONLY = {100, 101, 102}
LATE_A1 = set(range(60, 72)) | set(range(20, 25))
NO_TIME = 71  # LATE_, and Canvas's Submissions API says nothing of them
SCREENSHOTS = set(range(30))
DUE = {
    "a1_encoding": "2026-12-08T23:59:00+08:00",
    "a2_losses": "2026-12-15T23:59:00+08:00",
    "a3_gradients": "2026-12-22T23:59:00+08:00",
}
# (assignment, student, the kind of id the extension is written with): two days each, handed in a day late.
EXTENSIONS = [
    ("a1_encoding", 20, "canvas_id"),
    ("a1_encoding", 21, "sis_user_id"),
    ("a1_encoding", 22, "email"),
    ("a1_encoding", 23, "github"),
    ("a1_encoding", 24, "sis_login_id"),
    ("a2_losses", 30, "email"),  # the README's advice, in a batch the Gradescope export keys by SID
    ("a2_losses", 31, "gradescope_sid"),
    ("a2_losses", 32, "nbgrader_id"),
    ("a3_gradients", 40, "nbgrader_id"),
    ("a3_gradients", 41, "canvas_id"),
    ("a3_gradients", 42, "sis_user_id"),
    ("a3_gradients", 43, "EMAIL"),  # written in capitals: ids compare without case
]
LATE_A2 = {80, 81, 82, 83, 84, 30, 31, 32}
LATE_A3 = {90, 91, 92, 40, 41, 42, 43}
CANVAS_ASSIGNMENTS = {"a1_encoding": 501, "a2_losses": 502}  # a3 has no canvas_id: Canvas matches it by title
DROPPED = {"sid": "G9999", "email": "dropped@uni.edu", "name": "Dropped Student"}  # in Gradescope, not the roster


def person(i: int) -> dict:
    first, last = CJK.get(i, (FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]))
    if i in BEN_SMITH:
        first, last = "Ben", "Smith"
    return {
        "sis_login_id": f"u{i:03d}",
        "first_name": first,
        "last_name": last,
        "name": f"{last}{first}" if i in CJK else f"{first} {last}",
        "email": f"u{i:03d}@uni.edu",
        "canvas_id": str(40000 + i),
        "sis_user_id": f"S{100000 + i}",
        "gradescope_sid": f"G{5000 + i}",
        "nbgrader_id": f"jhub-{i:03d}",
        "github": f"gh-{i:03d}",
        "section": f"Section {1 + i % 3}",
    }


PEOPLE = [person(i) for i in range(SIZE)]


def sortable(p: dict) -> str:
    """Canvas's sortable name as its download writes it: "Last, First", lower-cased, only word characters kept."""
    return re.sub(r"[^\w]", "", f"{p['last_name']}, {p['first_name']}".lower())


def _source(assignment: str, name: str) -> str:
    folder = ROOT / "samples" / assignment
    return (folder / f"{name}.py").read_text("utf-8")


def a1_code(i: int) -> str:
    if i in range(50, 55):
        return _source("a1_encoding", "empty_stub")
    if i % 10 == 3:
        return _source("a1_encoding", "unstable_softmax")
    if i % 10 == 7:
        return _source("a1_encoding", "wrong_axis")
    return _source("a1_encoding", "correct")


def _write_course(folder: Path, extra_extension: str | None = None) -> Path:
    data = yaml.safe_load((ROOT / "course.yml").read_text("utf-8"))
    data["roster"] = "roster.csv"
    for aid, spec in data["assignments"].items():
        if aid in CANVAS_ASSIGNMENTS:
            spec["canvas_id"] = CANVAS_ASSIGNMENTS[aid]
        spec["due"] = DUE.get(aid, spec["due"])
    for aid, i, kind in EXTENSIONS:
        key = PEOPLE[i]["email"].upper() if kind == "EMAIL" else PEOPLE[i][kind]
        data["assignments"][aid].setdefault("extensions", {})[key] = {"days": 2}
    if extra_extension:
        data["assignments"]["a1_encoding"]["extensions"][extra_extension] = {"days": 1}
    path = folder / ("course-typo.yml" if extra_extension else "course.yml")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def _write_roster(folder: Path) -> None:
    columns = list(PEOPLE[0])
    with (folder / "roster.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(PEOPLE)


def _canvas_download(folder: Path) -> tuple[Path, list]:
    """Canvas's zip, and the pages its Submissions API returns for the assignment (two files)."""
    folder.mkdir(parents=True)
    members, api = {}, []
    on_time, one_day, two_days = "2026-12-08T12:00:00Z", "2026-12-09T02:00:00Z", "2026-12-10T02:00:00Z"
    for i, p in enumerate(PEOPLE):
        user = p["canvas_id"]
        if i in ABSENT["a1_encoding"]:
            api.append({"user_id": int(user), "assignment_id": 501, "submitted_at": None, "late": False})
            continue
        late = "LATE_" if i in LATE_A1 else ""
        prefix = f"{sortable(p)}_{late}{user}"
        if i in TXT_ONLY:
            members[f"{prefix}_{900000 + i}_notes.txt"] = "I could not get it to run"
        elif i == 60:  # handed in on time, then again late: the later one counts
            members[f"{sortable(p)}_{user}_{900000 + i}_a1_encoding.py"] = _source("a1_encoding", "wrong_axis")
            members[f"{prefix}_{910000 + i}_a1_encoding-1.py"] = a1_code(i)
        else:
            members[f"{prefix}_{900000 + i}_a1_encoding.py"] = a1_code(i)
        if i in SCREENSHOTS:
            members[f"{prefix}_{920000 + i}_screenshot.png"] = b"\x89PNG\r\n"
        if i == NO_TIME:
            continue
        moment = (one_day if i < 66 or i in range(20, 25) else two_days) if i in LATE_A1 else on_time
        api.append({"user_id": int(user), "assignment_id": 501, "submitted_at": moment, "late": bool(late)})
    archive = folder / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    pages = []
    for number, part in enumerate((api[: len(api) // 2], api[len(api) // 2 :]), 1):
        page = folder.parent / f"canvas-submissions-{number}.json"
        page.write_text(json.dumps(part), "utf-8")
        pages.append(page)
    return folder, pages


def _gradescope_export(folder: Path) -> Path:
    folder.mkdir(parents=True)
    meta = {}

    def submission(number: int, submitters: list, late: bool, code: str) -> None:
        name = f"submission_{700000 + number}"
        (folder / name).mkdir()
        (folder / name / "a2_losses.py").write_text(code, "utf-8")
        created = "2026-12-16 10:00:00.000000000 +08:00" if late else "2026-12-15 20:00:00.000000000 +08:00"
        meta[name] = {
            ":submitters": [{":name": s["name"], ":sid": s["sid"], ":email": s["email"]} for s in submitters],
            ":created_at": created,
            ":score": 0.0,
        }

    group = (120, 121)
    for i, p in enumerate(PEOPLE):
        if i in ABSENT["a2_losses"] or i == group[1]:
            continue
        members = [PEOPLE[g] for g in group] if i == group[0] else [p]
        code = _source("a2_losses", "sum_instead_of_mean" if i % 10 == 5 else "correct")
        submission(
            i,
            [{"name": m["name"], "sid": m["gradescope_sid"], "email": m["email"]} for m in members],
            i in LATE_A2,
            code,
        )
    submission(999, [DROPPED], False, _source("a2_losses", "correct"))
    (folder / "submission_metadata.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    return folder


def _nbgrader_class(folder: Path) -> Path:
    for i, p in enumerate(PEOPLE):
        if i in ABSENT["a3_gradients"]:
            continue
        where = folder / "submitted" / p["nbgrader_id"] / "a3_gradients"
        where.mkdir(parents=True)
        (where / "a3_gradients.py").write_text(
            _source("a3_gradients", "not_divided_by_n" if i % 10 == 1 else "correct"), "utf-8"
        )
        stamp = "2026-12-23 10:00:00 +0800" if i in LATE_A3 else "2026-12-22 20:00:00 +0800"
        (where / "timestamp.txt").write_text(stamp + "\n", "utf-8")
    return folder


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    """The whole term, graded once: three batches, the times from Canvas, the gradebook."""
    base = tmp_path_factory.mktemp("term")
    _write_roster(base)
    course = _write_course(base)
    typo = _write_course(base, extra_extension="u0O5")
    canvas, pages = _canvas_download(base / "canvas")
    gradescope = _gradescope_export(base / "gradescope")
    nbgrader = _nbgrader_class(base / "nbgrader")
    found = {"base": base, "course": course, "typo": typo, "pages": pages}

    found["check_typo"] = _run("--course", str(typo), "check-course")
    found["batch_typo"] = _run(
        "--course", str(typo), "batch", str(canvas), "-a", "a1_encoding", "--out", str(base / "x")
    )
    found["canvas_times"] = _run(
        "--course", str(course), "canvas-times", *map(str, pages), "--out", str(base / "times.csv")
    )
    bad_times = base / "bad-times.csv"
    bad_times.write_text((base / "times.csv").read_text("utf-8") + "49999,2026-12-08T12:00:00Z\n", "utf-8")
    found["batch_bad_times"] = _run(
        "--course", str(course), "batch", str(canvas), "-a", "a1_encoding", "--out", str(base / "y"),
        "--submitted-at-from", str(bad_times),
    )  # fmt: skip
    runs = {
        "a1_encoding": (canvas, str(base / "times.csv")),
        "a2_losses": (gradescope, "gradescope"),
        "a3_gradients": (nbgrader, "nbgrader"),
    }
    for aid, (submissions, times) in runs.items():
        found[aid] = _run(
            "--course", str(course), "batch", str(submissions), "-a", aid, "--out", str(base / aid), "-j", "2",
            "--submitted-at-from", times,
        )  # fmt: skip
    overrides = base / "overrides.yml"
    overrides.write_text(
        yaml.safe_dump(
            [
                {
                    "student": "u005@uni.edu",
                    "assignment": "a2_losses",
                    "score": 77,
                    "reason": "regraded by hand",
                    "by": "Wu",
                }
            ]
        ),
        "utf-8",
    )
    found["gradebook"] = _run(
        "--course", str(course), "gradebook", *(str(base / a) for a in runs), "--out", str(base / "book"),
        "--overrides", str(overrides),
    )  # fmt: skip
    misspelt = base / "overrides-typo.yml"
    misspelt.write_text(overrides.read_text("utf-8").replace("u005@uni.edu", "u005@uni.eud"), "utf-8")
    found["gradebook_typo"] = _run(
        "--course", str(course), "gradebook", *(str(base / a) for a in runs), "--out", str(base / "book-typo"),
        "--overrides", str(misspelt),
    )  # fmt: skip
    return found


def _results(folder: Path) -> dict:
    """roster key (or folder name) -> results.json."""
    found = {}
    for path in folder.glob("*/results.json"):
        data = json.loads(path.read_text("utf-8"))
        batch = data["extra_data"]["kit"].get("batch") or {}
        found[batch.get("roster") or path.parent.name] = data
    return found


def _grades(folder: Path) -> dict:
    with (folder / "grades.csv").open(encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


# ---- a misspelt id is refused before anything is graded --------------------------------------------------------


def test_an_id_that_names_nobody_is_refused_by_check_course_and_batch(term):
    for run in ("check_typo", "batch_typo"):
        code, _out, err = term[run]
        assert code == 2, run
        assert "assignments.a1_encoding.extensions.u0O5: names no student of roster.csv" in err, err
        assert err.count("\n") == 1, "one line"
    assert not (term["base"] / "x").exists(), "nothing graded"
    code, _out, err = term["batch_bad_times"]
    assert code == 2 and "bad-times.csv: '49999' names no student of roster.csv" in err, err
    code, _out, err = term["gradebook_typo"]
    assert code == 2 and "override of a2_losses: no student 'u005@uni.eud'" in err, err
    assert not (term["base"] / "book-typo").exists(), "nothing written"


# ---- each door ----------------------------------------------------------------------------------------------------


def test_canvas_times_come_from_its_submissions_api(term):
    code, out, _err = term["canvas_times"]
    assert code == 0 and "by Canvas user id (5 student(s) handed nothing in)" in out, out
    rows = list(csv.reader((term["base"] / "times.csv").read_text("utf-8").splitlines()))
    assert rows[0] == ["student", "time"] and len(rows) == 1 + SIZE - 5 - 1  # handed in, less the one Canvas lacks
    assert ["40060", "2026-12-09T02:00:00Z"] in rows


def test_the_canvas_door_names_late_files_and_every_ignored_one(term):
    code, out, _err = term["a1_encoding"]
    assert code == 0, out
    grades, results = _grades(term["base"] / "a1_encoding"), _results(term["base"] / "a1_encoding")
    assert len(grades) == SIZE - len(ABSENT["a1_encoding"]), "every student in the export has a row"
    by_key = {
        r["extra_data"]["kit"]["batch"]["roster"]: folder for folder, r in _by_folder(term, "a1_encoding").items()
    }
    for i in LATE_A1:
        row = grades[by_key[PEOPLE[i]["sis_login_id"]]]
        assert row["late_mark"] == "LATE", i
        assert row["days_late"] == ("" if i == NO_TIME else "0" if i in range(20, 25) else "1" if i < 66 else "2"), i
    assert {grades[f]["late_mark"] for k, f in by_key.items() if int(k[1:]) not in LATE_A1} == {""}
    assert f"Canvas marked {len(LATE_A1)} file(s) LATE_" in out
    no_time = by_key[PEOPLE[NO_TIME]["sis_login_id"]]
    assert re.search(rf"1 submission\(s\) Canvas marked LATE_ have no trusted submission time.*{no_time}", out), out
    assert "5 submission(s) Canvas marked LATE_ are on time by course.yml's due date" in out
    for i in TXT_ONLY:
        data = results[PEOPLE[i]["sis_login_id"]]
        assert data["extra_data"]["kit"]["status"] == "error" and "no .py or .ipynb among" in data["output"]
    bens = sorted(f for k, f in by_key.items() if k in ("u010", "u011"))
    assert bens == ["smithben-40010", "smithben-40011"], "two students of one sortable name stay two"
    ignored = list(csv.DictReader((term["base"] / "a1_encoding" / "ignored.csv").open(encoding="utf-8")))
    screenshots = [r for r in ignored if r["file"].endswith("_screenshot.png")]
    assert len(screenshots) == len(SCREENSHOTS) and all(r["reason"] == "not a .py or .ipynb file" for r in screenshots)
    assert any("an earlier or other hand-in of" in r["reason"] for r in ignored)
    more = len(ignored) - 20
    assert (
        f"… and {more} more file(s) ignored: the full list is in {term['base'] / 'a1_encoding' / 'ignored.csv'}" in out
    )


def _by_folder(term, aid: str) -> dict:
    return {p.parent.name: json.loads(p.read_text("utf-8")) for p in (term["base"] / aid).glob("*/results.json")}


def test_every_extension_applies_whatever_id_it_is_written_with(term):
    for aid in ("a2_losses", "a3_gradients"):
        assert term[aid][0] == 0, term[aid][1]
    for aid, i, kind in EXTENSIONS:
        data = _results(term["base"] / aid)[PEOPLE[i]["sis_login_id"]]
        late = data["extra_data"]["kit"]["late"]
        due = datetime.fromisoformat(DUE[aid]) + timedelta(days=2)
        assert late["extended"] and late["due"] == due.isoformat(), (aid, kind, late)
        assert late["days_late"] == 0 and late["factor"] == 1, (aid, kind, late)
        assert data["score"] == late["score_on_time"], (aid, kind)
    for aid, i in (("a1_encoding", 65), ("a2_losses", 80), ("a3_gradients", 90)):  # late, and no extension
        late = _results(term["base"] / aid)[PEOPLE[i]["sis_login_id"]]["extra_data"]["kit"]["late"]
        assert late["days_late"] == 1 and late["factor"] == pytest.approx(0.9) and "extended" not in late, aid


def test_every_door_is_joined_to_the_roster_and_the_stranger_is_reported(term):
    code, out, _err = term["a2_losses"]
    assert "1 student(s) of this batch are not in roster.csv" in out and "G9999" in out
    for aid in ("a1_encoding", "a2_losses", "a3_gradients"):
        keys = {r["extra_data"]["kit"].get("batch", {}).get("roster") for r in _by_folder(term, aid).values()}
        expected = {p["sis_login_id"] for i, p in enumerate(PEOPLE) if i not in ABSENT[aid]}
        assert keys - {None} == expected, aid
    gradescope = _by_folder(term, "a2_losses")
    assert "roster" not in gradescope["G9999"]["extra_data"]["kit"]["batch"]
    assert gradescope[PEOPLE[121]["gradescope_sid"]]["extra_data"]["kit"]["batch"]["roster"] == "u121", "a group"


# ---- the gradebook --------------------------------------------------------------------------------------------------


def _gradebook_rows(term) -> list:
    with (term["base"] / "book" / "gradebook.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_gradebook_has_one_row_per_roster_student(term):
    code, out, _err = term["gradebook"]
    assert code == 0, out
    rows = _gradebook_rows(term)
    students = [r["student"] for r in rows]
    keys = {p["sis_login_id"] for p in PEOPLE}
    assert sorted(s for s in students if s in keys) == sorted(keys), "every roster student once"
    assert [s for s in students if s not in keys] == ["G9999"], "and the one result the roster lacks, reported:"
    assert "1 result(s) name no student of roster.csv" in out and "G9999" in out
    by_key = {r["student"]: r for r in rows}
    for aid in ("a1_encoding", "a2_losses", "a3_gradients"):
        for i, p in enumerate(PEOPLE):
            graded = by_key[p["sis_login_id"]][f"{aid} graded"]
            assert (graded == "missing") == (i in ABSENT[aid]), (aid, i, graded)
    assert by_key["u149"]["total"] == "0" and by_key["u149"]["a1_encoding graded"] == "missing"
    assert by_key["u005"]["a2_losses final"] == "77", "an override written with an e-mail"
    assert by_key["u065"]["a1_encoding late penalty"] == "10"
    assert "no canvas_id in course.yml for a3_gradients" in out, "asked for before the import"


# A parser of Canvas's gradebook import, written from its rules (canvas-lms app/models/gradebook_importer.rb:
# GradebookImporter#parse!, #header?, #update_column_count, #process_student; Assignment.title_and_id) and
# Instructure's guide "How do I import grades in the Gradebook?". The header names Student and ID, then SIS User ID
# and SIS Login ID (or SIS Login ID alone), and its last student column is Section; an assignment column is
# "<title> (<id>)", or a title matched exactly; a row whose first cell holds "Points Possible" gives the points;
# each student row is matched by ID (Canvas's user id), else SIS User ID, else SIS Login ID, else by name; anything
# else is a new student.
NON_ASSIGNMENT = re.compile(
    "Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|Override Score|Override Grade|"
    "Override Status"
)


def canvas_import(text: str, canvas_students: list, canvas_assignments: dict) -> dict:
    first = text.splitlines()[:3]
    semicolon = all(len(next(csv.reader([line], delimiter=";"))) > len(next(csv.reader([line]))) for line in first)
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=";" if semicolon else ",") if "".join(r).strip(" ;,")]
    header = rows[0]
    if not (len(header) > 3 and "Student" in header[0] and "ID" in header[1]):
        raise ValueError("Invalid header row")
    columns, sis_user, sis_login = 3, None, None
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        sis_login, columns = 2, 4
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        extra = 1 if len(header) > 4 and re.search(r"Integration\s+ID", header[4]) else 0
        sis_user, sis_login, columns = 2, 3, 5 + extra
        if len(header) > 4 + extra and re.search(r"Root\s+Account", header[4 + extra]):
            columns += 1
    if "Section" not in header[columns - 1]:
        raise ValueError("Invalid header row")
    assignments, new_assignments = {}, []
    for index in range(columns, len(header)):
        title = header[index]
        if NON_ASSIGNMENT.search(title):
            continue
        match = re.fullmatch(r"(.*)\s\((\d+)\)", title, re.S)
        wanted = int(match.group(2)) if match else None
        found = wanted if wanted in canvas_assignments else None
        found = found or next((aid for aid, t in canvas_assignments.items() if t == title), None)
        if found is None:
            new_assignments.append(title)
        assignments[index] = found
    by_id = {s["id"]: s for s in canvas_students}
    by_sis = {s["sis_user_id"]: s for s in canvas_students}
    by_login = {s["login_id"]: s for s in canvas_students}
    points, students, new_students = {}, [], []
    for row in rows[1:]:
        if "Points Possible" in (row[0] or ""):
            points = {assignments[i]: row[i] for i in assignments}
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", cell or "", re.I) for cell in row):
            continue
        digits = re.match(r"\s*(\d+)", row[1] or "")
        student, how = (by_id.get(int(digits.group(1))) if digits else None), "id"
        if student is None and sis_user is not None and row[sis_user].strip():
            student, how = by_sis.get(row[sis_user].strip()), "sis_user_id"
        if student is None and sis_login is not None and row[sis_login].strip():
            student, how = by_login.get(row[sis_login].strip()), "sis_login_id"
        if student is None:
            named = [s for s in canvas_students if row[0] in (s["name"], s["sortable_name"])]
            student, how = (named[0], "name") if named else (None, "new")
        if student is None:
            new_students.append(row[0])
            continue
        students.append(
            {"id": student["id"], "how": how, "grades": {assignments[i]: row[i].strip() for i in assignments}}
        )
    return {"students": students, "new_students": new_students, "new_assignments": new_assignments, "points": points}


def test_canvas_grades_csv_imports_by_canvas_user_id(term):
    text = (term["base"] / "book" / "canvas_grades.csv").read_text("utf-8")
    canvas_students = [
        {
            "id": int(p["canvas_id"]),
            "name": p["name"],
            "sortable_name": f"{p['last_name']}, {p['first_name']}",
            "sis_user_id": p["sis_user_id"],
            "login_id": p["sis_login_id"],
        }
        for p in PEOPLE
    ]
    titles = {
        CANVAS_ASSIGNMENTS.get(aid, 503): spec["title"]
        for aid, spec in yaml.safe_load((ROOT / "course.yml").read_text("utf-8"))["assignments"].items()
        if aid != "a4_derivations"
    }
    imported = canvas_import(text, canvas_students, titles)
    assert imported["new_assignments"] == [], "a1 and a2 by id, a3 by its exact title"
    assert set(imported["points"]) == {501, 502, 503} and set(imported["points"].values()) == {"100"}
    matched = [s["id"] for s in imported["students"]]
    assert sorted(matched) == sorted(s["id"] for s in canvas_students), "every student once"
    assert {s["how"] for s in imported["students"]} == {"id"}, "by Canvas user id, never by name"
    assert imported["new_students"] == ["Dropped Student"], "the stranger the gradebook already reported"
    book = {r["student"]: r for r in _gradebook_rows(term)}
    for s in imported["students"]:
        row = book[f"u{s['id'] - 40000:03d}"]
        assert s["grades"][501] == row["a1_encoding final"] and s["grades"][503] == row["a3_gradients final"]
    bens = [s for s in imported["students"] if s["id"] in (40010, 40011)]
    assert len(bens) == 2, "two Ben Smiths, two Canvas users"


# ---- the class report: what to re-teach, on the first screen ---------------------------------------------------


def _first_screen(page: Path, context: dict, shot: Path) -> dict:
    from playwright.sync_api import sync_playwright
    from test_reporting import _chromium

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            ctx = browser.new_context(**context)
            tab = ctx.new_page()
            tab.goto(page.resolve().as_uri())
            tab.screenshot(path=str(shot))  # the viewport: what the instructor sees before scrolling
            boxes = {
                name: tab.locator(f"#{name}").bounding_box() for name in ("reteach-mistakes", "reteach-separating")
            }
            items = {
                name: tab.locator(f"#{name} li").all_inner_texts()
                for name in ("reteach-mistakes", "reteach-separating")
            }
            size = tab.viewport_size
            scale = tab.evaluate("window.devicePixelRatio")
            ctx.close()
        finally:
            browser.close()
    return {"boxes": boxes, "items": items, "size": size, "scale": scale}


@pytest.mark.parametrize(
    "context",
    [
        {"viewport": {"width": 1280, "height": 800}},
        {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True},
    ],
    ids=["1280px", "390px"],
)
def test_the_reports_first_screen_shows_what_to_reteach(term, context, tmp_path):
    import matplotlib.image

    report = term["base"] / "a1_encoding" / "report.html"
    shot = tmp_path / "first-screen.png"
    seen = _first_screen(report, context, shot)
    height, scale = seen["size"]["height"], seen["scale"]
    pixels = matplotlib.image.imread(shot)[..., :3]
    assert pixels.shape[0] == round(height * scale)
    mistakes = seen["items"]["reteach-mistakes"]
    assert len(mistakes) >= 3, mistakes
    assert any("exp overflows (max not subtracted)" in m for m in mistakes), mistakes
    assert any("taken along the wrong axis" in m for m in mistakes), mistakes
    assert len(seen["items"]["reteach-separating"]) >= 3 and all(
        re.match(r"[+-]\d\.\d\d\s", t) for t in seen["items"]["reteach-separating"]
    )
    for name, colour in (("reteach-mistakes", (0xD6, 0x45, 0x45)), ("reteach-separating", (0x7B, 0x5C, 0xC4))):
        box = seen["boxes"][name]
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, f"{name} is below the first screen: {box}"
        top, bottom = int(box["y"] * scale), int((box["y"] + box["height"]) * scale)
        left, right = int(box["x"] * scale), int((box["x"] + box["width"]) * scale)
        panel = pixels[top:bottom, left:right]
        border = (abs(panel - [c / 255 for c in colour]) < 0.04).all(axis=-1)
        assert border.sum() > 4 * scale * box["height"], f"{name}: its border is not drawn"
        ink = (panel.max(axis=-1) < 0.35).sum()
        assert ink > 2000 * scale * scale, f"{name}: no text drawn in it ({ink} dark pixels)"
