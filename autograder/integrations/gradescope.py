"""`autograder gradescope <id> --out autograder.zip`: a Gradescope autograder bundle that grades with the kit.

The zip holds `setup.sh` (a virtual environment with the kit's pinned dependencies, and nothing of the kit
itself), `run_autograder` (grades the one .py/.ipynb in /autograder/submission into
/autograder/results/results.json) and, for `source/`, the kit's engine with this one assignment's hidden
checks and reference alone. The kit is never installed: it runs from `source/`, which `run_autograder`
makes unreadable to every other uid before any student code runs, so the hidden checks exist nowhere a
student process could read them, whatever isolation the container allows (the level in force is written to
the autograder's stdout, which only instructors see). `run_autograder ROOT` grades ROOT/submission instead,
so the bundle can be tried outside Gradescope.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
import zipfile
from datetime import datetime
from pathlib import Path

import yaml

from ..catalogue import SOURCE_LANGUAGE, Message, say
from ..errors import KitError

SUBMISSION_SUFFIXES = (".ipynb", ".py")
IGNORED_PARTS = ("__MACOSX", ".ipynb_checkpoints", "__pycache__")
RESULTS_SCHEMA = Path(__file__).resolve().parent / "gradescope_results.schema.json"
REQUIREMENTS = "requirements.txt"
# Files of the package that belong to one assignment: the bundle keeps its own and drops the others'.
PER_ASSIGNMENT = (
    re.compile(r"^graders/(a\d+_[a-z0-9_]+)\.(?:py|yml)$"),
    re.compile(r"^authoring/templates/visible_(a\d+_[a-z0-9_]+)\.py$"),
    re.compile(r"^authoring/stories/[^/]+/(a\d+_[a-z0-9_]+)\.md$"),
)

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: a virtual environment at
# /autograder/venv with the kit's pinned dependencies only. The kit itself is not installed: it runs from
# /autograder/source, which run_autograder locks away from the student's uid.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv
# numpy 2.4 needs Python >= 3.11; Ubuntu 22.04 (Gradescope's default image) ships 3.10.
if python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PY=python3
else
    apt-get install -y -qq python3.11 python3.11-venv
    PY=python3.11
fi
"$PY" -m venv /autograder/venv
/autograder/venv/bin/python -m pip install --no-cache-dir --upgrade pip
/autograder/venv/bin/python -m pip install --no-cache-dir -r /autograder/source/requirements.txt
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. It grades the one .py/.ipynb in ROOT/submission with the
# kit's hidden checks for {assignment} and writes ROOT/results/results.json. ROOT is /autograder unless
# given: `run_autograder /some/root` tries the bundle on a copy (AUTOGRADER_PYTHON picks the interpreter).
set -u
ROOT="${{1:-/autograder}}"
PYTHON="${{AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}}"
# Student code runs under uids of its own (and, where namespaces are allowed, with ROOT hidden): it must
# not read the kit and its hidden checks, the reference, the upload, the metadata or earlier results.
chmod -R go-rwx "$ROOT/source" "$ROOT/submission" "$ROOT/results" 2>/dev/null
chmod go-rwx "$ROOT/submission_metadata.json" 2>/dev/null
export AUTOGRADER_ROOT="$ROOT/source"
export PYTHONPATH="$ROOT/source"
exec "$PYTHON" -m autograder.integrations.gradescope --root "$ROOT" --assignment {assignment}
"""


def _kit_files(assignment_id: str) -> list[tuple[Path, str]]:
    """(file, name in the zip): the package with this assignment's graders alone, and its reference."""
    from .. import paths

    members = []
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        if not path.is_file() or any(part in IGNORED_PARTS for part in path.parts) or path.suffix == ".pyc":
            continue
        inside = path.relative_to(paths.PACKAGE_DIR).as_posix()
        owner = next((m.group(1) for m in (p.match(inside) for p in PER_ASSIGNMENT) if m), None)
        if owner is not None and owner != assignment_id:
            continue
        members.append((path, "autograder/" + inside))
    members.append((paths.solutions_dir() / f"{assignment_id}.py", f"solutions/{assignment_id}.py"))
    return members


def requirements_text() -> str:
    """The kit's pinned dependencies (pyproject.toml), one per line, for setup.sh."""
    import tomllib

    from .. import paths

    pyproject = paths.KIT_ROOT / "pyproject.toml"
    try:
        dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise KitError(f"cannot read the kit's pinned dependencies from {pyproject}: {exc}") from None
    return "".join(f"{d}\n" for d in dependencies)


