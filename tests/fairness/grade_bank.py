"""Grade every file of the fairness bank under many student identities and list each check that took points.

    .venv/bin/python tests/fairness/grade_bank.py [--identities 200] [--assignment a1_encoding] [--style gram]
                                                   [--jobs 1] [--out DIR] [--json FILE]

For each bank file, a class folder holds the same file under the names s0001.py ... sNNNN.py (the identity a grade
derives its random inputs from) and `autograder batch` grades it as a class. Every correct file must score full
marks under every identity; the report lists, per (file, problem, check), how many identities lost points, how
many points, and the feedback of the first such identity. The exit status is 1 when any point was lost.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ASSIGNMENTS = ("a1_encoding", "a2_losses", "a3_gradients")


def grade_style(assignment: str, source: Path, identities: int, jobs: int, work: Path) -> dict:
    """{identity: results.json as a dict} for `source` handed in under `identities` student names."""
    classroom = work / "classes" / assignment / source.stem
    out = work / "results" / assignment / source.stem
    shutil.rmtree(classroom, ignore_errors=True)
    classroom.mkdir(parents=True)
    for i in range(1, identities + 1):
        shutil.copyfile(source, classroom / f"s{i:04d}.py")
    command = [sys.executable, "-m", "autograder", "batch", str(classroom), "--assignment", assignment]
    command += ["--out", str(out), "--jobs", str(jobs), "--force"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"autograder batch failed for {assignment}/{source.stem}:\n{done.stderr[-2000:]}")
    return {p.parent.name: json.loads(p.read_text()) for p in sorted(out.glob("s*/results.json"))}


def losses(results: dict) -> dict:
    """(problem, check) -> {"identities": [...], "lost": [...], "feedback": first feedback} over every identity."""
    found: dict = defaultdict(lambda: {"identities": [], "lost": [], "feedback": ""})
    for identity, doc in results.items():
        for test in doc["tests"]:
            lost = round(float(test["max_score"]) - float(test["score"]), 4)
            if lost > 0:
                entry = found[(test["tags"][0] if test.get("tags") else "?", test["name"])]
                entry["identities"].append(identity)
                entry["lost"].append(lost)
                entry["feedback"] = entry["feedback"] or test.get("output", "")
    return dict(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--identities", type=int, default=200)
    parser.add_argument("--assignment", action="append", choices=ASSIGNMENTS)
    parser.add_argument("--style", action="append", help="only these bank files (their stem), e.g. gram")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep the classes and results here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="write the findings as JSON here")
    args = parser.parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="fairness-bank-"))
    findings = []
    try:
        for assignment in args.assignment or ASSIGNMENTS:
            for source in sorted((HERE / assignment).glob("*.py")):
                if args.style and source.stem not in args.style:
                    continue
                results = grade_style(assignment, source, args.identities, args.jobs, work)
                full = sum(1 for doc in results.values() if float(doc["score"]) >= 100.0)
                print(f"{assignment}/{source.stem}: {full}/{len(results)} identities at full marks", flush=True)
                for (problem, check), entry in sorted(losses(results).items()):
                    n, lost = len(entry["identities"]), entry["lost"]
                    print(f"    {problem} | {check} | {n} identities | lost {min(lost):g}-{max(lost):g} points")
                    print("        e.g. " + entry["identities"][0] + ": " + " ".join(entry["feedback"].split())[:600])
                    findings.append(
                        {
                            "assignment": assignment,
                            "file": source.stem,
                            "problem": problem,
                            "check": check,
                            "identities": entry["identities"],
                            "points_lost": lost,
                            "feedback": entry["feedback"],
                        }
                    )
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(findings, indent=1, ensure_ascii=False))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
