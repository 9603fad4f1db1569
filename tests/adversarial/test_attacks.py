"""The red-team suite: every file in attacks/ is graded and must get exactly the outcome expected.yml gives it.

Each attack is graded on every isolation level the machine can set up: root (the grader as root: namespaces,
a uid per student, a read-only world; this is how CI runs), landlock as root in a container that allows no
namespaces (landlock_root: a uid per student), and as an unprivileged user on the levels userns (user
namespaces), landlock (user namespaces refused) and none (no isolation), except on the levels its entry lists
under `not_on` (SECURITY.md says why). The graders of those levels run inside tmux, with a tmux server and a
plain Unix socket of their own user listening, as an instructor's session would. An attack's entry may name the
submissions the same grader grades just before it (`after`): the students graded after an attacker. Besides its
scores and messages, every attack must leave nothing behind: no process, no file outside its scratch folder,
nothing in the scratch area once it is graded, no shared memory, no byte on the network or on a Unix socket of
the grader's user, no secret or leaked source in the report. Then the honest submissions must grade exactly as
before the attacks, alone, with a fresh grader, and inside a batch of the whole folder.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml

from autograder.course import load_course
from autograder.grading.supervisor import SupervisedGrader
from autograder.sandbox.proctree import descendants, student_uids
from autograder.sandbox.proctree import proc_table as _proc_table

HERE = Path(__file__).resolve().parent
ATTACKS = HERE / "attacks"
KIT = HERE.parent.parent
SITE = sysconfig.get_paths()["purelib"]
CANARY = Path("/srv/autograder-adversarial")  # a class folder outside the kit; attacks aim at it by name
OPEN = CANARY / "open"  # world-writable: only the sandbox's design keeps it intact
HIDDEN = CANARY / "hidden"  # passed to the Grader as hidden (as batch does with results)
PORTS = range(47631, 47636)  # 127.0.0.1 only, opened here; net_* attacks aim at them
ABSTRACT = "\0autograder-adversarial"
# One unprivileged user per level, and root for landlock in a container that allows no namespaces.
LEVEL_UIDS = {"userns": 61234, "landlock": 61237, "none": 61238, "landlock_root": 0}
TMUX = "autograder-adversarial"  # root's tmux server for the suite (tmux -L): never an instructor's own default
UNIX_PATH = "/tmp/autograder-adversarial-0.sock"  # a Unix socket of root's, by path (net_same_uid_socket.py)
SECRET = "AG_ADVERSARIAL_SECRET"
# A site directory the grading environment does not import from, where forbid_other_site.py finds a scipy.
OTHER_SITE = Path(f"/usr/local/lib/python{sys.version_info.major}.{sys.version_info.minor}/dist-packages")
PLANTED = OTHER_SITE / "scipy"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
SAMPLES = {
    "a1_encoding": KIT / "samples" / "a1_encoding" / "correct.py",
    "a4_derivations": KIT / "samples" / "a4_derivations" / "correct.py",
}
EXPECTED = yaml.safe_load((HERE / "expected.yml").read_text(encoding="utf-8"))
CASES = [(aid, name, spec or {}) for aid, attacks in EXPECTED.items() for name, spec in attacks.items()]
ROOT_CASES = [case for case in CASES if "root" not in case[2].get("not_on", [])]


def _holds_on(level: str, spec: dict) -> bool:
    """landlock_root is level landlock (with a uid per student): `not_on: [landlock]` names both."""
    not_on = spec.get("not_on", [])
    return level not in not_on and not (level == "landlock_root" and "landlock" in not_on)


LEVEL_CASES = [(level, *case) for level in LEVEL_UIDS for case in CASES if _holds_on(level, case[2])]
USED_UIDS: set = set()  # every uid a student process of this module may have run as


# ================================================================================ the world the attacks aim at
class World:
    """Canary files and folders, listeners on 127.0.0.1, an abstract socket and a Unix socket of root's by path, root's
    own tmux server, a process holding a secret."""

    def __init__(self):
        self.secret = hashlib.sha256(os.urandom(16)).hexdigest()
        self.events: list = []
        self.sockets: list = []
        self.stop = threading.Event()

    def build(self) -> None:
        shutil.rmtree(CANARY, ignore_errors=True)
        for folder, mode in (
            (OPEN, 0o777),
            (OPEN / "results", 0o777),
            (OPEN / "students", 0o755),
            (OPEN / "students" / "bob", 0o777),
            (HIDDEN / "results", 0o755),
        ):
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, mode)
        os.chmod(CANARY, 0o755)
        for path, text, mode in (
            (OPEN / "results" / "results.json", '{"score": 42.0}', 0o666),
            (OPEN / "students" / "bob" / "submission.py", "# bob's honest work\n", 0o666),
            (HIDDEN / "results" / "alice.json", '{"score": 77.0}', 0o644),
        ):
            path.write_text(text)
            os.chmod(path, mode)
        self.secret_holder = subprocess.Popen(["sleep", "3600"], env={SECRET: self.secret, "PATH": "/usr/bin:/bin"})
        for port in PORTS:
            for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                sock = socket.socket(socket.AF_INET, kind)
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:  # taken by someone else: the other ports still listen
                    sock.close()
                    continue
                if kind == socket.SOCK_STREAM:
                    sock.listen(8)
                self.sockets.append(sock)
        unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            unix.bind(ABSTRACT)
            unix.listen(8)
            self.sockets.append(unix)
        except OSError:  # another run of this suite holds it: the TCP and UDP listeners still count
            unix.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(UNIX_PATH)
        by_path = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        by_path.bind(UNIX_PATH)
        by_path.listen(8)
        self.sockets.append(by_path)
        if shutil.which("tmux") is None:
            pytest.fail("the red-team suite needs tmux (make browser installs it; apt-get install -y tmux)")
        subprocess.run(["tmux", "-L", TMUX, "kill-server"], capture_output=True, timeout=30)
        subprocess.run(
            ["tmux", "-L", TMUX, "new-session", "-d", "-s", "instructor", "sleep 3600"], check=True, timeout=30
        )
        assert any(s.family == socket.AF_INET and s.type == socket.SOCK_STREAM for s in self.sockets)
        self.created_site = not OTHER_SITE.exists()
        shutil.rmtree(PLANTED, ignore_errors=True)  # left by a run that was killed
        PLANTED.mkdir(parents=True)  # a working scipy.special.softmax, if a student could reach it
        (PLANTED / "__init__.py").write_text("")
        (PLANTED / "special.py").write_text(
            "import numpy as np\n\ndef softmax(x, axis=None):\n"
            "    e = np.exp(x - np.max(x, axis=axis, keepdims=True))\n"
            "    return e / np.sum(e, axis=axis, keepdims=True)\n"
        )
        self.thread = threading.Thread(target=self._listen, name="adversarial-listener", daemon=True)
        self.thread.start()

    def _listen(self) -> None:
        import selectors

        sel = selectors.DefaultSelector()
        for sock in self.sockets:
            sel.register(sock, selectors.EVENT_READ)
        while not self.stop.is_set():
            for key, _ in sel.select(0.2):
                sock = key.fileobj
                try:
                    if sock.type == socket.SOCK_STREAM:
                        conn, addr = sock.accept()
                        conn.settimeout(0.5)
                        try:
                            data = conn.recv(200)
                        except OSError:
                            data = b""
                        conn.close()
                        self.events.append(("connect", sock.getsockname() or UNIX_PATH, data))
                    else:
                        data, addr = sock.recvfrom(200)
                        self.events.append(("datagram", sock.getsockname(), data))
                except OSError:
                    pass

    def state(self) -> dict:
        """What must never change: the canaries' contents and the listings of the shared folders."""
        out = {}
        for folder in (OPEN, OPEN / "results", OPEN / "students", OPEN / "students" / "bob", HIDDEN / "results"):
            try:
                out[str(folder)] = sorted(os.listdir(folder))
            except OSError as exc:
                out[str(folder)] = repr(exc)
        for path in (
            OPEN / "results" / "results.json",
            OPEN / "students" / "bob" / "submission.py",
            HIDDEN / "results" / "alice.json",
        ):
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        return out

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        for sock in self.sockets:
            sock.close()
        with contextlib.suppress(OSError):
            os.unlink(UNIX_PATH)
        subprocess.run(["tmux", "-L", TMUX, "kill-server"], capture_output=True, timeout=30)
        with contextlib.suppress(OSError):
            os.unlink(f"/tmp/tmux-{os.getuid()}/{TMUX}")  # the suite's own socket, whether the server removed it or not
        self.secret_holder.kill()
        self.secret_holder.wait()
        shutil.rmtree(CANARY, ignore_errors=True)
        shutil.rmtree(PLANTED, ignore_errors=True)
        if self.created_site:
            shutil.rmtree(OTHER_SITE, ignore_errors=True)


