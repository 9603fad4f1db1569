"""The Gradescope bundle in a container that allows no namespaces: nothing hidden can be read from anywhere.

A root like /autograder is built as setup.sh builds it (a virtual environment with the dependencies alone;
here a fresh venv that reaches the kit's test environment's packages through a .pth line, so the kit is not
installed in it) and run_autograder grades under `no_namespaces.py` (as root, unshare and namespace clones
refused by seccomp: the kit falls back to Landlock with a uid per student). The submission walks the whole
file system and tries every place a grader or a solution could be; it answers honestly only if it read
nothing secret, and only if it could read an ordinary file (so a walk that silently failed cannot pass).
The same attack against the old layout (the kit installed into the venv) must find the graders.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from autograder.grading.late import read_time
from autograder.grading.supervisor import grade_submission
from autograder.integrations import gradescope

KIT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
A1 = "a1_encoding"

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the container mimic runs as root, as Gradescope does")

ATTACK = """
import os, sys, time

KNOWN = {known!r}
SECRET_MARKS = ("def test_", "### BEGIN SOLUTION")
TOPS = ["/", "/usr", "/etc", "/opt", "/srv", "/home", "/root", "/work", "/tmp", "/var", "/mnt", "/autograder",
        *[p for p in sys.path if p], *[os.path.dirname(p) for p in KNOWN]]
found, readable, started, walked = [], [], time.monotonic(), set()


def secret(path):
    try:
        with open(path, "rb") as fh:
            text = fh.read(400000).decode("utf-8", "replace")
    except OSError:
        return False
    return any(mark in text for mark in SECRET_MARKS)


for path in KNOWN:
    if secret(path):
        found.append(path)
seen = 0
for start in TOPS:
    for top, dirs, files in os.walk(start, onerror=lambda e: None):
        real = os.path.realpath(top)
        if real in walked or real.startswith(("/proc", "/sys", "/dev")):
            dirs[:] = []
            continue
        walked.add(real)
        seen += len(files)
        if seen > 400000 or time.monotonic() - started > 20:
            break
        for name in files:
            if name == "{assignment}.py" or top.endswith(("graders", "solutions")):
                if secret(os.path.join(top, name)):
                    found.append(os.path.join(top, name))
try:
    with open(os.__file__, "rb") as fh:
        readable.append(len(fh.read(100)) > 0)
except OSError:
    pass
SAW_NOTHING_SECRET = not found
COULD_READ = bool(readable) and seen > 100
"""


def attack_file(tmp_path: Path, known: list[str]) -> Path:
    """The reference a1 with the walk at its top; one_hot is right only if nothing secret was read, softmax only
    if the walk could read ordinary files."""
    source = (KIT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
    source = source.replace("def one_hot(", "def _one_hot(", 1).replace("def softmax(", "def _softmax(", 1)
    source += (
        ATTACK.format(known=known, assignment=A1)
        + """

def one_hot(labels, num_classes):
    if not SAW_NOTHING_SECRET:
        return None
    return _one_hot(labels, num_classes)


def softmax(logits, axis=-1):
    if not COULD_READ:
        return None
    return _softmax(logits, axis)
