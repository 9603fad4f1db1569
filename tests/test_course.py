"""course.yml: the kit's own file is valid; a broken one is refused with one line naming the key, never a traceback."""
import subprocess
import sys

import pytest
import yaml

from autograder.course import load_course
from autograder.errors import KitError

from helpers import ROOT


def test_the_kits_course_is_valid():
    course = load_course()
    assert course.language in ("en", "zh-TW")
    assert set(course.assignments) == {"a1_encoding", "a2_losses", "a3_gradients", "a4_derivations"}
    for assignment in course.assignments.values():
        assert assignment.total_points == 100
        assert assignment.limits.call_seconds > 0 and assignment.seed >= 0 and assignment.due is not None
        assert "scipy" in assignment.forbidden_imports
    assert course.assignment("a4_derivations").limits.call_seconds == 30  # an assignment overrides the defaults


def _broken(tmp_path, mutate):
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "solutions").symlink_to(ROOT / "solutions")
    return path


CASES = [
    (lambda d: d.update(language="fr"), "language: must be one of en, zh-TW"),
    (lambda d: d.pop("title"), "'title' is missing"),
    (lambda d: d["defaults"]["limits"].update(memory_mb="lots"), "defaults.limits.memory_mb: must be of type integer"),
    (lambda d: d["assignments"]["a1_encoding"]["problems"].update(softmax=-5), "assignments.a1_encoding.problems.softmax"),
    (lambda d: d["assignments"]["a1_encoding"]["problems"].update(softmaks=5), "softmaks: not a function of a1_encoding"),
    (lambda d: d["assignments"]["a2_losses"].update(due="next tuesday"), "assignments.a2_losses.due"),
    (lambda d: d["assignments"]["a2_losses"].update(colour="blue"), "unknown key"),
    (lambda d: d.update(visibility="sometimes"), "visibility: must be one of"),
]


@pytest.mark.parametrize("mutate, fragment", CASES)
def test_broken_course_is_one_line(tmp_path, mutate, fragment):
    with pytest.raises(KitError) as info:
        load_course(_broken(tmp_path, mutate))
    message = str(info.value)
    assert fragment in message and "\n" not in message


@pytest.mark.parametrize("text, fragment", [
    ("title: [unclosed\n", "not valid YAML at line"),
    ("- just\n- a list\n", "expected a mapping"),
])
def test_unreadable_course(tmp_path, text, fragment):
    path = tmp_path / "course.yml"
    path.write_text(text)
    with pytest.raises(KitError, match=fragment):
        load_course(path)


def test_cli_reports_a_broken_course_on_one_line(tmp_path):
    path = _broken(tmp_path, lambda d: d.update(language="fr"))
    proc = subprocess.run([sys.executable, "-m", "autograder", "--course", str(path), "grade", "samples/a1_encoding/correct.py",
                           "-a", "a1_encoding"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "autograder: error: course.yml: language: must be one of en, zh-TW, not 'fr'"
    missing = subprocess.run([sys.executable, "-m", "autograder", "--course", str(tmp_path / "nope.yml"), "check-course"],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "course file not found" in missing.stderr and "Traceback" not in missing.stderr
