"""Things the kit's tests share: the kit root, course copies with other limits, a scan for leftover processes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ["a1_encoding", "a2_losses", "a3_gradients", "a4_derivations"]


def write_course(tmp_dir: Path, **limits) -> Path:
    """A copy of course.yml with other limits (short time limits keep hostile tests fast)."""
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["defaults"]["limits"].update(limits)
    for spec in data["assignments"].values():
        spec.pop("limits", None)
    path = tmp_dir / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_dir / "solutions").symlink_to(ROOT / "solutions")  # problems are checked against solutions/ beside course.yml
    return path


def student_processes(owner: int | None = None) -> list[int]:
    """Processes left by student code graded from process `owner` (default: this one): processes under the
    student uids the engine gives out from that owner, or running the child script below it."""
    owner = owner or os.getpid()
    base = 100000 + (owner % (1 << 22)) * 64
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        uid = int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))
        state = re.search(r"^State:\s+(\w)", status, re.M).group(1)
        if state == "Z":
            continue
        forked_student = b"autograder/sandbox/student_side.py" in cmdline and _parent_runs_student_side(status)
        if base <= uid < base + 64 or (forked_student and _descends_from(int(entry), owner)):
            found.append(int(entry))
    return found


def _parent_runs_student_side(status: str) -> bool:
    """A student process is forked from a template (both run student_side.py); a template's parent is a grader."""
    ppid = re.search(r"^PPid:\s+(\d+)", status, re.M).group(1)
    try:
        return b"autograder/sandbox/student_side.py" in Path(f"/proc/{ppid}/cmdline").read_bytes()
    except OSError:
        return False


def _descends_from(pid: int, owner: int) -> bool:
    for _ in range(64):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False
        pid = int(re.search(r"^PPid:\s+(\d+)", status, re.M).group(1))
        if pid == owner:
            return True
        if pid <= 1:
            return False
    return False


def assert_score_is_sum_of_tests(text: str) -> None:
    """A results.json's `score` is the exact sum of its tests' scores, its numbers read as the decimals they are."""
    from decimal import Decimal

    data = json.loads(text, parse_float=Decimal)
    assert data["score"] == sum((t["score"] for t in data["tests"]), Decimal(0)), (
        data["score"],
        [t["score"] for t in data["tests"]],
    )


def grade_class(sources: dict, assignment: str, work: Path, jobs: int = 2) -> dict:
    """Grade {student: source text} as one class batch (the real batch: its workers, sandbox and results.json) and
    return {student: results.json as a dict}."""
    from autograder.batch.runner import run_batch

    folder, out = work / "class", work / "out"
    folder.mkdir(parents=True, exist_ok=True)
    for student, source in sources.items():
        (folder / f"{student}.py").write_text(source, encoding="utf-8")
    run_batch(folder, assignment, out, jobs=jobs, force=True, progress=False, report=False)
    return {student: json.loads((out / student / "results.json").read_text(encoding="utf-8")) for student in sources}


def problem_points(results: dict, problem: str) -> tuple:
    """(points earned, points possible) of one problem in a results.json."""
    tests = [t for t in results["tests"] if t.get("tags") and t["tags"][0] == problem]
    return round(sum(t["score"] for t in tests), 6), round(sum(t["max_score"] for t in tests), 6)


def children(pid: int) -> list[int]:
    """The children of `pid`'s threads; none when it ended while we looked (a search must not die of that)."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def runs_a_student(grading: int) -> bool:
    """A student runs below this grading process: its template's child (the student's PID namespace init, at the
    levels with namespaces) has a child of its own."""
    return any(children(init) for template in children(grading) for init in children(template))
