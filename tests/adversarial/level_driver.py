"""Grade attacks as an unprivileged user would, on one isolation level: userns, landlock or none.

Started as root by test_attacks.py: `python level_driver.py LEVEL UID COURSE OUT ATTACK...`. It first makes the
folders holding Python traversable for UID in a mount namespace of its own (here Python lives under /root,
mode 700; on a laptop it is the user's own), refuses user namespaces to itself for the landlock level (as
Docker's default profile and some distributions do), drops to UID for good and only then imports the kit, so
everything the kit does runs exactly as it would for that user on such a machine. It checks that the kit
reached LEVEL, then per attack writes what the report said and what the attack left behind (processes of
UID, files of UID in shared folders) to OUT as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

SHARED_FOLDERS = ("/run/lock", "/dev/shm", "/var/tmp", "/srv/autograder-adversarial")


def _uid_of(pid: str) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _leftovers(uid: int, graders: list) -> list:
    """Processes of `uid` a submission left: below a template, or anywhere except this process, the grading
    processes and their own children (the templates and the sympy workers of the trusted side)."""
    from autograder.sandbox.proctree import descendants, proc_table

    table = proc_table()
    kit = {os.getpid(), *graders} | {pid for pid, (ppid, _s, _st) in table.items() if ppid in graders}
    templates = [
        pid for pid in kit if pid not in graders and pid != os.getpid() and b"sandbox/student_side.py" in _cmdline(pid)
    ]
    found = {pid for z in templates for pid, _s, _st in descendants(z, table)}
    for pid in table:
        if _uid_of(str(pid)) == uid and pid not in kit:
            found.add(pid)
    return sorted(found)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _files_of(uid: int) -> list:
    found = []
    for top in SHARED_FOLDERS:
        for folder, dirs, files in os.walk(top):
            for name in dirs + files:
                path = os.path.join(folder, name)
                try:
                    if os.lstat(path).st_uid == uid:
                        found.append(path)
                except OSError:
                    pass
    return found


def main() -> int:
    level, uid, course_path, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    names = sys.argv[5:]
    here = Path(__file__).resolve().parent
    kit = here.parent.parent
    sys.path.insert(0, str(here.parent))
    from unprivileged import become, python_and_kit, refuse_user_namespaces, traversable

    traversable(python_and_kit())
    if level == "landlock":
        refuse_user_namespaces()
    become(uid)
    if level == "none":
        os.environ["AUTOGRADER_NO_ISOLATION"] = "1"
    os.chdir(kit)
    sys.path.insert(0, str(kit))

    from autograder.course import load_course
    from autograder.grading.supervisor import SupervisedGrader

    course = load_course(course_path)
    graders: dict = {}
    results = {}
    try:
        for name in names:
            assignment = "a4_derivations" if name.startswith("sym_") else "a1_encoding"
            if assignment not in graders:
                graders[assignment] = SupervisedGrader(assignment, course=course)
                graders[assignment].start()
                reached = graders[assignment].sandbox_status.get("level")
                if reached != level:
                    results["__level__"] = {
                        "crash": f"the kit reached level {reached!r}, not {level!r}: "
                        f"{graders[assignment].sandbox_status}"
                    }
            grader = graders[assignment]
            started = time.monotonic()
            entry: dict = {}
            try:
                report = grader.grade(here / "attacks" / name, student=None)
                entry = {
                    "score": report.score,
                    "student": report.student,
                    "notes": report.notes,
                    "problems": {
                        p: {"score": s.score, "max_score": s.max_score, "status": s.status, "message": s.message}
                        for p, s in report.problems.items()
                    },
                    "results": report.to_results(),
                    "output": report.student_output,
                }
            except BaseException as exc:  # the driver reports a crash of the grader, it does not hide it
                entry = {"crash": f"{type(exc).__name__}: {exc}"}
            entry["seconds"] = time.monotonic() - started
            pids = [g.pid for g in graders.values() if g.pid is not None]
            deadline = time.monotonic() + 3.0
            while True:
                left = _leftovers(uid, pids)
                if not left or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            entry["leftover_processes"] = left
            entry["leftover_files"] = _files_of(uid)
            results[name] = entry
    finally:
        for grader in graders.values():
            grader.close()
    Path(out).write_text(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
