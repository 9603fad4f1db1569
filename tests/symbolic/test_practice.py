"""`autograder check a4_derivations` runs the grader's own chain checker: a student sees, before submitting,
the leap, the false step with a point, the unknown symbol, each with its step index, in the course language."""

import os
import subprocess
import sys
from pathlib import Path

from autograder import paths

REPO = Path(__file__).resolve().parents[2]


def flawed_submission(tmp_path) -> Path:
    source = (paths.solutions_dir() / "a4_derivations.py").read_text(encoding="utf-8")
    source = source.replace("        1 / (1 + exp(z2) / exp(z1)),  # divide top and bottom by exp(z1)\n", "")  # a leap
    source = source.replace("        s1 * (y1 + y2 + y3) - y1,", "        s1 * (y1 + y2 + y3) + y1,")  # a false step
    source = source.replace(
        "        -Sum(Sum(log(p[n, i] ** y[n, i]), (i, 1, K)), (n, 1, N)),",
        '        "-Sum(Sum(log(q[n, i]**y[n, i]), (i, 1, K)), (n, 1, N))",',
    )  # an unknown symbol
    path = tmp_path / "mine.py"
    path.write_text(source, encoding="utf-8")
    return path


def check(path: Path, *options) -> str:
    env = dict(os.environ, COLUMNS="200")
    run = subprocess.run(
        [sys.executable, "-m", "autograder", "check", "a4_derivations", str(path), *options],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    return " ".join(run.stdout.replace("│", " ").split())  # the table's cells, unwrapped


def test_check_reports_what_the_grade_will_say(tmp_path):
    out = check(flawed_submission(tmp_path))
    assert "step 1 is true but too large: no single move of the list turns exp(z1)/(exp(z1) + exp(z2)) into" in out
    assert "step 2 does not follow from step 1: at z1 = " in out and "step 1 is " in out
    assert "step 2 cannot be checked: unknown symbol q; this derivation uses p, y, n, i, N, K" in out
    assert "this chain would earn 0 % of the problem's points" in out
    assert "7 of 10 visible checks pass" in out


def test_check_speaks_the_course_language(tmp_path):
    out = check(flawed_submission(tmp_path), "--lang", "zh-TW")
    assert "第 1 步正確但跨得太大" in out and "這條推導可得本題 0% 的分數" in out


def test_check_of_the_reference_passes_everything(tmp_path):
    solved = tmp_path / "solved.py"
    solved.write_text((paths.solutions_dir() / "a4_derivations.py").read_text(encoding="utf-8"), encoding="utf-8")
    assert "10 of 10 visible checks pass" in check(solved)