def one_assignment_course(course_file: Path, assignment_id: str) -> bytes:
    """course.yml with this assignment alone (the others' graders are not in the bundle), comments dropped.

    The roster stays home: Gradescope knows each student by e-mail, so an extension granted under another id of a
    roster's student is granted under that student's e-mail too, and the bundle carries no one else's ids."""
    from ..course import read_yaml
    from ..roster import load_roster

    data = read_yaml(course_file, course_file.read_text(encoding="utf-8"))
    data["assignments"] = {assignment_id: data["assignments"][assignment_id]}
    roster = data.pop("roster", None)
    grants = data["assignments"][assignment_id].get("extensions") if roster else None
    if grants:
        people = load_roster(course_file.resolve().parent / roster)
        for student, grant in list(grants.items()):
            person = people.find(student)
            email = person.fields.get("email") if person is not None else None
            if email and email not in grants:
                grants[email] = grant
    header = f"# course.yml for {assignment_id} alone, written by `autograder gradescope`.\n"
    return (header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)).encode("utf-8")


def _add(zf: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # fixed times: the same kit gives the same zip
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def build_bundle(assignment_id: str, out: Path | str, course_file: Path | str | None = None) -> Path:
    """Write the autograder zip for one assignment; the files sit at the zip's root, as Gradescope wants."""
    from .. import paths
    from ..course import load_course
    from ..grading.engine import hidden_graders

    course_file = Path(course_file or paths.course_file())
    course = load_course(course_file)
    course.assignment(assignment_id)
    if not hidden_graders(assignment_id).is_file():
        raise KitError(f"no hidden checks for {assignment_id}: {hidden_graders(assignment_id)} is missing")
    if not (paths.solutions_dir() / f"{assignment_id}.py").is_file():
        raise KitError(Message("error:no_reference", assignment=assignment_id, folder=str(paths.solutions_dir())))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        _add(zf, "setup.sh", SETUP_SH.encode(), 0o755)
        _add(zf, "run_autograder", RUN_AUTOGRADER.format(assignment=assignment_id).encode(), 0o755)
        _add(zf, REQUIREMENTS, requirements_text().encode())
        _add(zf, "course.yml", one_assignment_course(course_file, assignment_id))
        for path, name in _kit_files(assignment_id):
            _add(zf, name, path.read_bytes())
    tmp.replace(out)
    return out


# ---- inside the container ----------------------------------------------------------------------
def find_submission(folder: Path, assignment_id: str) -> Path:
    """The file to grade: `<id>.ipynb` or `<id>.py` anywhere in the upload, else its only .py/.ipynb."""
    candidates = sorted(
        p
        for p in folder.rglob("*")
        if (p.is_file() or p.is_symlink())  # a link is found, and then refused with the reason when it is read
        and p.suffix in SUBMISSION_SUFFIXES
        and not any(part in IGNORED_PARTS or part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for suffix in SUBMISSION_SUFFIXES:
        named = [p for p in candidates if p.name == f"{assignment_id}{suffix}"]
        if named:
            return named[0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise KitError(Message("error:no_upload", assignment=assignment_id))
    names = ", ".join(p.relative_to(folder).as_posix() for p in candidates[:6])
    raise KitError(Message("error:several_uploads", names=names, assignment=assignment_id))


def read_metadata(root: Path) -> dict:
    """Gradescope's submission_metadata.json (an empty dict when there is none, as in a local try)."""
    try:
        meta = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _users(meta: dict) -> list[dict]:
    return [u for u in meta.get("users") or [] if isinstance(u, dict)]


def student_identity(root: Path, meta: dict | None = None) -> str | None:
    """Who submitted: every member of a group, sorted and joined, so a group shares one seed whoever uploads."""
    meta = read_metadata(root) if meta is None else meta
    ids = sorted(str(u.get("email") or u.get("id")) for u in _users(meta) if u.get("email") or u.get("id"))
    return "+".join(ids) or None


@dataclasses.dataclass
class LateBasis:
    """The trusted time of this submission and the due date that applies to it, as Gradescope states them."""

    submitted_at: datetime | None = None
    extension: object = None  # a timedelta Gradescope gives these students beyond the assignment's due date
    applied_by: str = "kit"
    problem: object = None  # why the time could not be read (a Message), for the instructor's log


def late_basis(meta: dict, assignment, zone: str | None) -> LateBasis:
    """created_at and a per-student due date from the metadata; course.yml's `applied_by` decides who applies it."""
    from ..grading.late import read_time

    basis = LateBasis(applied_by=assignment.late_work)
    if basis.applied_by != "kit" or not meta.get("created_at"):
        return basis
    try:
        basis.submitted_at = read_time(meta["created_at"], zone, "submission_metadata.json created_at")
        common = (meta.get("assignment") or {}).get("due_date") if isinstance(meta.get("assignment"), dict) else None
        own = [u["assignment"].get("due_date") for u in _users(meta) if isinstance(u.get("assignment"), dict)]
        own = [d for d in own if d]
        if common and own:  # Gradescope's extension for these students, carried over onto course.yml's due date
            shift = max(read_time(d, zone, "due_date") for d in own) - read_time(common, zone, "due_date")
            if shift.total_seconds() > 0:
                basis.extension = shift
    except KitError as exc:  # Gradescope's own record unreadable: graded without a penalty, and the instructor told
        basis.problem = exc.message
    return basis


def with_extension(course, assignment_id: str, student: str | None, extension):
    """The course with `student` given `extension` beyond course.yml's due date (when later than their own)."""
    from ..grading.late import due_for

    assignment = course.assignment(assignment_id)
    if extension is None or assignment.due is None or not student:
        return course
    due = assignment.due + extension
    current = due_for(assignment, student)
    if current is not None and current >= due:
        return course
    changed = dataclasses.replace(assignment, extensions={**assignment.extensions, student: due})
    return dataclasses.replace(course, assignments={**course.assignments, assignment_id: changed})


def isolation_lines(status: dict, lang: str) -> list[str]:
    """What the instructor must know about the isolation in force (stdout of run_autograder: instructors only)."""
    level = status.get("level", "unknown")
    lines = [
        say(
            "gradescope:isolation",
            lang,
            level=level,
            uid_switch=say("gradescope:flag_yes" if status.get("uid_switch") else "gradescope:flag_no", lang),
            seccomp=say("gradescope:flag_yes" if status.get("seccomp") else "gradescope:flag_no", lang),
        )
    ]
    key = {
        "root": "gradescope:isolation_namespaces",
        "userns": "gradescope:isolation_namespaces",
        "landlock": "gradescope:isolation_landlock",
    }.get(level, "gradescope:isolation_none")
    if level == "landlock" and not status.get("uid_switch"):
        key = "gradescope:isolation_none"
    lines.append(say(key, lang))
    for attempt in status.get("tried") or []:
        lines.append(say("gradescope:isolation_tried", lang, attempt=str(attempt)))
    return lines


def check_results(results: dict) -> None:
    """Refuse to hand Gradescope a results.json its format does not allow (a kit bug, said loudly)."""
    from ..course import schema_validator

    schema = json.loads(RESULTS_SCHEMA.read_text(encoding="utf-8"))
    schema_validator(schema).validate(results)


def _course_language() -> str:
    """The course's language for a message about a submission that could not be graded (English if unreadable)."""
    try:
        from ..course import load_course

        return load_course().language
    except KitError:
        return SOURCE_LANGUAGE


def grade_root(root: Path | str, assignment_id: str) -> dict:
    """Grade ROOT/submission into ROOT/results/results.json and return the results."""
    from .. import paths
    from ..atomic import write_json_atomic
    from ..course import load_course
    from ..grading.points import show
    from ..grading.results import error_results
    from ..grading.supervisor import SupervisedGrader

    started = time.perf_counter()
    root = Path(root).resolve()
    try:
        from ..submission import load_submission

        course = load_course()
        path = find_submission(root / "submission", assignment_id)
        # Read here, never through a link (a link to /autograder/source/solutions would be graded as the upload).
        submission = load_submission(path, within=root / "submission")
        meta = read_metadata(root)
        student = student_identity(root, meta)
        basis = late_basis(meta, course.assignment(assignment_id), course.timezone)
        course = with_extension(course, assignment_id, student or path.stem, basis.extension)
        # The student's code must not see /autograder: the source, other results, the metadata.
        with SupervisedGrader(assignment_id, course=course, hide=(str(root),)) as grader:
            lang = grader.lang
            for line in isolation_lines(grader.sandbox_status, lang):
                print(line, flush=True)
            report = grader.grade(submission, student=student, submitted_at=basis.submitted_at)
        results = report.to_results()
        print(
            say(
                "cli:gradescope_graded",
                report.language,
                path=str(path.relative_to(root)),
                student=report.student,
                score=show(report.score),
                max_score=show(report.max_score),
                kit=str(paths.PACKAGE_DIR),
            )
        )
        if basis.applied_by != "kit":
            print(say("gradescope:late_by_gradescope", lang))
        elif basis.problem is not None:
            print(say("gradescope:late_unreadable", lang, reason=basis.problem.render(lang)))
        elif report.late:
            print(say("gradescope:late", lang, **report.late))
    except KitError as exc:
        lang = _course_language()
        results = error_results(exc, execution_time=time.perf_counter() - started, lang=lang)
        print(say("cli:gradescope_not_graded", lang, message=exc.render(lang)))
    check_results(results)
    write_json_atomic(results, root / "results" / "results.json")
    return results


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run_autograder", description="Grade a Gradescope submission with the kit.")
    parser.add_argument("--root", default="/autograder")
    parser.add_argument("--assignment", required=True)
    args = parser.parse_args(argv)
    grade_root(Path(args.root), args.assignment)
    return 0


def run(args) -> int:
    """The `autograder gradescope` door."""
    from .. import paths

    course_file = Path(args.course) if getattr(args, "course", None) else paths.course_file()
    out = build_bundle(args.assignment, Path(args.out), course_file)
    from ..course import load_course

    print(say("cli:bundle_written", load_course(course_file).language, out=str(out), assignment=args.assignment))
    return 0


if __name__ == "__main__":
    sys.exit(main())
