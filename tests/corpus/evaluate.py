"""The labelled corpus of wrong submissions, graded by the real engine, and the precision and recall of its diagnoses.

Each file tests/corpus/<assignment>/<name>.py holds one wrong function and, in its docstring, its label:

    problem: softmax            the function the mistake is in
    expect: wrong-axis          the misconception it must be told (or: none, when no known mistake explains it);
                                two mistakes at once are one compound tag (not-divided-by-n+sign), what mistakes
                                share one consequence tag (no-stable-log-sum-exp): every label is a tag that
                                autograder/graders/mistakes.yml lets that function name
    must_not: a, b              misconceptions it must not be told (documentation; any wrong tag counts against precision)
    also: mlp_logits:missing-activation   tags that are true of another function the mistake changes (the reference
                                          calls the student's function), counted as right, not as recall

A part of an expected compound named alone, or the consequence an expected mistake shares, is true of the
submission: it counts as named rightly, not as found. The submission graded is the reference solution with the
entry's code appended, so the wrong function replaces the right one and everything else is correct. Used by
tests/test_diagnoses.py and bench/diagnoses.py.
"""
from __future__ import annotations

import ast
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@dataclass(frozen=True)
class Entry:
    assignment: str
    name: str
    problem: str
    expect: str | None
    must_not: tuple = ()
    also: tuple = ()  # (problem, tag) pairs
    code: str = ""

    @property
    def label(self) -> str:
        return f"{self.assignment}/{self.name}"


@dataclass
class Outcome:
    entry: Entry
    named: set = field(default_factory=set)  # (problem, tag) of every failed check that named a misconception
    problem_score: float = 0.0
    problem_max: float = 0.0
    hints: dict = field(default_factory=dict)  # (problem, tag) -> the hint shown, in English

    @property
    def right(self) -> set:
        return self.named & (true_of(self.entry) | set(self.entry.also))

    @property
    def wrong(self) -> set:
        return self.named - self.right

    @property
    def found(self) -> bool:
        return self.entry.expect is not None and (self.entry.problem, self.entry.expect) in self.named


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    named_right: int
    named_wrong: int
    expected: int
    found: int


def true_of(entry: Entry) -> set:
    """(problem, tag) pairs true of an entry: its label, each part of a compound label, and the consequence any
    of them shares with other mistakes."""
    from autograder.grading import mistakes

    if not entry.expect:
        return set()
    known = mistakes.known()
    tags = {entry.expect, *known.parts(entry.expect)}
    tags |= {c for c in map(known.consequence_of, list(tags)) if c}
    return {(entry.problem, tag) for tag in tags}


def _fields(doc: str) -> dict:
    out = {}
    for line in doc.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("problem", "expect", "must_not", "also"):
            out[key.strip()] = value.strip()
    return out


def load_entries(root: Path = HERE) -> list[Entry]:
    entries = []
    for path in sorted(root.glob("a*/*.py")):
        source = path.read_text(encoding="utf-8")
        fields = _fields(ast.get_docstring(ast.parse(source)) or "")
        expect = fields.get("expect", "none")
        also = tuple(tuple(item.strip().split(":", 1)) for item in fields.get("also", "").split(",") if item.strip())
        entries.append(Entry(assignment=path.parent.name, name=path.stem, problem=fields["problem"],
                             expect=None if expect == "none" else expect,
                             must_not=tuple(t.strip() for t in fields.get("must_not", "").split(",") if t.strip()),
                             also=also, code=source))
    return entries


def submission(entry: Entry) -> str:
    """The reference solution with the entry's wrong function appended (it replaces the right one)."""
    reference = (ROOT / "solutions" / f"{entry.assignment}.py").read_text(encoding="utf-8")
    return f"{reference}\n\n# ---- corpus entry {entry.label}: one mistake ----\n{entry.code}"


def grade(entries: list[Entry], course=None) -> list[Outcome]:
    """Grade every entry with the hidden checks (one Grader per assignment) and collect what was named."""
    from autograder.grading.engine import Grader

    outcomes = []
    with tempfile.TemporaryDirectory(prefix="kit-corpus-") as tmp:
        for assignment in sorted({e.assignment for e in entries}):
            with Grader(assignment, course=course, lang="en") as grader:
                for entry in (e for e in entries if e.assignment == assignment):
                    path = Path(tmp) / f"{entry.name}.py"
                    path.write_text(submission(entry), encoding="utf-8")
                    report = grader.grade(path, student=entry.name)
                    outcome = Outcome(entry, problem_score=report.problems[entry.problem].score,
                                      problem_max=report.problems[entry.problem].max_score)
                    for check in report.checks:
                        if not check.passed and check.misconception:
                            pair = (check.problem, check.misconception)
                            outcome.named.add(pair)
                            hint = getattr(check.error, "hint", None)
                            outcome.hints.setdefault(pair, hint.render("en") if hint is not None else "")
                    outcomes.append(outcome)
    return outcomes


def figures(outcomes: list[Outcome]) -> Figures:
    right = sum(len(o.right) for o in outcomes)
    wrong = sum(len(o.wrong) for o in outcomes)
    expected = sum(1 for o in outcomes if o.entry.expect)
    found = sum(1 for o in outcomes if o.found)
    return Figures(precision=right / (right + wrong) if right + wrong else 1.0,
                   recall=found / expected if expected else 1.0,
                   named_right=right, named_wrong=wrong, expected=expected, found=found)
