"""Grade attacks as a grader on one isolation level would: userns, landlock or none as an unprivileged user, or
landlock as root in a container that allows no namespaces (landlock_root).

Started as root by test_attacks.py: `python level_driver.py LEVEL UID COURSE OUT ATTACK...`. For an unprivileged
level it first makes the folders holding Python traversable for UID in a mount namespace of its own (here Python
lives under /root, mode 700; on a laptop it is the user's own), refuses user namespaces to itself for the landlock
level (as Docker's default profile and some distributions do) and drops to UID for good; for landlock_root it stays
root. Then, as that user, it does what an instructor's session does: a tmux server of its own runs (the default
socket, /tmp/tmux-<uid>/default, or the root suite's own socket for landlock_root), a plain Unix socket of the same
user listens at /tmp/autograder-adversarial-<uid>.sock and records whatever reaches it, and the grading itself runs
inside a tmux window (`--inner`), so the kit is in exactly the world a student attacking it would find.

The inner driver only then imports the kit, checks that it reached LEVEL, and grades each attack (and first, with
the same grader, the submissions its expected.yml entry says are graded before it: `after`). Per attack it writes
what the report said and what the attack left behind (processes of the student's uid, files of that uid in shared
folders, anything left in the grading processes' scratch area, System V IPC objects of that uid) to OUT as JSON;
the outer driver adds what reached its socket.
"""

from __future__ import annotations

import glob
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

SHARED_FOLDERS = ("/run/lock", "/dev/shm", "/var/tmp", "/srv/autograder-adversarial")
HERE = Path(__file__).resolve().parent
KIT = HERE.parent.parent
ROOT_TMUX = "autograder-adversarial"  # the root suite's tmux socket (tmux -L), beside any instructor's default
MAX_LEVEL_ENV = "AUTOGRADER_MAX_ISOLATION"


def listener_path(uid: int) -> str:
    return f"/tmp/autograder-adversarial-{uid}.sock"


def _uid_of(pid: str) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _student_uids(uid: int, graders: list) -> set:
    """The uids this driver's students may run as: its own (unprivileged), or the uids handed out by its grading
    processes (root)."""
    if uid != 0:
        return {uid}
    from autograder.sandbox.proctree import student_uids

    return {u for pid in graders for u in student_uids(pid)}


def _leftovers(uids: set, graders: list, before: set) -> list:
    """Processes of a student uid a submission left: below a template, or anywhere except this process, the grading
    processes and their own children (the templates and the sympy workers of the trusted side), and what ran
    before any grading started (the user's tmux server and its windows)."""
    from autograder.sandbox.proctree import descendants, proc_table

    table = proc_table()
    kit = {os.getpid(), *graders, *before} | {pid for pid, (ppid, _s, _st) in table.items() if ppid in graders}
    templates = [
        pid for pid in kit if pid not in graders and pid != os.getpid() and b"sandbox/student_side.py" in _cmdline(pid)
    ]
    found = {pid for z in templates for pid, _s, _st in descendants(z, table)}
    for pid in table:
        if _uid_of(str(pid)) in uids and pid not in kit:
            found.add(pid)
    return sorted(found)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _files_of(uids: set) -> list:
    found = []
    for top in SHARED_FOLDERS:
        for folder, dirs, files in os.walk(top):
            for name in dirs + files:
                path = os.path.join(folder, name)
                try:
                    if os.lstat(path).st_uid in uids:
                        found.append(path)
                except OSError:
                    pass
    return found


def scratch_left() -> list:
    """Whatever is left in the scratch area of this process's grading processes (TMPDIR/autograder-run-*/): every
    student's folder is removed, with all it held, before the next student runs."""
    pattern = os.path.join(tempfile_root(), f"autograder-work-{os.getpid()}-*", "autograder-run-*", "*")
    return sorted(  # where students have namespaces, the one empty mount point their tmpfs goes on stays
        p
        for p in glob.glob(pattern)
        if not (os.path.basename(p) == "scratch" and os.path.isdir(p) and not os.listdir(p))
    )


def tempfile_root() -> str:
    import tempfile

    return tempfile.gettempdir()


def ipc_of(uids: set) -> list:
    found = []
    for kind in ("shm", "msg", "sem"):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        columns = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(columns, line.split()))
            if int(row.get("uid", -1)) in uids or int(row.get("cuid", -1)) in uids:
                found.append(f"{kind} key {row.get('key')}")
    return found


# ==================================================================================================== outer
class Listener:
    """A Unix socket of the driver's own user, at a path every process of that user could find."""

    def __init__(self, uid: int):
        self.path = listener_path(uid)
        self.events: list = []
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.path)
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(0.5)
            try:
                data = conn.recv(200)
            except OSError:
                data = b""
            conn.close()
            self.events.append(f"connect {self.path}: {data!r}")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass


