"""Batch grading: the same grades as one-by-one grading, resumable after a kill, nothing regraded twice, bad
folders reported per student, a spreadsheet-safe grades.csv, the same CSV through Dask, and the layouts
instructors have (flat files, folders, nbgrader, a Gradescope export)."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograder.batch import discover, rebuild_grades_csv, run_batch, safe_student_id
from autograder.batch.grades import neutralise
from autograder.batch.progress import PlainProgress
from autograder.cli import main as cli_main
from autograder.grading.engine import Grader

ROOT = Path(__file__).resolve().parent.parent

A1 = "a1_encoding"
SOLUTION = (ROOT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
NO_MAX = SOLUTION.replace(
    "    shifted = z - np.max(z, axis=axis, keepdims=True)\n    e = np.exp(shifted)\n", "    e = np.exp(z)\n", 1
)
WRONG_AXIS = SOLUTION.replace(
    "    return e / np.sum(e, axis=axis, keepdims=True)\n", "    return e / np.sum(e, axis=0, keepdims=True)\n", 1
)
TRANSPOSED = SOLUTION.replace("x @ np.asarray(W1, dtype=float).T", "x @ np.asarray(W1, dtype=float)", 1)
CRASHING = "import sys\nsys.exit(3)\n" + SOLUTION
INJECTIONS = ["=1+2", "+SUM(A1)", "-2+3", "@cmd"]


def _notebook(source: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# a1"), nbformat.v4.new_code_cell(source)]
    return nbformat.writes(nb)


def make_class(root: Path, n_correct: int = 6) -> Path:
    """A small class: correct copies, the usual mistakes, a crash, a notebook, names a spreadsheet would run."""
    root.mkdir(parents=True)
    for i in range(n_correct):
        (root / f"ok{i:02d}.py").write_text(f"# student {i}\n" + SOLUTION, encoding="utf-8")
    for name, source in [("nomax", NO_MAX), ("axis", WRONG_AXIS), ("transposed", TRANSPOSED), ("exits", CRASHING)]:
        (root / f"{name}.py").write_text(source, encoding="utf-8")
    (root / "chen").mkdir()
    (root / "chen" / f"{A1}.ipynb").write_text(_notebook(NO_MAX), encoding="utf-8")
    (root / "chen" / ".ipynb_checkpoints").mkdir()
    (root / "chen" / ".ipynb_checkpoints" / f"{A1}-checkpoint.ipynb").write_text(_notebook(SOLUTION), encoding="utf-8")
    for name in INJECTIONS:
        (root / f"{name}.py").write_text(SOLUTION, encoding="utf-8")
    return root


def add_bad_folders(root: Path) -> dict:
    """Four students whose folders cannot be graded, and the words their error must contain."""
    (root / "empty").mkdir()
    (root / "two").mkdir()
    (root / "two" / "first.py").write_text(SOLUTION, encoding="utf-8")
    (root / "two" / "second.py").write_text(SOLUTION, encoding="utf-8")
    (root / "dangling.py").symlink_to(root / "nowhere" / "gone.py")  # unreadable, even for root
    (root / "latin1.py").write_bytes("# café\n".encode("latin-1") + SOLUTION.encode())
    return {
        "empty": "no .py or .ipynb",
        "two": "2 candidate files",
        "dangling": "broken symbolic link",
        "latin1": "not UTF-8",
    }


def results(out: Path, student: str) -> dict:
    return json.loads((out / student / "results.json").read_text(encoding="utf-8"))


def comparable(data: dict) -> dict:
    """A results.json without what legitimately differs between two gradings (times, the batch's own notes)."""
    kit = data["extra_data"]["kit"]
    return {
        "score": data["score"],
        "output": data["output"],
        "tests": [(t["name"], t["score"], t["max_score"], t["status"], t["output"]) for t in data["tests"]],
        "problems": kit["problems"],
        "student": kit["student"],
        "seed": kit["seed"],
        "content_sha256": kit["content_sha256"],
        "graders_sha256": kit["graders_sha256"],
    }


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One batch over the small class plus the bad folders, graded once for several tests."""
    base = tmp_path_factory.mktemp("batch")
    subs = make_class(base / "subs")
    bad = add_bad_folders(subs)
    out = base / "out"
    summary = run_batch(subs, A1, out, jobs=2, progress=False)
    return {"subs": subs, "out": out, "summary": summary, "bad": bad}


# ---- the grades --------------------------------------------------------------------------------------
def test_batch_grades_equal_single_grader_results(graded):
    subs, out, summary = graded["subs"], graded["out"], graded["summary"]
    students = sorted(p.name for p in out.iterdir() if (p / "results.json").is_file())
    good = [s for s in students if s not in graded["bad"]]
    assert summary.graded == len(good) == 6 + 4 + 1 + len(INJECTIONS)
    with Grader(A1) as grader:
        for student in good:
            path = subs / f"{student}.py" if (subs / f"{student}.py").exists() else subs / student / f"{A1}.ipynb"
            single = grader.grade(path, student=student, seed=summary_seed()).to_results()
            assert comparable(results(out, student)) == comparable(single), student
    # the class is not uniform: the mistakes cost points, the crash costs everything
    assert results(out, "ok00")["score"] == 100
    assert results(out, "nomax")["score"] < 100 and results(out, "axis")["score"] < 100
    assert results(out, "chen")["score"] == results(out, "nomax")["score"], (
        "the notebook, not its checkpoint, was graded"
    )
    assert results(out, "exits")["score"] == 0


def test_batch_grades_equal_the_cold_cli(graded, tmp_path):
    target = tmp_path / "results.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(graded["subs"] / "axis.py"),
            "-a",
            A1,
            "--results",
            str(target),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    cold = json.loads(target.read_text(encoding="utf-8"))
    assert comparable(results(graded["out"], "axis")) == comparable(cold)


def summary_seed() -> int:
    from autograder.course import load_course

    return load_course().assignment(A1).seed


def test_results_carry_hashes_and_are_written_by_the_batch(graded):
    kit = results(graded["out"], "ok01")["extra_data"]["kit"]
    assert len(kit["content_sha256"]) == 64 and len(kit["graders_sha256"]) == 64
    assert kit["batch"]["source"] == "ok01.py" and len(kit["batch"]["fingerprint"]) == 64
    assert not list(graded["out"].glob("*/.results.json.*")), "no temporary files left behind"


def test_bad_folders_are_reported_per_student_and_the_batch_goes_on(graded):
    out, summary, bad = graded["out"], graded["summary"], graded["bad"]
    assert summary.errors == len(bad)
    reported = dict(summary.problems)
    for student, words in bad.items():
        data = results(out, student)
        assert data["score"] == 0 and data["extra_data"]["kit"]["status"] == "error", student
        assert words in data["extra_data"]["kit"]["note"] and words in reported[student], (
            student,
            reported.get(student),
        )
    rows = {row[0]: row for row in read_csv(out / "grades.csv")[1:]}
    assert all(rows[s][-2:] == ["error", ""] and rows[s][1] == "0" for s in bad)
    assert sum(row[-2] == "graded" for row in rows.values()) == summary.graded


def test_grades_csv_neutralises_formulas(graded):
    table = read_csv(graded["out"] / "grades.csv")
    header, rows = table[0], table[1:]
    assert header[0] == "student" and header[1] == "total" and header[-2:] == ["status", "isolation"]
    assert header[2:-2] == ["encoding_distances", "one_hot", "softmax", "log_softmax", "sigmoid", "mlp_logits"]
    names = [row[0] for row in rows]
    for name in INJECTIONS:
        assert "'" + name in names, names
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in table for cell in row)
    assert neutralise("\tcmd") == "'\tcmd" and neutralise("\rx") == "'\rx" and neutralise("ok") == "ok"
    # the CSV is derived from the results alone, so it can be rebuilt at any time, identically
    before = (graded["out"] / "grades.csv").read_bytes()
    rebuild_grades_csv(graded["out"])
    assert (graded["out"] / "grades.csv").read_bytes() == before


def test_report_is_written(graded):
    page = (graded["out"] / "report.html").read_text(encoding="utf-8")
    assert graded["summary"].report == graded["out"] / "report.html"
    assert '<svg id="score-histogram"' in page, "the score histogram is drawn inline"
    assert "nomax" in page and "empty" in page


def test_what_the_batch_writes_beside_each_grade_equals_what_the_files_rebuild(graded, tmp_path):
    """The batch writes each page beside its grade and builds grades.csv and the report from the results it holds,
    with the near-identical comparison started while it grades: byte for byte what the files on disk give."""
    import shutil

    from autograder.course import load_course
    from autograder.reporting import write_class_report, write_feedback_pages

    out = tmp_path / "out"
    shutil.copytree(graded["out"], out)
    pages = sorted(out.glob("*/feedback.html"))
    assert len(pages) == len(list(out.glob("*/results.json"))), "every result has its page"
    before = {p: p.read_bytes() for p in [*pages, out / "grades.csv", out / "report.html"]}
    for path in before:
        path.unlink()
    sources = {e.student: e.path for e in discover(graded["subs"], A1) if e.path}
    rebuild_grades_csv(out, load_course().assignment(A1))
    write_feedback_pages(out)
    course = load_course()
    write_class_report(out, course=course, lang=course.language, sources=sources)
    for path, data in before.items():
        assert path.read_bytes() == data, path.relative_to(out)
    report = before[out / "report.html"].decode()
    assert 'id="similarity-note"' not in report, "the comparison ran on the code, started while the class was graded"
    # Fifteen files hold the reference, more than COMMON_FLOOR: code the class shares, set aside as MOSS does, so the
    # one-line edits of it are no group (a starting file handed round must not join the class into one); the four
    # byte-identical files still are.
    groups = re.findall(r'data-kind="(\w+)" data-size="(\d+)"', report)
    assert groups == [("identical", "4")], groups


def test_second_run_grades_nothing_then_only_what_changed(graded):
    subs, out = graded["subs"], graded["out"]
    stamps = {p: p.stat().st_mtime_ns for p in out.glob("*/results.json")}
    again = run_batch(subs, A1, out, jobs=2, progress=False)
    assert again.graded == 0 and again.skipped == graded["summary"].graded and again.errors == len(graded["bad"])
    assert {p: p.stat().st_mtime_ns for p in out.glob("*/results.json")} == stamps, "no results.json rewritten"

    (subs / "ok05.py").write_text(NO_MAX, encoding="utf-8")  # a student replaced the file
    third = run_batch(subs, A1, out, jobs=1, progress=False)
    assert third.graded == 1 and third.skipped == graded["summary"].graded - 1
    assert results(out, "ok05")["score"] == results(out, "nomax")["score"] < 100
    (subs / "ok05.py").write_text("# student 5\n" + SOLUTION, encoding="utf-8")
    assert run_batch(subs, A1, out, jobs=1, progress=False, report=False).graded == 1


# ---- killed midway -----------------------------------------------------------------------------------
def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found.update(int(x) for x in (task / "children").read_text().split())
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_batch_resumes_to_the_same_grades_csv(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(24):
        source = [SOLUTION, NO_MAX, WRONG_AXIS][i % 3]
        (subs / f"st{i:02d}.py").write_text(f"# {i}\n" + source, encoding="utf-8")
    reference = run_batch(subs, A1, tmp_path / "reference", jobs=2, progress=False, report=False)
    assert reference.graded == 24

    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "autograder", "batch", str(subs), "-a", A1, "--out", str(out), "--jobs", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(list(out.glob("*/results.json"))) < 3:
        workers |= _children(process.pid) if _alive(process.pid) else set()
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = len(list(out.glob("*/results.json")))
    assert 3 <= done < 24, f"the kill came too late to test anything ({done} graded)"
    assert not (out / "grades.csv").exists(), "killed before the end: the CSV is rebuilt by the next run"
    for pid in workers:  # the workers (and their student-process templates) die with the batch
        for _ in range(200):
            if not _alive(pid):
                break
            time.sleep(0.05)
        assert not _alive(pid), f"worker {pid} outlived the killed batch"

    resumed = run_batch(subs, A1, out, jobs=2, progress=False, report=False)
    assert resumed.skipped == done and resumed.graded == 24 - done  # every finished result kept, none regraded
    assert (out / "grades.csv").read_bytes() == (tmp_path / "reference" / "grades.csv").read_bytes()


# ---- Dask --------------------------------------------------------------------------------------------
def test_dask_local_cluster_gives_the_same_grades_csv(tmp_path):
    from distributed import Client, LocalCluster

    from autograder.batch.worker_side import cached_graders

    subs = make_class(tmp_path / "subs", n_correct=2)
    local = run_batch(subs, A1, tmp_path / "local", jobs=2, progress=False, report=False)
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        remote = run_batch(subs, A1, tmp_path / "dask", dask=cluster.scheduler_address, progress=False, report=False)
        on_workers = client.run(cached_graders)
    assert list(on_workers.values()) == [[A1]], "the Dask worker graded, with one cached Grader"
    assert cached_graders() == [], "nothing was graded in this process"
    assert remote.graded == local.graded > 0 and remote.errors == local.errors == 0 and remote.workers == 1
    assert (tmp_path / "dask" / "grades.csv").read_bytes() == (tmp_path / "local" / "grades.csv").read_bytes()
    assert results(tmp_path / "dask", "ok00")["extra_data"]["kit"]["isolation"] == "root"
    assert results(tmp_path / "dask", "ok00")["extra_data"]["kit"]["batch"]["worker"].startswith("tcp://")


def test_a_heartbeat_line_when_nothing_finishes_for_a_while(tmp_path, monkeypatch, capsys):
    from autograder.batch import runner

    monkeypatch.setattr(runner, "HEARTBEAT_SECONDS", 1.0)
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "slow.py").write_text("import time\ntime.sleep(4)\n" + SOLUTION, encoding="utf-8")
    summary = run_batch(subs, A1, tmp_path / "out", jobs=1, progress=True, report=False)
    printed = capsys.readouterr().out
    assert summary.graded == 1 and results(tmp_path / "out", "slow")["score"] == 100
    assert re.search(
        r"^a1_encoding: still grading: 0/1 done, 1 in flight, the longest for [1-9]\d* s; "
        r"nothing finished for [1-9]\d* s$",
        printed,
        re.M,
    ), printed


def test_isolation_is_recorded_and_a_required_level_is_enforced(tmp_path, monkeypatch):
    from autograder.errors import KitError

    subs = make_class(tmp_path / "subs", n_correct=1)
    monkeypatch.setenv("AUTOGRADER_MAX_ISOLATION", "landlock")  # a machine that grants no namespaces
    with pytest.raises(KitError, match="isolation level landlock is below the required min_isolation"):
        run_batch(subs, A1, tmp_path / "strict", jobs=1, min_isolation="root", progress=False, report=False)
    assert not list((tmp_path / "strict").glob("*/results.json")) or all(
        results(tmp_path / "strict", p.parent.name)["extra_data"]["kit"]["status"] == "error"
        for p in (tmp_path / "strict").glob("*/results.json")
    ), "no result graded below the required level kept"
    accepted = run_batch(subs, A1, tmp_path / "weak", jobs=1, min_isolation="landlock", progress=False, report=False)
    assert accepted.graded > 0
    table = read_csv(tmp_path / "weak" / "grades.csv")
    assert table[0][-1] == "isolation" and {row[-1] for row in table[1:] if row[-2] == "graded"} == {"landlock"}
    with pytest.raises(KitError, match="--min-isolation must be one of none, landlock, userns, root"):
        run_batch(subs, A1, tmp_path / "bad", min_isolation="chroot", progress=False, report=False)


# ---- layouts and ids ---------------------------------------------------------------------------------
def test_student_ids_are_safe_folder_names_that_keep_letters():
    assert safe_student_id("李小明") == "李小明"
    assert safe_student_id("José García") == "José García"
    for raw in [
        "..",
        ".",
        "../../etc/passwd",
        "a/b",
        "a\\b",
        "tab\there",
        "bell\x07",
        "rtl\u202eexe",
        "",
        ".hidden",
        "grades.csv",
        "x" * 400,
    ]:
        safe = safe_student_id(raw)
        assert safe and "/" not in safe and "\\" not in safe and not safe.startswith("."), (raw, safe)
        assert all(ch.isprintable() for ch in safe), (raw, safe)
        assert len(safe.encode()) < 255 and safe != "grades.csv"
    assert safe_student_id("a/b") != safe_student_id("a_b"), "two ids never share a folder"


def test_layouts_nbgrader_gradescope_and_folders(tmp_path):
    nb = tmp_path / "course" / "submitted"
    for student in ("alice", "bob"):
        (nb / student / A1).mkdir(parents=True)
        (nb / student / A1 / f"{A1}.ipynb").write_text(_notebook(SOLUTION), encoding="utf-8")
        (nb / student / A1 / "timestamp.txt").write_text("2026-12-01 10:00:00", encoding="utf-8")
    (nb / "carol" / "a2_losses").mkdir(parents=True)  # another assignment only
    found = {e.student: e for e in discover(tmp_path / "course", A1)}
    assert (
        found["alice"].layout == "nbgrader" and found["alice"].path.name == f"{A1}.ipynb" and not found["alice"].error
    )
    assert "no a1_encoding/ folder" in str(found["carol"].error)
    assert {e.student for e in discover(nb, A1)} == {"alice", "bob", "carol"}

    gs = tmp_path / "export"
    for folder in ("submission_101", "submission_102"):
        (gs / folder).mkdir(parents=True)
        (gs / folder / "my_work.py").write_text(SOLUTION, encoding="utf-8")
    (gs / "submission_metadata.yml").write_text(
        "submission_101:\n"
        "  :submitters:\n"
        "  - :name: Ana Ruiz\n    :sid: 'A001'\n    :email: ana@example.edu\n"
        "  - :name: Ben Li\n    :sid: 'A002'\n    :email: ben@example.edu\n"
        "  :created_at: 2026-12-08 10:00:00.000000000 -08:00\n"
        "  :score: !ruby/object:BigDecimal 18:0.1e2\n"
        "submission_102:\n"
        "  :submitters:\n  - :name: 王小明\n    :email: wang@example.edu\n",
        encoding="utf-8",
    )
    found = {e.student: e for e in discover(gs, A1)}
    assert set(found) == {"A001", "A002", "wang@example.edu"}
    assert found["A001"].path == found["A002"].path == gs / "submission_101" / "my_work.py"
    assert found["A001"].layout == "gradescope"

    flat = tmp_path / "flat"
    (flat / "dan" / "scratch").mkdir(parents=True)
    (flat / "dan" / f"{A1}.py").write_text(SOLUTION, encoding="utf-8")
    (flat / "dan" / "scratch" / "try.py").write_text("x = 1\n", encoding="utf-8")  # the assignment's file wins
    (flat / "dan" / "__pycache__").mkdir()
    (flat / "dan" / "__pycache__" / "x.py").write_text("", encoding="utf-8")
    (flat / "eve").mkdir()
    (flat / "eve" / "sol.py").symlink_to(Path("/etc/hostname"))  # a link out of the student's folder
    (flat / ".hidden.py").write_text(SOLUTION, encoding="utf-8")
    (flat / "README.md").write_text("notes", encoding="utf-8")
    (flat / "fay.py").write_text(SOLUTION, encoding="utf-8")
    (flat / "fay").mkdir()
    (flat / "fay" / "x.py").write_text(SOLUTION, encoding="utf-8")
    found = {e.student: e for e in discover(flat, A1)}
    assert set(found) == {"dan", "eve", "fay"}
    assert found["dan"].path == flat / "dan" / f"{A1}.py" and found["dan"].error is None
    assert "symbolic link" in str(found["eve"].error), "a link is never followed, wherever it leads"
    assert "2 submissions for this student" in str(found["fay"].error)


# ---- the command line and progress -------------------------------------------------------------------
def test_cli_errors_are_one_line_and_exit_2(tmp_path, capsys):
    assert cli_main(["batch", str(tmp_path / "missing"), "-a", A1, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("autograder: error:") and "not found" in err and "\n" not in err
    (tmp_path / "subs").mkdir()
    assert cli_main(["batch", str(tmp_path / "subs"), "-a", A1, "--out", str(tmp_path / "subs" / "out")]) == 2
    assert "inside the submissions folder" in capsys.readouterr().err
    assert cli_main(["batch", str(tmp_path / "subs"), "-a", "a9_nothing", "--out", str(tmp_path / "o")]) == 2
    assert "unknown assignment" in capsys.readouterr().err


def test_cli_runs_and_prints_plain_progress_and_a_summary(tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("a", "b", "c"):
        (subs / f"{name}.py").write_text(SOLUTION, encoding="utf-8")
    (subs / "empty").mkdir()
    assert cli_main(["batch", str(subs), "-a", A1, "--out", str(tmp_path / "out"), "-j", "1"]) == 0
    printed = capsys.readouterr().out
    assert f"{A1}: 3/3 (100 %)" in printed, printed  # stdout is not a terminal here: plain lines
    assert "graded 3, skipped 0 (already graded), errors 1" in printed and "error: empty:" in printed
    assert "submissions/s" in printed and "report.html" in printed

    # nothing changed: nothing graded; --force, another seed or another language: everything again
    runs = [
        ([], 0, summary_seed(), "en"),
        (["--force"], 3, summary_seed(), "en"),
        (["--seed", "5"], 3, 5, "en"),
        (["--seed", "5"], 0, 5, "en"),
        (["--lang", "zh-TW"], 3, summary_seed(), "zh-TW"),
    ]
    for extra, graded_again, seed, lang in runs:
        assert cli_main(["batch", str(subs), "-a", A1, "--out", str(tmp_path / "out"), "-j", "1", *extra]) == 0
        assert f"graded {graded_again}, skipped {3 - graded_again}" in capsys.readouterr().out, extra
        kit = results(tmp_path / "out", "a")["extra_data"]["kit"]
        assert (kit["seed"], kit["language"]) == (seed, lang), extra


def test_students_see_neither_other_submissions_nor_results(tmp_path):
    from autograder.sandbox.process import running_as_root

    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "alice.py").write_text(SOLUTION, encoding="utf-8")
    (subs / "mallory.py").write_text(
        SOLUTION
        + f"""

def sigmoid(z):
    import os
    seen = []
    for folder in ({str(subs)!r}, {str(tmp_path / "out")!r}):
        try:
            seen.append(sorted(os.listdir(folder)))
        except OSError as exc:
            seen.append(type(exc).__name__)
    raise RuntimeError(repr(seen))
""",
        encoding="utf-8",
    )
    summary = run_batch(subs, A1, tmp_path / "out", jobs=1, progress=False, report=False)
    assert summary.graded == 2
    message = results(tmp_path / "out", "mallory")["extra_data"]["kit"]["problems"]["sigmoid"]["message"]
    assert "RuntimeError" in message, message
    if running_as_root():  # the template's mount namespace hides both folders (SECURITY.md: weaker without root)
        assert "alice" not in message and "results.json" not in message, message


def test_plain_progress_prints_every_five_percent():
    stream = io.StringIO()
    bar = PlainProgress(200, "a1", stream=stream, every=1e9)
    for i in range(200):
        bar.advance("error" if i == 7 else "graded")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 20 and lines[-1].startswith("a1: 200/200 (100 %)") and "1 error" in lines[-1]
    assert "/s, ETA" in lines[0]