@pytest.fixture(scope="module")
def world():
    if os.geteuid() != 0:
        pytest.fail(
            "the red-team suite proves the isolation path, which needs root (CI runs as root); "
            "SECURITY.md says what holds without it"
        )
    # The world is machine-wide (a folder in /srv, ports on 127.0.0.1, uids): one run of the suite at a time.
    lock = open("/run/lock/autograder-adversarial.lock", "a+")  # noqa: SIM115 - held for the whole session
    fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
    w = World()
    w.build()
    yield w
    w.close()
    lock.close()


@pytest.fixture(scope="module")
def shared_dir():
    """A folder every user can read (the unprivileged users too): the test course.yml and the levels' results."""
    folder = Path(tempfile.mkdtemp(prefix="autograder-adversarial-"))
    os.chmod(folder, 0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def course_path(shared_dir) -> Path:
    """The kit's course.yml with short limits (hostile files that hang cost 2 s) and yaml forbidden too (a
    forbidden package that is certainly installed, to prove it is hidden and not only hooked)."""
    data = yaml.safe_load((KIT / "course.yml").read_text(encoding="utf-8"))
    data["defaults"]["limits"].update(
        call_seconds=2,
        submission_seconds=20,
        cpu_seconds=10,
        memory_mb=512,
        processes=16,
        file_size_mb=16,
        output_kb=16,
    )
    data["defaults"]["forbidden_imports"] = list(data["defaults"]["forbidden_imports"]) + ["yaml"]
    data["min_isolation"] = "none"  # every level is graded here, the weakest included, to prove what holds there
    for spec in data["assignments"].values():
        spec.pop("forbidden_imports", None)
        spec.pop("limits", None)
    path = shared_dir / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    os.chmod(path, 0o644)
    return path


DRIVERS_AT_ONCE = 2  # beside the root level graded here: more would only share the same two cores


@pytest.fixture(scope="module")
def levels(world, shared_dir, course_path):
    """The other levels, graded in the background: one driver per level grading every attack that must hold there,
    at most DRIVERS_AT_ONCE at a time (in the order the tests read them); their results are read by
    test_attack_on_level."""
    slots = threading.Semaphore(DRIVERS_AT_ONCE)
    stopping = threading.Event()
    running: dict = {}
    finished: dict = {level: threading.Event() for level in LEVEL_UIDS}
    outcome: dict = {}

    def run(level: str, uid: int) -> None:
        names = [name for lvl, _aid, name, _spec in LEVEL_CASES if lvl == level]
        out = shared_dir / f"{level}.json"
        try:
            proc = subprocess.Popen(
                [sys.executable, str(HERE / "level_driver.py"), level, str(uid), str(course_path), str(out), *names],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=KIT,
            )
            running[level] = proc
            output, _ = proc.communicate(timeout=1800)
            outcome[level] = (proc.returncode, output.decode(errors="replace"), out)
        except BaseException as exc:  # noqa: BLE001 - said by the test that reads this level
            outcome[level] = (None, repr(exc), out)
        finally:
            slots.release()
            finished[level].set()

    def launch() -> None:
        for level, uid in LEVEL_UIDS.items():
            slots.acquire()
            if stopping.is_set():
                finished[level].set()
                outcome.setdefault(level, (None, "not started: the suite stopped", None))
                slots.release()
                continue
            threading.Thread(target=run, args=(level, uid), daemon=True).start()

    launcher = threading.Thread(target=launch, daemon=True)
    launcher.start()
    cache: dict = {}

    def results(level: str) -> dict:
        if level not in cache:
            assert finished[level].wait(timeout=3600), f"the {level} driver did not finish"
            returncode, output, out = outcome[level]
            assert returncode == 0, f"the {level} driver failed:\n{output[-3000:]}"
            cache[level] = json.loads(out.read_text())
            assert "__level__" not in cache[level], cache[level]["__level__"]
        return cache[level]

    yield results
    stopping.set()
    for proc in list(running.values()):
        if proc.poll() is None:  # a driver ends its tmux server, and the grading in it, when asked to stop
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class RecordingGrader(SupervisedGrader):
    """The door every grade goes through, noting the uids its students may run as (the grading process's)."""

    def grade(self, *args, **kwargs):
        self._note()
        try:
            return super().grade(*args, **kwargs)
        finally:
            self._note()

    def _note(self):
        if self.pid is not None:
            USED_UIDS.update(student_uids(self.pid))


@pytest.fixture(scope="module")
def graders(world, course_path, levels):
    """One warm supervised grader per assignment, reused across every attack (as a batch thread reuses its own)."""
    course = load_course(course_path)
    made = {aid: RecordingGrader(aid, course=course, hide=(str(HIDDEN),)) for aid in EXPECTED}
    for grader in made.values():
        grader.start()
    yield made
    for grader in made.values():
        grader.close()


def summarise(report) -> dict:
    """A report as plain data, the same shape level_driver.py writes."""
    return {
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


def verdicts(summary: dict) -> dict:
    """What must be identical between two gradings of the same honest file: every check's score and message."""
    return {t["name"]: (t["score"], t["status"], t["output"]) for t in summary["results"]["tests"]}


@pytest.fixture(scope="module")
def baseline(graders) -> dict:
    """The honest samples graded before any attack, by the graders the attacks will use."""
    return {aid: summarise(graders[aid].grade(SAMPLES[aid])) for aid in EXPECTED}


# ================================================================================ what an outcome must be
def outcome_errors(aid: str, name: str, spec: dict, summary: dict, secret: str) -> list:
    """Every way `summary` differs from what expected.yml says for this attack (empty: exactly as written)."""
    if "crash" in summary:
        return [f"the grader crashed: {summary['crash']}"]
    errors = []
    problems = summary["problems"]
    zero, below = spec.get("zero", []), spec.get("below_full", [])
    for problem, got in problems.items():
        if problem in zero and got["score"] != 0:
            errors.append(f"{problem}: expected 0, got {got['score']} ({got['message'][:200]})")
        elif problem in below and not got["score"] < got["max_score"]:
            errors.append(f"{problem}: expected less than full marks, got {got['score']}/{got['max_score']}")
        elif problem not in zero + below and got["score"] != got["max_score"]:
            errors.append(
                f"honest {problem}: expected full marks, got {got['score']}/{got['max_score']}: {got['message'][:300]}"
            )
    for problem, wanted in (spec.get("score") or {}).items():
        if abs(problems[problem]["score"] - wanted) > 1e-9:
            errors.append(f"{problem}: expected a score of {wanted}, got {problems[problem]['score']}")
    for problem, status in (spec.get("status") or {}).items():
        if problems[problem]["status"] != status:
            errors.append(f"{problem}: expected status {status}, got {problems[problem]['status']}")
    for problem, wanted in (spec.get("message") or {}).items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if not any(o in problems[problem]["message"] for o in options):
            errors.append(f"{problem}: message should contain {options!r}, got {problems[problem]['message'][:400]!r}")
    if spec.get("note") and not any(spec["note"] in n for n in summary["notes"]):
        errors.append(f"no note contains {spec['note']!r}: {summary['notes']}")
    everything = json.dumps(summary["results"], ensure_ascii=False) + summary["output"]
    for marker in (secret, "LEAKED", "Traceback (most recent call last)"):
        if marker in everything:
            errors.append(f"the report carries {marker[:20]!r}")
    texts = (
        [t["output"] for t in summary["results"]["tests"]]
        + [p["message"] for p in problems.values()]
        + summary["notes"]
    )
    for text in texts:
        if text and text.lstrip("\ufeff").startswith(FORMULA):
            errors.append(f"a message starts like a spreadsheet formula: {text[:80]!r}")
    return errors


# ================================================================================ what an attack must leave behind
def _uid(pid: int):
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def templates(graders: dict, table: dict) -> list:
    """The student-process templates of the grading processes (their children that run the sandbox script)."""
    found = []
    for grader in graders.values():
        for pid, (ppid, _start, _state) in table.items():
            if grader.pid is not None and ppid == grader.pid and _runs_sandbox(pid):
                found.append(pid)
    return found


def _runs_sandbox(pid: int) -> bool:
    try:
        return b"autograder/sandbox/student_side.py" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def leftover_processes(graders: dict) -> list:
    """Processes of a student uid, or below a template, still there (waits up to 3 s for the kernel to reap)."""
    deadline = time.monotonic() + 3.0
    while True:
        table = _proc_table()
        found = {pid for z in templates(graders, table) for pid, _s, _st in descendants(z, table)}
        found |= {pid for pid in table if _uid(pid) in USED_UIDS}
        if not found or time.monotonic() > deadline:
            return sorted(found)
        time.sleep(0.05)


SCAN_FLAT = [KIT, KIT / "autograder", KIT / "autograder" / "graders", KIT / "solutions", Path(SITE), Path("/tmp")]
SCAN_DEEP = [Path("/run"), Path("/dev/shm"), Path("/var/tmp"), CANARY]


def files_of_students(deep_roots=None, flat_roots=None) -> list:
    """Files owned by a student uid in the places an attack would write to."""
    found = []

    def owned(path):
        try:
            return os.lstat(path).st_uid in USED_UIDS
        except OSError:
            return False

    for root in flat_roots if flat_roots is not None else SCAN_FLAT:
        try:
            found += [str(root / n) for n in os.listdir(root) if owned(root / n)]
        except OSError:
            pass
    for root in deep_roots if deep_roots is not None else SCAN_DEEP + sorted(Path("/tmp").glob("autograder-work-*")):
        for folder, dirs, files in os.walk(root):
            found += [os.path.join(folder, n) for n in dirs + files if owned(os.path.join(folder, n))]
    return found


def scratch_left() -> list:
    """Whatever is left in the scratch area of this process's grading processes once a submission is graded: every
    student's folder is removed, with all it held, before the next student runs (where students have namespaces,
    the one empty mount point their tmpfs goes on stays)."""
    return leftover_scratch(Path(tempfile.gettempdir()).glob(f"autograder-work-{os.getpid()}-*/autograder-run-*/*"))


def leftover_scratch(entries) -> list:
    return sorted(str(p) for p in entries if not (p.name == "scratch" and p.is_dir() and not any(p.iterdir())))


def shared_memory_of_students() -> list:
    found = []
    for kind in ("shm", "msg", "sem"):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        columns = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(columns, line.split()))
            if int(row.get("uid", -1)) in USED_UIDS or int(row.get("cuid", -1)) in USED_UIDS:
                found.append(f"{kind} key {row.get('key')}")
    return found


def placeholders(text: str) -> str:
    return text.format(kit=KIT, site=SITE, canary=CANARY)


def _hash(path: Path):
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# ================================================================================ the tests
FAMILIES = {
    "exiting",
    "other students",
    "lying values",
    "changing the world",
    "reading what is hidden",
    "forging results",
    "resource abuse",
    "network",
    "forbidden shortcuts",
    "sympy",
    "answer channel",
    "self-reported facts",
    "system calls",
}


def test_every_attack_has_its_outcome_written():
    """Each file in attacks/ has an entry in expected.yml and each entry a file; every family is covered."""
    files = sorted(p.name for p in ATTACKS.iterdir() if p.suffix in (".py", ".ipynb"))
    assert files == sorted(name for _aid, name, _spec in CASES)
    assert len(files) >= 40
    assert {spec.get("family") for _aid, _name, spec in CASES} == FAMILIES
    for _aid, name, spec in CASES:
        assert spec.get("zero") or spec.get("below_full") or spec.get("student") or spec.get("full"), (
            f"{name}: no outcome written"
        )
        assert "Attack" in (ATTACKS / name).read_text(encoding="utf-8")[:2000], f"{name}: says not what it attempts"
        for before in spec.get("after", []):
            assert before in {n for _a, n, _s in CASES}, f"{name}: graded after {before}, which is no attack"


@pytest.mark.parametrize("aid,name,spec", ROOT_CASES, ids=[c[1] for c in ROOT_CASES])
def test_attack(aid, name, spec, graders, baseline, world, course_path, shared_dir):
    """The attack gets exactly its written outcome on the isolation path, and leaves nothing behind."""
    before = world.state()
    unchanged = {p: _hash(Path(placeholders(p))) for p in spec.get("unchanged", [])}
    events = len(world.events)
    for earlier in spec.get("after", []):  # the students graded just before this one, by the same grader
        graders[aid].grade(ATTACKS / earlier)
    started = time.monotonic()
    report = graders[aid].grade(ATTACKS / name, student=spec.get("student"))
    seconds = time.monotonic() - started
    summary = summarise(report)
    errors = outcome_errors(aid, name, spec, summary, world.secret)
    if seconds > spec.get("max_seconds", 30):
        errors.append(f"grading took {seconds:.1f} s")
    if spec.get("student"):
        if report.student != spec["student"] or summary["results"]["extra_data"]["kit"]["student"] != spec["student"]:
            errors.append(f"graded as {report.student!r}, not as {spec['student']!r}")
    time.sleep(spec.get("settle", 0))
    errors += [f"process left behind: {pid}" for pid in leftover_processes(graders)]
    errors += [f"file written outside the scratch folder: {path}" for path in files_of_students()]
    errors += [f"shared memory left behind: {what}" for what in shared_memory_of_students()]
    errors += [f"left in the scratch area: {path}" for path in scratch_left()]
    after = world.state()
    errors += [f"changed: {key}: {before[key]} -> {after[key]}" for key in before if before[key] != after[key]]
    errors += [f"exists: {p}" for p in map(placeholders, spec.get("must_not_exist", [])) if os.path.lexists(p)]
    errors += [f"changed: {p}" for p, h in unchanged.items() if _hash(Path(placeholders(p))) != h]
    errors += [f"reached the network: {e}" for e in world.events[events:]]
    if spec.get("cli"):
        errors += cli_errors(aid, name, summary, course_path, shared_dir)
    assert not errors, f"{name}:\n  " + "\n  ".join(errors)


def cli_errors(aid: str, name: str, summary: dict, course_path: Path, shared_dir: Path) -> list:
    """`autograder grade --results` gives the same grade, and nothing the student printed or wrote reaches
    its table or its results.json."""
    results = shared_dir / f"{name}.results.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "--course",
            str(course_path),
            "grade",
            str(ATTACKS / name),
            "-a",
            aid,
            "--results",
            str(results),
        ],
        cwd=KIT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = []
    if run.returncode != 0:
        errors.append(f"autograder grade exited {run.returncode}: {run.stderr[-500:]}")
        return errors
    written = json.loads(results.read_text())
    if written["score"] != summary["score"]:
        errors.append(f"results.json says {written['score']}, the grade is {summary['score']}")
    if [(t["name"], t["score"], t["output"]) for t in written["tests"]] != [
        (t["name"], t["score"], t["output"]) for t in summary["results"]["tests"]
    ]:
        errors.append("results.json's checks differ from the in-process grade")
    if f"{summary['score']:g} / 100 points" not in run.stdout or "100 / 100 points" in run.stdout:
        errors.append(f"the printed table does not say {summary['score']:g} / 100: {run.stdout[-400:]}")
    if '"score": 100' in run.stdout + run.stderr or "Traceback" in run.stdout + run.stderr:
        errors.append("the student's forged output reached the grader's own output")
    return errors