def outer(level: str, uid: int, course_path: str, out: str, names: list) -> int:
    sys.path.insert(0, str(HERE.parent))
    if uid != 0:
        from unprivileged import become, python_and_kit, refuse_user_namespaces, traversable

        traversable(python_and_kit())
        if level == "landlock":
            refuse_user_namespaces()
        become(uid)
    # Root's tmux server and listener are the suite's own (test_attacks.World): this driver grades in a window of it.
    tmux = ["tmux"] if uid != 0 else ["tmux", "-L", ROOT_TMUX]
    session = f"grade-{level}"
    log = f"{out}.log"
    listener = Listener(uid) if uid != 0 else None
    env = {
        "HOME": os.environ.get("HOME", "/tmp"),
        "TMPDIR": os.environ.get("TMPDIR", "/tmp"),
        **({"AUTOGRADER_NO_ISOLATION": "1"} if level == "none" else {}),
    }
    inner_command = [
        sys.executable,
        str(HERE / "level_driver.py"),
        "--inner",
        level,
        str(uid),
        course_path,
        out,
        *names,
    ]
    shell = (  # tmux's own variables (TMUX, TMUX_PANE) stay: the grader runs inside tmux, as an instructor's does
        f"cd {shlex.quote(str(KIT))} && env -u AUTOGRADER_NO_ISOLATION -u {MAX_LEVEL_ENV} "
        + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        + " "
        + shlex.join(inner_command)
        + f" > {shlex.quote(log)} 2>&1"
    )
    try:
        if uid != 0:  # the instructor's own tmux server, on its default socket, as a long session keeps it
            subprocess.run([*tmux, "new-session", "-d", "-s", "instructor", "sleep 3600"], check=True, timeout=30)
        subprocess.run([*tmux, "new-session", "-d", "-s", session, shell], check=True, timeout=30)
        deadline = time.monotonic() + 1200
        while time.monotonic() < deadline:
            alive = subprocess.run([*tmux, "has-session", "-t", session], capture_output=True, timeout=30)
            if alive.returncode != 0:
                break
            time.sleep(0.5)
        else:
            subprocess.run([*tmux, "kill-session", "-t", session], capture_output=True, timeout=30)
            print(f"the inner driver did not finish within 20 minutes: {Path(log).read_text(errors='replace')[-3000:]}")
            return 1
    finally:
        if uid != 0:
            subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=30)
            shutil.rmtree(f"/tmp/tmux-{uid}", ignore_errors=True)  # the folder of its socket: this user's alone
        if listener is not None:
            listener.close()
    try:
        results = json.loads(Path(out).read_text())
    except (OSError, ValueError):
        print(f"the inner driver wrote no results: {Path(log).read_text(errors='replace')[-3000:]}")
        return 1
    results["__listener__"] = listener.events if listener is not None else []
    Path(out).write_text(json.dumps(results))
    return 0


# ==================================================================================================== inner
def inner(level: str, uid: int, course_path: str, out: str, names: list) -> int:
    if level == "landlock_root":  # a container that allows no namespaces (as Docker's default profile does)
        sys.path.insert(0, str(HERE.parent))
        from no_namespaces import refuse_namespaces
        from unprivileged import python_and_kit, traversable

        traversable(python_and_kit())  # Python lives under /root here: a student uid must reach it, as in a container
        refuse_namespaces()
    wanted = "landlock" if level == "landlock_root" else level
    os.chdir(KIT)
    sys.path.insert(0, str(KIT))

    from autograder.course import load_course
    from autograder.grading.supervisor import SupervisedGrader

    expected = yaml.safe_load((HERE / "expected.yml").read_text(encoding="utf-8"))
    after = {name: spec.get("after", []) for attacks in expected.values() for name, spec in attacks.items() if spec}
    course = load_course(course_path)
    graders: dict = {}
    results = {}
    from autograder.sandbox.proctree import proc_table

    running = {pid for pid in proc_table() if uid != 0 and _uid_of(str(pid)) == uid}  # tmux's, this driver's
    ipc_before = set(ipc_of({uid})) if uid != 0 else set()  # another run of the suite (another checkout) left them
    try:
        for name in names:
            assignment = "a4_derivations" if name.startswith("sym_") else "a1_encoding"
            if assignment not in graders:
                graders[assignment] = SupervisedGrader(assignment, course=course)
                graders[assignment].start()
                status = graders[assignment].sandbox_status
                if status.get("level") != wanted or bool(status.get("uid_switch")) != (uid == 0 and wanted != "none"):
                    results["__level__"] = {"crash": f"the kit reached {status}, not level {level!r}"}
            grader = graders[assignment]
            started = time.monotonic()
            entry: dict = {}
            try:
                for earlier in after.get(name, []):
                    grader.grade(HERE / "attacks" / earlier, student=None)
                report = grader.grade(HERE / "attacks" / name, student=None)
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
            uids = _student_uids(uid, pids)
            deadline = time.monotonic() + 3.0
            while True:
                left = _leftovers(uids, pids, running)
                if not left or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            entry["leftover_processes"] = [f"{pid} {_cmdline(pid)[:200]!r}" for pid in left]
            entry["leftover_files"] = _files_of(uids) + scratch_left()
            entry["leftover_ipc"] = [found for found in ipc_of(uids) if found not in ipc_before]
            results[name] = entry
    finally:
        for grader in graders.values():
            grader.close()
    Path(out).write_text(json.dumps(results))
    return 0


def main() -> int:
    args = sys.argv[1:]
    run = outer
    # Stopped by the suite (SIGTERM): the finally blocks end the tmux server, and with it the grading in its window.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if args[:1] == ["--inner"]:
        run, args = inner, args[1:]
    level, uid, course_path, out, names = args[0], int(args[1]), args[2], args[3], args[4:]
    return run(level, uid, course_path, out, names)


if __name__ == "__main__":
    sys.exit(main())
