"""The real-world corpus: functions of the exercise contract as public code writes them, each labelled against it.

Each file tests/realworld/<assignment>/<name>.py holds one function of the contract (docs/contract.md), with the
contract's signature, and a docstring whose first line says what the code is, followed by one field per line (a
longer value goes on indented continuation lines):

    problem: softmax            the contract function the file defines and the label is about
    label: bug                  correct | bug, read against the contract, not against what a grader says today
    bug: <one sentence>         which clause the code breaks (only for label: bug)
    source: <URL>               the public file, at a commit or tag where one is known
    repository: <owner/name> ; path: <path in it> ; license: <SPDX id or "unknown">
    adapted: <what was changed>

The submission graded is the reference solution with the entry's code appended, so the entry's function replaces
the reference's and everything else stays right (as tests/corpus does for the labelled mistakes).

Run as a script to grade every entry with the command-line grader under several student identities and print,
per entry, its label and the problem's score/max, marking each row where the grade and the label disagree:

    .venv/bin/python tests/realworld/load.py [--students a,b,c] [--only TEXT] [--strict]

`--list` prints the parsed entries instead (name, function, label, source); nothing is graded.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIELDS = ("problem", "label", "bug", "source", "repository", "adapted")
LABELS = ("correct", "bug")
STUDENTS = ("rw-ana", "rw-bo", "rw-chen")


@dataclass(frozen=True)
class Entry:
    assignment: str
    name: str
    summary: str
    problem: str
    label: str
    bug: str
    source: str
    repository: str
    path: str
    license: str
    adapted: str
    code: str

    @property
    def key(self) -> str:
        return f"{self.assignment}/{self.name}"


def parse_fields(doc: str) -> tuple[str, dict]:
    """The docstring's first line and its fields; an indented line continues the field above it."""
    lines = doc.splitlines()
    summary = lines[0].strip() if lines else ""
    fields: dict[str, str] = {}
    current = None
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep and not line[:1].isspace() and key.strip() in FIELDS:
            current = key.strip()
            fields[current] = value.strip()
        elif current and line[:1].isspace() and line.strip():
            fields[current] = f"{fields[current]} {line.strip()}"
        elif line.strip():
            current = None
    return summary, fields


def _provenance(value: str) -> dict:
    """'owner/name ; path: p ; license: l' -> {'repository', 'path', 'license'}."""
    parts = [part.strip() for part in value.split(" ; ")]
    out = {"repository": parts[0]}
    for part in parts[1:]:
        key, _, rest = part.partition(":")
        out[key.strip()] = rest.strip()
    return out


def read_entry(path: Path) -> Entry:
    """One entry, checked: every field present, a known label, a bug sentence exactly for bugs, the function there."""
    source = path.read_text(encoding="utf-8")
    module = ast.parse(source)
    summary, fields = parse_fields(ast.get_docstring(module) or "")
    where = f"{path.parent.name}/{path.name}"
    missing = [key for key in FIELDS if key != "bug" and not fields.get(key)]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if fields["label"] not in LABELS:
        raise ValueError(f"{where}: label must be one of {LABELS}, not {fields['label']!r}")
    if (fields["label"] == "bug") != bool(fields.get("bug")):
        raise ValueError(f"{where}: a bug sentence is required for label: bug, and only then")
    provenance = _provenance(fields["repository"])
    if not provenance.get("path") or not provenance.get("license"):
        raise ValueError(f"{where}: repository must read 'owner/name ; path: ... ; license: ...'")
    defined = {node.name for node in module.body if isinstance(node, ast.FunctionDef)}
    if fields["problem"] not in defined:
        raise ValueError(f"{where}: does not define {fields['problem']}()")
    return Entry(
        assignment=path.parent.name,
        name=path.stem,
        summary=summary,
        problem=fields["problem"],
        label=fields["label"],
        bug=fields.get("bug", ""),
        source=fields["source"],
        repository=provenance["repository"],
        path=provenance["path"],
        license=provenance["license"],
        adapted=fields["adapted"],
        code=source,
    )


def load_entries(root: Path = HERE) -> list[Entry]:
    return [read_entry(path) for path in sorted(root.glob("a*/*.py"))]


def submission(entry: Entry) -> str:
    """The reference solution with the entry's code appended: its function replaces the reference's."""
    reference = (ROOT / "solutions" / f"{entry.assignment}.py").read_text(encoding="utf-8")
    return f"{reference}\n\n# ---- real-world entry {entry.key} ----\n{entry.code}"


def grade_problem(entry: Entry, student: str, workdir: Path) -> tuple[float, float]:
    """The entry's problem score and maximum, graded by the command-line grader as `student`."""
    target = workdir / f"{entry.name}.py"
    target.write_text(submission(entry), encoding="utf-8")
    results = workdir / f"{entry.name}-{student}.json"
    command = [sys.executable, "-m", "autograder", "grade", str(target)]
    command += ["--assignment", entry.assignment, "--results", str(results), "--student", student]
    subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    problem = json.loads(results.read_text(encoding="utf-8"))["extra_data"]["kit"]["problems"][entry.problem]
    return float(problem["score"]), float(problem["max_score"])


def agrees(label: str, scores: list[tuple[float, float]]) -> bool:
    """A correct entry scores full marks under every identity; a bug loses points under every identity."""
    if label == "correct":
        return all(score == top for score, top in scores)
    return all(score < top for score, top in scores)


def _list(entries: list[Entry]) -> None:
    for e in entries:
        print(f"{e.key:55} {e.problem:26} {e.label:8} {e.source}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grade the real-world corpus and compare each grade with its label.")
    parser.add_argument("--students", default=",".join(STUDENTS), help="identities to grade under, comma-separated")
    parser.add_argument("--only", default="", help="grade only the entries whose assignment/name contains this")
    parser.add_argument("--list", action="store_true", help="list the parsed entries; grade nothing")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a grade disagrees with a label")
    args = parser.parse_args(argv)
    entries = [e for e in load_entries() if args.only in e.key]
    if args.list:
        _list(entries)
        return 0
    students = [s for s in args.students.split(",") if s]
    disagreements = []
    with tempfile.TemporaryDirectory(prefix="kit-realworld-") as tmp:
        for entry in entries:
            scores = [grade_problem(entry, student, Path(tmp)) for student in students]
            shown = " ".join(f"{score:g}/{top:g}" for score, top in scores)
            verdict = "agree" if agrees(entry.label, scores) else "DISAGREE"
            if verdict != "agree":
                disagreements.append(entry.key)
            print(f"{entry.key:55} {entry.problem:26} {entry.label:8} {shown:30} {verdict}", flush=True)
    print(
        f"\n{len(entries) - len(disagreements)} of {len(entries)} entries graded as labelled "
        f"under {len(students)} identities ({', '.join(students)})"
    )
    return 1 if args.strict and disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