@pytest.mark.parametrize("level,aid,name,spec", LEVEL_CASES, ids=[f"{c[0]}-{c[2]}" for c in LEVEL_CASES])
def test_attack_on_level(level, aid, name, spec, levels, world):
    """The same outcome as an unprivileged user on that level, nothing of that user left running or written in
    the shared folders."""
    summary = levels(level)[name]
    errors = outcome_errors(aid, name, spec, summary, world.secret)
    if "crash" not in summary and summary["student"] != Path(name).stem:
        errors.append(f"graded as {summary['student']!r}")
    errors += [f"process left behind: {pid}" for pid in summary.get("leftover_processes", [])]
    errors += [f"file written in a shared folder: {path}" for path in summary.get("leftover_files", [])]
    errors += [f"System V IPC left behind: {what}" for what in summary.get("leftover_ipc", [])]
    errors += [f"reached a Unix socket of the grader's user: {event}" for event in levels(level)["__listener__"]]
    assert not errors, f"{name} ({level}):\n  " + "\n  ".join(errors)


def test_honest_grades_unchanged_by_the_attacks(graders, baseline, course_path):
    """After every attack, the honest samples grade exactly as before, check by check: with the graders the
    attacks went through, and with fresh ones."""
    course = load_course(course_path)
    for aid, before in baseline.items():
        assert all(p["score"] == p["max_score"] for p in before["problems"].values()), before["problems"]
        again = summarise(graders[aid].grade(SAMPLES[aid]))
        assert verdicts(again) == verdicts(before)
        with SupervisedGrader(aid, course=course, hide=(str(HIDDEN),)) as fresh:
            assert verdicts(summarise(fresh.grade(SAMPLES[aid]))) == verdicts(before)


