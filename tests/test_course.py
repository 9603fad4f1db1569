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
    (
        lambda d: d["assignments"]["a1_encoding"]["problems"].update(softmax=-5),
        "assignments.a1_encoding.problems.softmax",
    ),
    (
        lambda d: d["assignments"]["a1_encoding"]["problems"].update(softmaks=5),
        "softmaks: not a function of a1_encoding",
    ),
    (lambda d: d["assignments"]["a2_losses"].update(due="next tuesday"), "assignments.a2_losses.due"),
    (lambda d: d["assignments"]["a2_losses"].update(colour="blue"), "unknown key"),
    (lambda d: d.update(visibility="sometimes"), "visibility: must be one of"),
    (
        lambda d: d["assignments"]["a4_derivations"].pop("kind"),
        "assignments.a4_derivations.kind: the reference solution builds sympy chains",
    ),
    (
        lambda d: d["assignments"]["a1_encoding"].update(kind="derivation"),
        "assignments.a1_encoding.kind: derivation, but",
    ),
    (lambda d: d["assignments"]["a1_encoding"].update(kind="proof"), "kind: must be one of numeric, derivation"),
]


@pytest.mark.parametrize("mutate, fragment", CASES)
def test_broken_course_is_one_line(tmp_path, mutate, fragment):
    with pytest.raises(KitError) as info:
        load_course(_broken(tmp_path, mutate))
    message = str(info.value)
    assert fragment in message and "\n" not in message


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("title: [unclosed\n", "not valid YAML at line"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_unreadable_course(tmp_path, text, fragment):
    path = tmp_path / "course.yml"
    path.write_text(text)
    with pytest.raises(KitError, match=fragment):
        load_course(path)


def test_cli_reports_a_broken_course_on_one_line(tmp_path):
    path = _broken(tmp_path, lambda d: d.update(language="fr"))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "--course",
            str(path),
            "grade",
            "samples/a1_encoding/correct.py",
            "-a",
            "a1_encoding",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "autograder: error: course.yml: language: must be one of en, zh-TW, not 'fr'"
    missing = subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(tmp_path / "nope.yml"), "check-course"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "course file not found" in missing.stderr and "Traceback" not in missing.stderr


# ---- a course.yml anywhere: nothing that could silently cost points passes --------------------------------------
def _elsewhere(tmp_path, edit=None, text_edit=None):
    """The kit's course.yml copied to a folder with no solutions/ beside it (as an instructor keeps it)."""
    text = (ROOT / "course.yml").read_text(encoding="utf-8")
    if edit is not None:
        data = yaml.safe_load(text)
        edit(data)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if text_edit is not None:
        text = text_edit(text)
    folder = tmp_path / "teaching"
    folder.mkdir(exist_ok=True)
    path = folder / "course.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _cli(*args, cwd=None):
    # The timeout is a backstop for a hung run, far above what the slowest command (the dry run through every
    # door, about 30 s on an idle machine) takes on a busy one: no verdict here depends on speed.
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args], cwd=cwd or ROOT, capture_output=True, text=True, timeout=900
    )


BROKEN_ANYWHERE = [
    (
        "misspelt problem",
        lambda d: d["assignments"]["a1_encoding"]["problems"].update(softmaxx=30),
        None,
        "course.yml: assignments.a1_encoding.problems.softmaxx: not a function of a1_encoding",
    ),
    (
        "problem left out",
        lambda d: d["assignments"]["a2_losses"]["problems"].pop("likelihood"),
        None,
        "course.yml: assignments.a2_losses.problems: likelihood missing",
    ),
    (
        "duplicate key",
        None,
        lambda t: t.replace("      one_hot: 15\n", "      one_hot: 15\n      one_hot: 20\n"),
        "course.yml: assignments.a1_encoding.problems.one_hot: duplicate key 'one_hot'",
    ),
    (
        "duplicate assignment",
        None,
        lambda t: t + "  a1_encoding:\n    problems: {softmax: 100}\n",
        "course.yml: assignments.a1_encoding: duplicate key 'a1_encoding'",
    ),
    ("missing seed", lambda d: d["defaults"].pop("seed"), None, "course.yml: assignments.a1_encoding.seed: missing"),
    (
        "date without offset nor timezone",
        lambda d: (d.pop("timezone"), d["assignments"]["a1_encoding"].update(due="2026-12-08T23:59")),
        None,
        "course.yml: assignments.a1_encoding.due: '2026-12-08T23:59' has no UTC offset and course.yml has no timezone: "
        "write it like '2026-12-08T23:59+08:00'",
    ),
    (
        "date that is no date",
        lambda d: d["assignments"]["a3_gradients"].update(due="next tuesday"),
        None,
        "course.yml: assignments.a3_gradients.due: 'next tuesday' is not a date-time: "
        "write it like '2026-12-08T23:59+08:00'",
    ),
    (
        "date without a time",
        lambda d: d["assignments"]["a3_gradients"].update(due="2026-12-08"),
        None,
        "course.yml: assignments.a3_gradients.due: '2026-12-08' has no time of day",
    ),
    ("unknown time zone", lambda d: d.update(timezone="Mars/Olympus"), None, "course.yml: timezone: 'Mars/Olympus'"),
    (
        "assignment without graders",
        lambda d: d["assignments"].update(a9_extra={"problems": {"softmax": 100}}),
        None,
        "course.yml: assignments.a9_extra: the kit has no graders for a9_extra",
    ),
]


