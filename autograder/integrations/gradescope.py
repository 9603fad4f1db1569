"""`autograder gradescope <id> --out autograder.zip`: a Gradescope autograder bundle that grades with the kit.

The zip holds `setup.sh` (a virtual environment with the kit and its pinned dependencies), `run_autograder`
(grades the one .py/.ipynb in /autograder/submission into /autograder/results/results.json) and the kit's
source: the hidden checks stay on Gradescope's side, and the student's code runs in the kit's own
process with /autograder hidden from it. `run_autograder ROOT` grades ROOT/submission instead, so the
bundle can be tried outside Gradescope.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

from ..catalogue import SOURCE_LANGUAGE, Message, say
from ..errors import KitError

SUBMISSION_SUFFIXES = (".ipynb", ".py")
IGNORED_PARTS = ("__MACOSX", ".ipynb_checkpoints", "__pycache__")
RESULTS_SCHEMA = Path(__file__).resolve().parent / "gradescope_results.schema.json"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: a virtual environment at
# /autograder/venv with the kit (from the bundled source) and its pinned dependencies.
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
/autograder/venv/bin/python -m pip install --no-cache-dir /autograder/source
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. It grades the one .py/.ipynb in ROOT/submission with the
# kit's hidden checks for {assignment} and writes ROOT/results/results.json. ROOT is /autograder unless
# given: `run_autograder /some/root` tries the bundle on a copy (AUTOGRADER_PYTHON picks the interpreter).
set -u
ROOT="${{1:-/autograder}}"
PYTHON="${{AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}}"
# Student code runs under uids of its own (and, where namespaces are allowed, with ROOT hidden): even
# without namespaces it must not read the hidden checks, the solutions, the upload or earlier results.
chmod -R go-rwx "$ROOT/source" "$ROOT/submission" "$ROOT/results" 2>/dev/null
chmod go-rwx "$ROOT/submission_metadata.json" 2>/dev/null
export AUTOGRADER_ROOT="$ROOT/source"
export PYTHONPATH="$ROOT/source"
exec "$PYTHON" -m autograder.integrations.gradescope --root "$ROOT" --assignment {assignment}
"""


def _kit_files() -> list[tuple[Path, str]]:
    """(file, name in the zip): the package, the reference solutions, course.yml and the packaging files."""
    from .. import paths

    root = paths.KIT_ROOT
    members = []
    for path in sorted(paths.PACKAGE_DIR.rglob("*")):
        if path.is_file() and not any(part in IGNORED_PARTS for part in path.parts) and path.suffix != ".pyc":
            members.append((path, "autograder/" + path.relative_to(paths.PACKAGE_DIR).as_posix()))
    for path in sorted(paths.solutions_dir().glob("*.py")):
        members.append((path, f"solutions/{path.name}"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (root / name).is_file():
            members.append((root / name, name))
    if not (root / "pyproject.toml").is_file():
        raise KitError(f"no pyproject.toml in {root}: setup.sh installs the kit from it")
    return members


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
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        _add(zf, "setup.sh", SETUP_SH.encode(), 0o755)
        _add(zf, "run_autograder", RUN_AUTOGRADER.format(assignment=assignment_id).encode(), 0o755)
        _add(zf, "course.yml", course_file.read_bytes())
        for path, name in _kit_files():
            _add(zf, name, path.read_bytes())
    tmp.replace(out)
    return out


# ---- inside the container ----------------------------------------------------------------------
def find_submission(folder: Path, assignment_id: str) -> Path:
    """The file to grade: `<id>.ipynb` or `<id>.py` anywhere in the upload, else its only .py/.ipynb."""
    candidates = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SUBMISSION_SUFFIXES
                        and not any(part in IGNORED_PARTS or part.startswith(".") for part in p.relative_to(folder).parts))
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


def student_identity(root: Path) -> str | None:
    """Who submitted, from Gradescope's submission_metadata.json: it seeds the student's random inputs."""
    try:
        meta = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    users = meta.get("users") or []
    ids = sorted(str(u.get("email") or u.get("id")) for u in users if isinstance(u, dict) and (u.get("email") or u.get("id")))
    return "+".join(ids) or None


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
    from ..grading.supervisor import grade_submission
    from ..atomic import write_json_atomic
    from ..grading.results import error_results

    started = time.perf_counter()
    root = Path(root).resolve()
    try:
        path = find_submission(root / "submission", assignment_id)
        student = student_identity(root)
        # The student's code must not see /autograder: the source, other results, the metadata.
        report = grade_submission(path, assignment_id, student=student, hide=(str(root),))
        results = report.to_results()
        print(say("cli:gradescope_graded", report.language, path=str(path.relative_to(root)), student=report.student,
                  score=report.score, max_score=report.max_score, kit=str(paths.PACKAGE_DIR)))
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