def test_batch_of_the_whole_folder(course_path, shared_dir, world):
    """`autograder batch` over every a1 attack with honest files among them: each honest file's grade is the
    one it gets alone, and each attack's the one expected.yml gives it."""
    folder = shared_dir / "class"
    folder.mkdir()
    for _aid, name, _spec in (c for c in CASES if c[0] == "a1_encoding"):
        shutil.copy(ATTACKS / name, folder / name)
    honest = {
        "honest_correct": SAMPLES["a1_encoding"],
        "mm_honest_wrong_axis": KIT / "samples" / "a1_encoding" / "wrong_axis.py",
        "zz_honest_unstable": KIT / "samples" / "a1_encoding" / "unstable_softmax.py",
    }
    for student, path in honest.items():
        shutil.copy(path, folder / f"{student}.py")
    shutil.copy(SAMPLES["a1_encoding"], folder / "=HYPERLINK(1)+cmd.py")  # a file name made to be a formula
    out = shared_dir / "batch-out"
    events = len(world.events)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "--course",
            str(course_path),
            "batch",
            str(folder),
            "-a",
            "a1_encoding",
            "--out",
            str(out),
            "-j",
            "3",
        ],
        cwd=KIT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    course = load_course(course_path)
    with SupervisedGrader("a1_encoding", course=course) as alone:
        for student, path in honest.items():
            batch = json.loads((out / student / "results.json").read_text())
            single = alone.grade(path, student=student).to_results()
            assert batch["score"] == single["score"], student
            assert [(t["name"], t["score"], t["output"]) for t in batch["tests"]] == [
                (t["name"], t["score"], t["output"]) for t in single["tests"]
            ], student
    errors = []
    for aid, name, spec in (c for c in CASES if c[0] == "a1_encoding"):
        student = Path(name).stem
        data = json.loads((out / student / "results.json").read_text())
        problems = data["extra_data"]["kit"]["problems"]
        summary = {"problems": problems, "notes": data["extra_data"]["kit"]["notes"], "results": data, "output": ""}
        errors += [f"{name}: {e}" for e in outcome_errors(aid, name, spec, summary, world.secret)]
    errors += [f"reached the network: {e}" for e in world.events[events:]]
    assert not errors, "\n".join(errors)
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + len(honest) + 1 + sum(1 for c in CASES if c[0] == "a1_encoding")
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA), f"grades.csv has a cell a spreadsheet would run: {cell!r}"


def test_nothing_of_a_student_anywhere(graders, world):
    """After the whole suite: no file of any student uid in the kit, its environment, /tmp, /var, /run, /srv,
    /opt, /home or /dev/shm, and no process."""
    assert USED_UIDS, "no student process ran under a uid of its own: the isolation path was not exercised"
    roots = [KIT, Path("/var"), Path("/tmp"), Path("/run"), Path("/srv"), Path("/opt"), Path("/home"), Path("/dev/shm")]
    assert files_of_students(deep_roots=roots, flat_roots=[]) == []
    assert leftover_processes(graders) == []
    assert world.events == []
