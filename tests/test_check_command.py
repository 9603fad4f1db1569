"""`autograder check` through the real command: it names what differed, judges warnings as the grade does, says
what the visible checks cover, fits an 80-column terminal and survives any encoding of stdout."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rich.cells import cell_len
from test_notebook_alone import BROKEN
from test_selfcheck import submission_source

from autograder import paths


def autograder(*args, env: dict | None = None, encoding: str = "utf-8") -> subprocess.CompletedProcess:
    run = subprocess.run(
        [sys.executable, "-m", "autograder", *args], capture_output=True, timeout=300, env={**os.environ, **(env or {})}
    )
    run.stdout = run.stdout.decode(encoding)
    run.stderr = run.stderr.decode(encoding, "replace")
    return run


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("check")
    made = {}
    for name, assignment_id, replaced in [
        ("transposed", "a1_encoding", {"mlp_logits": BROKEN["a1_encoding"]["mlp_logits"][0]}),
        ("naive_sigmoid", "a1_encoding", {"sigmoid": BROKEN["a1_encoding"]["sigmoid"][0]}),
        ("every_mistake", "a2_losses", {n: c for n, (c, _) in BROKEN["a2_losses"].items()}),
        ("leaps", "a4_derivations", {n: c for n, (c, _) in BROKEN["a4_derivations"].items()}),
        (
            "flood",
            "a1_encoding",
            {
                "one_hot": BROKEN["a1_encoding"]["one_hot"][0].replace(
                    "    labels = np.asarray(labels)\n",
                    "    labels = np.asarray(labels)\n    print('debug ' * 20000)\n",
                )
            },
        ),
    ]:
        path = folder / f"{name}.py"
        path.write_text(submission_source(assignment_id, replaced), encoding="utf-8")
        made[name] = (assignment_id, path)
    return made


def test_a_transposed_network_is_named_by_its_shapes(files):
    assignment_id, path = files["transposed"]
    run = autograder("check", assignment_id, str(path))
    assert run.returncode == 0, run.stderr
    out = " ".join(run.stdout.split())
    assert "expected shape (4, 2), got shape (2, 4)" in out
    assert (
        "41 of 47 visible checks pass" in out and "Problems worth 85 of 100 points pass all their visible checks" in out
    )
    assert "the hidden checks that give the grade test more, so this is not your score" in out


def test_a_warning_fails_the_visible_check_as_it_costs_points_in_the_grade(files, tmp_path):
    assignment_id, path = files["naive_sigmoid"]
    checked = " ".join(autograder("check", assignment_id, str(path)).stdout.split())
    results = tmp_path / "results.json"
    graded = autograder("grade", str(path), "--assignment", assignment_id, "--results", str(results))
    assert graded.returncode == 0, graded.stderr
    import json

    lost = [
        t
        for t in json.loads(results.read_text(encoding="utf-8"))["tests"]
        if t["tags"][0] == "sigmoid" and t["status"] == "failed"
    ]
    explained = (
        "emitted a numerical warning: a result of exp overflowed to inf, too large for float64 "
        "(numpy: RuntimeWarning: overflow encountered in exp)"
    )
    assert lost and all(explained in " ".join(t["output"].split()) for t in lost)
    assert explained in checked
    assert "| sigmoid" in checked.replace("│", "|") and "6 / 7" in checked


@pytest.mark.parametrize(
    "name, lang",
    [("transposed", "en"), ("every_mistake", "en"), ("every_mistake", "zh-TW"), ("leaps", "en"), ("leaps", "zh-TW")],
)
def test_check_fits_80_columns(files, name, lang):
    assignment_id, path = files[name]
    run = autograder("check", assignment_id, str(path), "--lang", lang, env={"COLUMNS": "80"})
    assert run.returncode == 0, run.stderr
    widths = [cell_len(line) for line in run.stdout.splitlines()]
    assert max(widths) <= 80, [line for line in run.stdout.splitlines() if cell_len(line) > 80]
    assert len(run.stdout.splitlines()) > 10


def test_grade_fits_80_columns_too(files):
    assignment_id, path = files["every_mistake"]
    run = autograder("grade", str(path), "--assignment", assignment_id, env={"COLUMNS": "80"})
    assert run.returncode == 0 and max(cell_len(line) for line in run.stdout.splitlines()) <= 80, run.stdout


@pytest.mark.parametrize("name, lang", [("transposed", "en"), ("leaps", "zh-TW"), ("every_mistake", "zh-TW")])
def test_check_survives_a_big5_console(files, name, lang):
    """cp950 (a Taiwanese Windows console) has no ✓, ⟨ or −: they are written in ASCII, and the command exits 0."""
    assignment_id, path = files[name]
    run = autograder(
        "check",
        assignment_id,
        str(path),
        "--lang",
        lang,
        encoding="cp950",
        env={"PYTHONIOENCODING": "cp950", "COLUMNS": "80"},
    )
    assert run.returncode == 0, run.stderr
    assert "UnicodeEncodeError" not in run.stderr
    for symbol in "✓✗⟨⟩−━┃":
        assert symbol not in run.stdout
    if name == "transposed":
        assert "<4×3>" in run.stdout and "expected shape (4, 2), got shape (2, 4)" in " ".join(run.stdout.split())
    if lang == "zh-TW":
        assert "公開檢查" in run.stdout, "Big5 has the Chinese: it stays"


def test_a_function_that_floods_stdout_is_said_to(files):
    assignment_id, path = files["flood"]
    run = autograder("check", assignment_id, str(path))
    out = " ".join(run.stdout.split())
    assert "Your code printed more than the 64 KB the grader keeps" in out, out


def test_the_stub_waits_for_code_and_the_reference_passes():
    stub = autograder("check", "a3_gradients", env={"COLUMNS": "80"})
    out = " ".join(stub.stdout.split())
    assert "0 of 49 visible checks pass; 49 wait for code not yet implemented" in out
    solved = autograder("check", "a3_gradients", str(paths.solutions_dir() / "a3_gradients.py"))
    assert "49 of 49 visible checks pass" in " ".join(solved.stdout.split())
    assert "Problems worth 100 of 100 points pass all their visible checks" in " ".join(solved.stdout.split())
