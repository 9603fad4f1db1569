"""The red-team suite's files: what students hand in never decides the class's structure nor reaches the grader's files,
on every level the machine can set up.

The hostile class folder and Canvas export of tests/hostile_class.py (a student's zip holding other students' files,
member names no file system takes, a file and a folder of one name, links to the grader's files and to other
students' work, escape sequences in names, bytes no UTF-8 file holds, a copy hidden behind a NUL byte) are graded by
`autograder batch` as root, as root in a container without namespaces (landlock with a uid per student), and as an
unprivileged user on userns, landlock and none: every honest student must get exactly their grade alone, every bad
file must be named with its reason, and the copied pair must be grouped. A Gradescope upload that is a link to the
bundle's reference must score nothing, as root and in a container without namespaces.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
KIT = TESTS.parent
sys.path.insert(0, str(TESTS))

import hostile_class  # noqa: E402

A1 = hostile_class.A1
# Not the users of test_attacks.py's drivers, which may still be grading in the background.
LEVELS = {"root": None, "landlock_root": None, "userns": 61241, "landlock": 61242, "none": 61243}


@pytest.fixture(scope="module")
def classes():
    if os.geteuid() != 0:
        pytest.fail("the red-team suite runs as root (CI does); it sets up every level from there")
    base = Path(tempfile.mkdtemp(prefix="autograder-hostile-"))
    os.chmod(base, 0o755)
    built = {}
    for level, uid in LEVELS.items():
        for layout, build in (("plain", hostile_class.plain_class), ("canvas", hostile_class.canvas_class)):
            root = base / level / layout
            hc = build(root)
            if uid is not None:  # the class as that user has it: theirs to read, the results theirs to write
                subprocess.run(["chown", "-R", "-h", f"{uid}:{uid}", str(base / level)], check=True)
            built[level, layout] = (hc, root / "out")
    yield base, built
    shutil.rmtree(base, ignore_errors=True)


def batch_command(level: str, folder: Path, out: Path) -> tuple[list, dict]:
    command = [sys.executable, "-m", "autograder", "batch", str(folder), "-a", A1, "--out", str(out), "-j", "1"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    uid = LEVELS[level]
    if level == "landlock_root":
        command = [sys.executable, str(TESTS / "no_namespaces.py"), *command]
    elif uid is not None:
        flags = ["--no-userns"] if level == "landlock" else []
        command = [sys.executable, str(TESTS / "unprivileged.py"), str(uid), *flags, *command]
    if level == "none":  # grading other people's work there must be asked for
        env["AUTOGRADER_NO_ISOLATION"] = "1"
        command += ["--min-isolation", "none"]
    return command, env


@pytest.fixture(scope="module")
def batches(classes):
    """Every level's batch of both hostile classes, run side by side: (returncode, printed) per level and layout."""
    _base, built = classes
    running = {}
    for (level, layout), (hc, out) in built.items():
        command, env = batch_command(level, hc.folder, out)
        running[level, layout] = subprocess.Popen(
            command, cwd=KIT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    done = {}
    for key, proc in running.items():
        printed, _ = proc.communicate(timeout=900)
        done[key] = (proc.returncode, printed)
    return done


@pytest.fixture(scope="module")
def alone(classes):
    """Each honest student's file graded on its own (as root), under their id."""
    from autograder.grading.supervisor import SupervisedGrader

    base, built = classes
    found = {}
    with SupervisedGrader(A1) as grader:
        for layout in ("plain", "canvas"):
            hc, _out = built["root", layout]
            found[layout] = {}
            for student, source in hc.honest.items():
                suffix = ".ipynb" if source.lstrip().startswith("{") else ".py"
                path = base / "alone" / layout / student / f"{A1}{suffix}"
                path.parent.mkdir(parents=True)
                path.write_text(source, encoding="utf-8")
                found[layout][student] = grader.grade(path, student=student).to_results()
    return found


@pytest.mark.parametrize("layout", ["plain", "canvas"])
@pytest.mark.parametrize("level", list(LEVELS))
def test_a_hostile_class_costs_only_its_hostile_students(level, layout, classes, batches, alone):
    _base, built = classes
    hc, out = built[level, layout]
    returncode, printed = batches[level, layout]
    assert returncode == 0, printed[-3000:]
    reached = {json.loads(p.read_text())["extra_data"]["kit"].get("isolation") for p in out.glob("*/results.json")}
    wanted = "landlock" if level == "landlock_root" else level
    assert reached <= {wanted, None}, f"graded at {reached}, not {wanted}"
    errors = hostile_class.problems(hc, out, printed, alone[layout])
    assert not errors, f"{level}/{layout}:\n  " + "\n  ".join(errors)
    secret = (hc.folder.parent / "grader-secret" / f"{A1}.py") if layout == "plain" else None
    if secret is not None:  # the file a followed link would have handed in is still the grader's alone
        assert secret.read_text(encoding="utf-8") == hostile_class.SOLUTION


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "gradescope", A1, "--out", str(out)],
        cwd=KIT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("level", ["root", "landlock_root"])
@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_gradescope_upload_that_links_to_the_reference_scores_nothing(level, link, bundle, tmp_path):
    """Gradescope runs run_autograder as root, in a container that may allow no namespaces: the upload is a link to
    /autograder/source/solutions (or holds a folder linking there) and must score nothing, saying why."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():
            (root / "source" / info.filename).chmod((info.external_attr >> 16) & 0o777)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    reference = root / "source" / "solutions" / f"{A1}.py"
    if link == "file":
        (root / "submission" / f"{A1}.py").symlink_to(reference)
    else:
        (root / "submission" / "work").symlink_to(reference.parent)
        (root / "submission" / "notes.py").write_text(hostile_class.STUB, encoding="utf-8")
    command = [str(root / "run_autograder"), str(root)]
    if level == "landlock_root":
        command = [sys.executable, str(TESTS / "no_namespaces.py"), *command]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    env["AUTOGRADER_PYTHON"] = sys.executable
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0.0, results.get("output")
    if link == "file":
        assert "symbolic link" in results["output"]
    else:
        assert results["extra_data"]["kit"]["student"] == "notes", "the linked folder is never searched"
    if level == "landlock_root" and link == "folder":  # graded (the stub): at the level a container gives
        assert "landlock" in done.stdout