@pytest.mark.parametrize("what, edit, text_edit, fragment", BROKEN_ANYWHERE, ids=[c[0] for c in BROKEN_ANYWHERE])
def test_check_course_refuses_on_one_line_wherever_course_yml_lives(tmp_path, what, edit, text_edit, fragment):
    path = _elsewhere(tmp_path, edit, text_edit)
    assert not (path.parent / "solutions").exists()
    with pytest.raises(KitError) as info:
        load_course(path)
    assert fragment in str(info.value) and "\n" not in str(info.value)
    proc = _cli("--course", str(path), "check-course", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0] == f"autograder: error: {info.value}" and "Traceback" not in proc.stderr


def test_a_due_date_in_course_yml_timezone_and_an_unquoted_one_are_read(tmp_path):
    path = _elsewhere(
        tmp_path,
        text_edit=lambda t: t.replace('due: "2026-12-08T23:59:00+08:00"', "due: 2026-12-08T23:59").replace(
            'due: "2026-12-15T23:59:00+08:00"', 'due: "2026-12-15T23:59"'
        ),
    )
    course = load_course(path)
    assert course.assignment("a1_encoding").due.isoformat() == "2026-12-08T23:59:00+08:00"
    assert course.assignment("a2_losses").due.utcoffset().total_seconds() == 8 * 3600
    assert course.assignment("a3_gradients").due.isoformat() == "2026-12-22T23:59:00+08:00"


def test_a_total_other_than_100_is_a_warning_not_an_error(tmp_path):
    path = _elsewhere(tmp_path, lambda d: d["assignments"]["a1_encoding"]["problems"].update(one_hot=25))
    course = load_course(path)
    assert course.assignment("a1_encoding").total_points == 110
    assert course.warnings == (
        "assignments.a1_encoding.problems: the points add up to 110, not 100 (scores are out of 110)",
    )
    proc = _cli("--course", str(path), "check-course", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == (
        "warning: course.yml: assignments.a1_encoding.problems: the points add up "
        "to 110, not 100 (scores are out of 110)"
    )
    assert proc.stdout.splitlines()[1].endswith("— OK")


def test_a_problem_given_zero_points_is_left_out_on_purpose(tmp_path):
    path = _elsewhere(tmp_path, lambda d: d["assignments"]["a1_encoding"]["problems"].update(mlp_logits=0, softmax=45))
    assert load_course(path).assignment("a1_encoding").problems["mlp_logits"] == 0


def test_nbgrader_course_from_a_course_yml_elsewhere(tmp_path):
    path = _elsewhere(tmp_path)
    proc = _cli("--course", str(path), "nbgrader-course", "--out", str(tmp_path / "nb"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "nb" / "source" / "a4_derivations" / "a4_derivations.ipynb").is_file()


@pytest.mark.slow
def test_dry_run_gives_the_reference_full_marks_through_every_door(tmp_path):
    """The reference through grade, batch, nbgrader, the Gradescope mimic and the Classroom commands, side by side."""
    path = _elsewhere(tmp_path)
    proc = _cli("--course", str(path), "check-course", "--dry-run", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    header = lines.index("assignment      grade    batch    nbgrader  gradescope  classroom")
    rows = [line.split() for line in lines[header + 1 : header + 5]]
    assert [row[0] for row in rows] == ["a1_encoding", "a2_losses", "a3_gradients", "a4_derivations"]
    assert all(row[1:] == ["100/100"] * 5 for row in rows), rows


@pytest.mark.slow
def test_dry_run_says_which_door_does_not_give_full_marks(tmp_path, monkeypatch):
    from autograder import dry_run
    from autograder.course import load_course as load

    course = load(_elsewhere(tmp_path))
    monkeypatch.setattr(dry_run, "DOORS", ("grade", "batch"))
    scores = dry_run.dry_run(course, ["a2_losses"])
    assert [s.cell() for s in scores["a2_losses"].values()] == ["100/100", "100/100"]
    scores["a2_losses"]["batch"] = dry_run.DoorScore(90.0, 100.0)
    assert dry_run.failures(scores) == ["a2_losses through batch: 90/100"]


# ---- one source of defaults: course.schema.json -----------------------------------------------------------------
def test_the_limits_defaults_are_the_schemas():
    """Limits has exactly the schema's limits, each defaulting to the schema's `default` with the schema's type."""
    from dataclasses import fields

    from autograder.course import SCHEMA, Limits

    spec = SCHEMA["$defs"]["limits"]["properties"]
    assert [f.name for f in fields(Limits)] == list(spec)
    python_type = {"number": float, "integer": int}
    for field in fields(Limits):
        assert field.default == spec[field.name]["default"], field.name
        assert type(field.default) is python_type[spec[field.name]["type"]], field.name
        assert spec[field.name]["description"], field.name


def test_an_unset_setting_takes_the_schemas_default(tmp_path):
    from autograder.course import SCHEMA

    def strip(data):
        data.pop("visibility"), data.pop("min_isolation"), data["defaults"].pop("limits")
        data["defaults"]["late_policy"].pop("applied_by", None)
        data["assignments"]["a4_derivations"].pop("limits")

    course = load_course(_broken(tmp_path, strip))
    limits = SCHEMA["$defs"]["limits"]["properties"]
    a1, a4 = course.assignment("a1_encoding"), course.assignment("a4_derivations")
    assert a1.limits.memory_mb == limits["memory_mb"]["default"]
    assert a4.limits.call_seconds == limits["call_seconds"]["default"]
    assert a1.visibility == SCHEMA["$defs"]["visibility"]["default"]
    assert course.min_isolation == SCHEMA["properties"]["min_isolation"]["default"]
    assert a1.late_work == SCHEMA["$defs"]["late_policy"]["properties"]["applied_by"]["default"]
    assert (a1.kind, a4.kind) == ("numeric", "derivation")