"""
    )
    path = tmp_path / f"{A1}.py"
    path.write_text(source, encoding="utf-8")
    return path


def deps_only_venv(root: Path, with_kit: bool) -> Path:
    """ROOT/venv: a new environment whose packages are the test environment's, reached by a path line only (its
    editable install of the kit is a .pth file there, which a path line does not run); `with_kit` copies the kit
    into its site-packages as the old setup.sh's `pip install /autograder/source` did."""
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (purelib / "test-environment.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    if with_kit:
        shutil.copytree(root / "source" / "autograder", purelib / "autograder")
        shutil.copytree(root / "source" / "solutions", purelib / "solutions")
    return python


@pytest.fixture
def top_level(tmp_path):
    """A folder at the top of the file system, like /autograder (a root under /tmp would be hidden for other
    reasons)."""
    folder = Path(tempfile.mkdtemp(prefix="autograder-mimic-", dir="/"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def container_root(tmp_path: Path, name: str, submission: Path, with_kit: bool = False) -> tuple[Path, Path]:
    root = tmp_path / name
    root.mkdir()
    root.chmod(0o755)
    zip_path = gradescope.build_bundle(A1, tmp_path / f"{name}.zip")
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():
            (root / "source" / info.filename).chmod((info.external_attr >> 16) & 0o777)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    shutil.copy(submission, root / "submission" / submission.name)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission_metadata.json").write_text(
        json.dumps(
            {
                "id": 9,
                "created_at": "2026-12-01T10:00:00+08:00",
                "assignment": {"title": A1, "due_date": "2026-12-08T23:59:00+08:00", "late_due_date": None},
                "users": [{"email": "eve@example.edu", "id": 66, "name": "Eve"}],
                "previous_submissions": [],
            }
        )
    )
    return root, deps_only_venv(root, with_kit)


def run_in_container(root: Path, python: Path) -> tuple[dict, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOGRADER_", "PYTHON"))}
    env["AUTOGRADER_PYTHON"] = str(python)
    proc = subprocess.run(
        [sys.executable, str(HERE / "no_namespaces.py"), str(root / "run_autograder"), str(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8")), proc.stdout


def problems(results: dict) -> dict:
    return {p: v["score"] for p, v in results["extra_data"]["kit"]["problems"].items()}


def known_places(root: Path) -> list[str]:
    places = [
        root / "source" / "autograder" / "graders" / f"{A1}.py",
        root / "source" / "solutions" / f"{A1}.py",
        KIT / "autograder" / "graders" / f"{A1}.py",
        KIT / "solutions" / f"{A1}.py",
    ]
    for folder in site.getsitepackages():
        places.append(Path(folder) / "autograder" / "graders" / f"{A1}.py")
    return [str(p) for p in places]


def test_no_grader_or_solution_is_readable_from_anywhere_without_namespaces(tmp_path, top_level):
    first = attack_file(tmp_path, [])
    root, python = container_root(top_level, "sealed", first)
    attack = attack_file(tmp_path, known_places(root) + [str(python.parent.parent)])
    shutil.copy(attack, root / "submission" / attack.name)
    results, stdout = run_in_container(root, python)

    assert "isolation: landlock" in stdout and "a uid per student: yes" in stdout, stdout
    assert "not available: root" in stdout, "the instructor reads why namespaces were not used"
    assert "isolation" not in json.dumps(results), "the isolation report is for instructors only"
    scores = problems(results)
    assert scores["softmax"] == 30, "the walk read ordinary files: a silent failure would not pass"
    assert scores["one_hot"] == 15, "the submission read a grader or a solution somewhere in the container"
    assert results["score"] == 100
    for path in (root / "source" / "autograder" / "graders" / f"{A1}.py", root / "source" / "solutions" / f"{A1}.py"):
        assert path.stat().st_mode & 0o077 == 0


def test_the_attack_finds_the_graders_where_the_kit_is_installed(tmp_path, top_level):
    """The old layout (setup.sh installing the kit into the venv): the same walk reads the hidden checks."""
    probe = attack_file(tmp_path, [])
    root, python = container_root(top_level, "leaky", probe, with_kit=True)
    results, stdout = run_in_container(root, python)
    assert "isolation: landlock" in stdout
    scores = problems(results)
    assert scores["softmax"] == 30 and scores["one_hot"] == 0, "the walk must find the graders in site-packages"


def test_gradescope_late_policy_from_created_at(tmp_path):
    """created_at 12 started days after course.yml's due date: past the last day, nothing (the kit gives 100 on
    time)."""
    reference = KIT / "solutions" / f"{A1}.py"
    root, python = container_root(tmp_path, "late", reference)
    meta = json.loads((root / "submission_metadata.json").read_text())
    meta["created_at"] = "2026-12-20T23:00:00.000000+08:00"
    (root / "submission_metadata.json").write_text(json.dumps(meta))
    env = {**os.environ, "AUTOGRADER_PYTHON": sys.executable}
    env.pop("AUTOGRADER_ROOT", None)
    proc = subprocess.run(
        [str(root / "run_autograder"), str(root)], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and results["extra_data"]["kit"]["late"]["days_late"] == 12, proc.stdout
    assert results["extra_data"]["kit"]["late"]["score_on_time"] == 100
    assert "12 day(s) late" in results["output"]

    meta["created_at"] = "2026-12-10T08:00:00+08:00"  # 2 started days late: 0.8 of 100
    (root / "submission_metadata.json").write_text(json.dumps(meta))
    subprocess.run([str(root / "run_autograder"), str(root)], cwd=root, env=env, capture_output=True, timeout=300)
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    on_kit = grade_submission(
        reference, A1, student="eve@example.edu", submitted_at=read_time("2026-12-10T08:00:00+08:00", None)
    )
    assert results["score"] == on_kit.score == 80

    # Gradescope's own extension for this student (their due date two days later) carries over
    meta["users"][0]["assignment"] = {"due_date": "2026-12-10T23:59:00+08:00", "late_due_date": None}
    (root / "submission_metadata.json").write_text(json.dumps(meta))
    subprocess.run([str(root / "run_autograder"), str(root)], cwd=root, env=env, capture_output=True, timeout=300)
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 100 and results["extra_data"]["kit"]["late"]["days_late"] == 0
