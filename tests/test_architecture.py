"""The kit's generic code knows no assignment or problem by name: course knowledge lives in course data.

COURSE DATA (may name assignments and problems; everything else under autograder/ may not):

* autograder/graders/ — the hidden checks and what they grade (e.g. a4_derivations.yml, the derivations);
* autograder/authoring/stories/ — the lecture's story around each assignment's exercises, per language;
* autograder/authoring/templates/visible_<assignment>.py — each assignment's visible checks;
* the catalogue files of per-problem text (checks.yml: each check's name; lessons.yml: each problem's hints
  and why it matters; misconceptions.yml: each named mistake's hint, which says what the function should
  return) and of the lecture's terms (glossary.yml): their keys and sentences are feedback about one problem
  or the lecture's own words, so they are course data too, in every language;
* autograder/grading/misconceptions.py — the known wrong answers of particular problems, written in numpy.

What counts as naming one, in a file outside course data:

* an assignment id (course.yml's) anywhere, prose included: docstrings and comments speak of "an assignment";
* a problem id (course.yml's, and every derivation declared in the graders' data) as a whole identifier;
  except that an id which is also a term of the lecture (softmax, sigmoid, likelihood, one-hot, log-softmax,
  cross-entropy) is how the kit speaks of that idea, so for those only a quoted string ("softmax"), the
  form code would look a problem up by, counts.

KNOWN lists what is left to move, file by file; the test fails both on anything new and once an entry is
gone (then delete the entry), so the list only shrinks.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from autograder import paths
from autograder.course import load_course
from autograder.derivation_data import kit_data

PACKAGE = paths.PACKAGE_DIR
SUFFIXES = {".py", ".yml", ".yaml", ".json", ".md", ".html", ".css", ".j2", ".ini", ".txt", ".sh"}
COURSE_DATA = (
    "graders/",
    "authoring/stories/",
    re.compile(r"^authoring/templates/visible_\w+\.py$"),
    re.compile(r"^catalogue/[^/]+/(checks|lessons|misconceptions|glossary)\.yml$"),
    "grading/misconceptions.py",
)
LECTURE_TERMS = {"softmax", "sigmoid", "likelihood", "one_hot", "log_softmax", "cross_entropy"}
KNOWN: set = set()  # (file, id) pairs still to move; empty: nothing is


def _is_course_data(relative: str) -> bool:
    return any(relative.startswith(rule) if isinstance(rule, str) else rule.match(relative) for rule in COURSE_DATA)


def _ids() -> tuple[set, set]:
    course = load_course()
    problems = {problem for assignment in course.assignments.values() for problem in assignment.problems}
    return set(course.assignments), problems | set(kit_data())


def _pattern(name: str, quoted_only: bool) -> re.Pattern:
    if quoted_only:
        return re.compile(rf"""(["']){re.escape(name)}\1""")
    return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])")


def _hits() -> set:
    assignments, problems = _ids()
    patterns = [(name, _pattern(name, False)) for name in sorted(assignments)]
    patterns += [(name, _pattern(name, name in LECTURE_TERMS)) for name in sorted(problems)]
    found = set()
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix not in SUFFIXES:
            continue
        relative = path.relative_to(PACKAGE).as_posix()
        if _is_course_data(relative):
            continue
        text = path.read_text(encoding="utf-8")
        found |= {(relative, name) for name, pattern in patterns if pattern.search(text)}
    return found


def test_generic_code_names_no_assignment_or_problem():
    hits = _hits()
    new = sorted(hits - KNOWN)
    assert not new, "course knowledge outside course data (move it there, or reword):\n" + "\n".join(
        f"  autograder/{where}: {name}" for where, name in new
    )
    gone = sorted(KNOWN - hits)
    assert not gone, "no longer named there, delete from KNOWN: " + ", ".join(f"{w}: {n}" for w, n in gone)


def test_the_rules_see_what_they_should(tmp_path):
    """The patterns catch a lookup by id and an id in prose, and leave the lecture's words alone."""
    assert _pattern("a4_derivations", False).search('preload = assignment.id == "a4_derivations"')
    assert _pattern("a1_encoding", False).search("(a1_encoding-2 -> a1_encoding)")
    assert not _pattern("a1_encoding", False).search("test_a1_encoding_visible")
    assert _pattern("mse_softmax_gradient", False).search("tail = 2 if name == 'mse_softmax_gradient' else 1")
    assert _pattern("softmax", True).search('check("softmax")')
    assert not _pattern("softmax", True).search("the softmax of the logits, softmax(z)")
    assert _is_course_data("catalogue/zh-TW/lessons.yml") and not _is_course_data("catalogue/en/engine.yml")
    assert _is_course_data("authoring/templates/visible_a2_losses.py")
    assert not _is_course_data("authoring/templates/conftest_template.py")


def test_course_data_is_where_the_kit_reads_it():
    """Every assignment has its graders, story and visible checks as course data, and the derivations' data
    names only problems course.yml grades."""
    course = load_course()
    for aid in course.assignments:
        stories = [f"authoring/stories/{language}/{aid}.md" for language in ("en", "zh-TW")]
        for relative in (f"graders/{aid}.py", *stories, f"authoring/templates/visible_{aid}.py"):
            assert (PACKAGE / relative).is_file() and _is_course_data(relative), relative
    derivations = kit_data()
    graded = {p for a in course.assignments.values() if a.is_derivation for p in a.problems}
    assert derivations and set(derivations) == graded
    problems = {p for a in course.assignments.values() for p in a.problems}
    for path in Path(PACKAGE / "graders").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "mistakes.yml":  # the mistakes of every function, read by graders, catalogue and report
            assert data["functions"] and set(data["functions"]) <= problems, set(data["functions"]) - problems
            continue
        assert path.stem in course.assignments and data
