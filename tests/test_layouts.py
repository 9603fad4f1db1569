"""The folders instructors actually have: LMS and Gradescope export zips (given as the folder or lying in it), a
student's zip, Canvas resubmissions grouped under one student with the latest kept, every ignored file listed,
an empty folder warned about, and hostile zips (paths out of the folder, links, bombs) unpacked safely."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import hostile_class
import pytest

from autograder.batch import archives, discover, run_batch
from autograder.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
A1 = "a1_encoding"
SOLUTION = (ROOT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
WRONG_AXIS = SOLUTION.replace(
    "    return e / np.sum(e, axis=axis, keepdims=True)\n", "    return e / np.sum(e, axis=0, keepdims=True)\n", 1
)
STUB = (ROOT / "assignments" / A1 / f"{A1}.py").read_text(encoding="utf-8")
GRADESCOPE_META = (
    "submission_7001:\n  :submitters:\n  - :name: Ana Ruiz\n    :sid: 'A001'\n    :email: ana@example.edu\n"
    "  :created_at: 2026-12-08 10:00:00.000000000 +08:00\n"
)


def _zip(path: Path, members: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _class_folder(root: Path) -> Path:
    """A Canvas download (one resubmission, a screenshot), a Gradescope export, and a plain file, in one folder."""
    subs = root / "subs"
    _zip(
        subs / "submissions.zip",
        {
            "smithbob_340934_208490284_a1_encoding.py": WRONG_AXIS,  # first hand-in
            "smithbob_LATE_340934_208499999_a1_encoding-1.py": SOLUTION,  # resubmitted, late: the one that counts
            "wellslane_334244_394803489_a1_encoding.ipynb": json.dumps(
                {
                    "nbformat": 4,
                    "nbformat_minor": 5,
                    "metadata": {},
                    "cells": [
                        {
                            "cell_type": "code",
                            "metadata": {},
                            "source": SOLUTION,
                            "outputs": [],
                            "execution_count": None,
                            "id": "c1",
                        }
                    ],
                }
            ),
            "wellslane_334244_394803490_screenshot.png": b"\x89PNG",
        },
    )
    _zip(
        subs / "gradescope_export.zip",
        {
            "assignment_5_export/submission_metadata.yml": GRADESCOPE_META,
            "assignment_5_export/submission_7001/a1_encoding.py": SOLUTION,
        },
    )
    subs.mkdir(exist_ok=True)
    (subs / "dana.py").write_text(SOLUTION, encoding="utf-8")
    (subs / "notes.txt").write_text("grading notes", encoding="utf-8")
    return subs


def test_a_folder_of_exports_and_a_resubmission_grades_each_student_once(tmp_path, capsys):
    subs = _class_folder(tmp_path)
    out = tmp_path / "out"
    assert cli_main(["batch", str(subs), "-a", A1, "--out", str(out), "-j", "1"]) == 0
    printed = capsys.readouterr().out
    results = {p.parent.name: json.loads(p.read_text("utf-8")) for p in out.glob("*/results.json")}
    assert set(results) == {"smithbob", "wellslane", "A001", "dana"}, "each student once, nobody silently dropped"
    assert all(r["score"] == 100.0 for r in results.values()), {k: r["score"] for k, r in results.items()}
    batch = results["smithbob"]["extra_data"]["kit"]["batch"]
    assert batch["source"] == "submissions.zip:smithbob_LATE_340934_208499999_a1_encoding-1.py"
    assert batch["lms"] == {"canvas_user_id": "340934", "canvas_late": True} and batch["layout"] == "canvas"
    assert results["A001"]["extra_data"]["kit"]["batch"]["lms"] == {
        "name": "Ana Ruiz",
        "email": "ana@example.edu",
        "sid": "A001",
    }
    assert "graded 4, skipped 0 (already graded), errors 0 — 4 submission(s)" in printed
    assert (
        "ignored: submissions.zip:smithbob_340934_208490284_a1_encoding.py: an earlier or other hand-in of "
        "smithbob: graded submissions.zip:smithbob_LATE_340934_208499999_a1_encoding-1.py"
    ) in printed
    assert "ignored: submissions.zip:wellslane_334244_394803490_screenshot.png: not a .py or .ipynb file" in printed
    assert "ignored: notes.txt: not a .py or .ipynb file" in printed
    assert sorted(p.name for p in subs.iterdir()) == [
        "dana.py",
        "gradescope_export.zip",
        "notes.txt",
        "submissions.zip",
    ]
    # Run again: the unpacked files are found where they were, nothing is graded twice.
    assert cli_main(["batch", str(subs), "-a", A1, "--out", str(out), "-j", "1"]) == 0
    assert "graded 0, skipped 4 (already graded)" in capsys.readouterr().out


def test_an_export_zip_given_as_the_submissions(tmp_path):
    export = _zip(
        tmp_path / "canvas.zip",
        {
            "leeann_11_901_a1_encoding.py": SOLUTION,
            "leeann_22_902_a1_encoding.py": STUB,  # a second student with the same sortable name
            "kimjo_33_903_work.zip": b"",  # a student's zip that is no zip
        },
    )
    found = discover(export, A1, unpack_to=tmp_path / "unpacked")
    by_id = {e.student: e for e in found}
    assert set(by_id) == {"leeann-11", "leeann-22", "kimjo"}, "two users, one name: both kept apart"
    assert (
        by_id["leeann-11"].path.read_text("utf-8") == SOLUTION
        and by_id["leeann-11"].origin == "canvas.zip:leeann_11_901_a1_encoding.py"
    )
    assert "cannot read canvas.zip:kimjo_33_903_work.zip" in str(by_id["kimjo"].error)
    assert ("canvas.zip:kimjo_33_903_work.zip", "not a readable zip (File is not a zip file)") in reasons(found)
    assert all(_inside(e.path, tmp_path / "unpacked") for e in found if e.path)


def reasons(found) -> list:
    """The list of ignored files as the instructor reads it (each reason rendered in English)."""
    return [(shown, str(reason)) for shown, reason in found.ignored]


def _inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def test_a_students_own_zip_in_the_folder_or_in_their_folder(tmp_path):
    subs = tmp_path / "subs"
    _zip(subs / "erin.zip", {"erin_work/a1_encoding.py": SOLUTION, "erin_work/helper.py": "x = 1\n"})
    _zip(subs / "fred" / "handin.zip", {"a1_encoding.ipynb": "{}"})
    (subs / "gina").mkdir()
    (subs / "gina" / "a1_encoding.py").write_text(SOLUTION, encoding="utf-8")
    _zip(subs / "gina" / "old.zip", {"a1_encoding.py": STUB})
    found = discover(subs, A1, unpack_to=tmp_path / "unpacked")
    by_id = {e.student: e for e in found}
    assert by_id["erin"].path.name == "a1_encoding.py" and by_id["erin"].layout == "zip"
    assert (
        by_id["fred"].path.name == "a1_encoding.ipynb" and by_id["fred"].origin == "fred/handin.zip:a1_encoding.ipynb"
    )
    assert by_id["gina"].path == subs / "gina" / "a1_encoding.py"
    ignored = dict(reasons(found))
    assert ignored["gina/old.zip"] == "not opened: the folder holds a .py or .ipynb already"
    assert ignored["erin.zip:erin_work/helper.py"].startswith("not graded: erin.zip:erin_work/a1_encoding.py")


def test_an_empty_folder_is_a_warning_not_a_silent_zero(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "README.md").write_text("collect here", encoding="utf-8")
    assert cli_main(["batch", str(tmp_path / "subs"), "-a", A1, "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert f"warning: no submissions found in {tmp_path / 'subs'}" in printed
    assert "ignored: README.md: not a .py or .ipynb file" in printed


def test_hostile_zips_write_nothing_outside_and_say_what_they_left_out(tmp_path):
    subs = tmp_path / "subs"
    path = subs / "mallory.zip"
    subs.mkdir()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../escaped.py", "print('out')\n")
        zf.writestr("/etc/absolute.py", "print('abs')\n")
        zf.writestr("C:/windows.py", "x\n")
        link = zipfile.ZipInfo("a1_encoding.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/shadow")
        zf.writestr("bomb.py", b"#" * (archives.MAX_BYTES + 1))
        zf.writestr(".hidden.py", SOLUTION)
        zf.writestr("deep.zip", _zip(tmp_path / "d.zip", {"x.zip": b""}).read_bytes())
        zf.writestr("work/a1_encoding.py", SOLUTION)
    found = discover(subs, A1, unpack_to=tmp_path / "unpacked")
    why = dict(reasons(found))
    assert why["mallory.zip:../../escaped.py"] == "a name that would land outside the folder"
    assert why["mallory.zip:/etc/absolute.py"] == "a name that would land outside the folder"
    assert why["mallory.zip:C:/windows.py"] == "a name that would land outside the folder"
    assert why["mallory.zip:a1_encoding.py"] == "a symbolic link"
    assert why["mallory.zip:bomb.py"].startswith("too large")
    assert why["mallory.zip:.hidden.py"] == "a hidden file"
    assert [e.path.relative_to(e.path.parents[1]).as_posix() for e in found] == ["work/a1_encoding.py"]
    assert not (tmp_path / "escaped.py").exists() and not (tmp_path / "unpacked" / "escaped.py").exists()
    assert not [p for p in (tmp_path / "unpacked").rglob("*") if p.is_symlink()]
    assert sum(p.stat().st_size for p in (tmp_path / "unpacked").rglob("*") if p.is_file()) < 2 * len(SOLUTION) + 1024


def test_a_zip_whose_header_lies_about_its_size_is_cut(tmp_path):
    path = _zip(tmp_path / "liar.zip", {"a1_encoding.py": b"#" * (archives.MAX_BYTES + 10)})
    data = bytearray(path.read_bytes())
    # Claim a small size in both headers: the bounded copy must still stop at the limit.
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
    real = info.file_size.to_bytes(4, "little")
    small = (100).to_bytes(4, "little")
    data = data.replace(real, small)
    path.write_bytes(bytes(data))
    result = archives.unpack(path, tmp_path / "out")
    written = tmp_path / "out" / "a1_encoding.py"
    assert not written.exists() or written.stat().st_size <= archives.MAX_BYTES
    assert result.skipped and "cannot be unpacked" in str(result.skipped[0][1])


@pytest.mark.parametrize("bad", ["not a zip at all", b"PK\x03\x04garbage"])
def test_an_unreadable_export_is_one_line(tmp_path, capsys, bad):
    export = tmp_path / "export.zip"
    export.write_bytes(bad.encode() if isinstance(bad, str) else bad)
    assert cli_main(["batch", str(export), "-a", A1, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"autograder: error: cannot read the export {export}: not a readable zip") and "\n" not in err


def test_run_batch_keeps_the_unpacked_files_out_of_the_students_reach(tmp_path):
    subs = _class_folder(tmp_path)
    summary = run_batch(subs, A1, tmp_path / "out", jobs=1, progress=False, report=False)
    assert summary.graded == 4 and summary.errors == 0
    assert (tmp_path / "out" / ".unpacked").is_dir(), "archives unpack inside OUT, which student code never sees"
    assert not list((tmp_path / "out").glob(".unpacked/results.json"))
    assert [line for line in summary.lines() if line.startswith("  ignored:")][:1]


@pytest.fixture(scope="module")
def alone_grader():
    from autograder.grading.supervisor import SupervisedGrader

    with SupervisedGrader(A1) as grader:
        yield grader


def grade_alone(grader, hc, tmp_path: Path) -> dict:
    """Each honest student's file graded on its own, under their id (the same seed as in the class)."""
    alone = {}
    for student, source in hc.honest.items():
        path = tmp_path / "alone" / student / (f"{A1}.ipynb" if source.lstrip().startswith("{") else f"{A1}.py")
        path.parent.mkdir(parents=True)
        path.write_text(source, encoding="utf-8")
        alone[student] = grader.grade(path, student=student).to_results()
    return alone


@pytest.mark.parametrize("layout", ["plain", "canvas"])
def test_hostile_zips_links_and_bytes_cost_only_their_student(tmp_path, capsys, alone_grader, layout):
    """A plain class folder and a Canvas export holding what hostile students hand in (tests/hostile_class.py):
    alice.zip holding bob.py and carol.py, a member name of 300 characters, `x.py` then `x.py/a1_encoding.py`,
    links, an escape sequence in a name, a latin-1 file, a lone surrogate, a NUL byte hiding a copy. Every honest
    student is graded as alone, every bad file is named with its reason, the copied pair is still grouped."""
    hc = (hostile_class.plain_class if layout == "plain" else hostile_class.canvas_class)(tmp_path)
    out = tmp_path / "out"
    assert cli_main(["batch", str(hc.folder), "-a", A1, "--out", str(out), "-j", "2"]) == 0
    printed = capsys.readouterr().out
    assert hostile_class.problems(hc, out, printed, grade_alone(alone_grader, hc, tmp_path)) == []
