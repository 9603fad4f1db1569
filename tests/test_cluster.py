"""A class across machines, with a real Dask scheduler and real worker processes on 127.0.0.1: workers are
checked before they grade (a modified kit, weak isolation and a worker without the kit are excluded by name),
a stopped worker delays the batch by no more than the deadline, a worker that joins later receives work, a
cluster without workers, an unreachable scheduler or a listener that is not a scheduler ends in one line, a
plain tcp:// address of another machine is refused, a grading process stopped mid-submission is graded again
and scores as locally, a scheduler restarted mid-batch ends with every student graded once, Ctrl-C ends a batch
at the first press, and the grades equal a local batch."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from autograder.batch import run_batch
from autograder.batch.cluster import HANDSHAKE_SECONDS, PROBE_SECONDS, WAIT_SECONDS, DaskPool
from autograder.course import load_course

from dask_processes import Processes
from helpers import ROOT, runs_a_student, write_course

A1 = "a1_encoding"
SOLUTION = (ROOT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
NO_MAX = SOLUTION.replace(
    "    shifted = z - np.max(z, axis=axis, keepdims=True)\n    e = np.exp(shifted)\n", "    e = np.exp(z)\n", 1
)
SLOW = "import time\ntime.sleep(1)\n"  # a second per submission: long enough to stop or add a worker meanwhile
GRADERS_SHA = hashlib.sha256((ROOT / "autograder" / "graders" / f"{A1}.py").read_bytes()).hexdigest()
NO_KIT = (
    '"""Preload: this worker cannot import the kit, as on a machine where it was never installed."""\n'
    "import sys\nsys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]\n"
)

pytestmark = pytest.mark.slow


def make_class(folder: Path, count: int, slow: bool = False) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        source = NO_MAX if i % 3 == 2 else SOLUTION
        (folder / f"st{i:02d}.py").write_text((SLOW if slow else "") + f"# {i}\n" + source, encoding="utf-8")
    return folder


def modified_kit(folder: Path) -> Path:
    """A copy of the kit with one grader weight changed: what a worker with a stale or edited checkout has."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "autograder", folder / "autograder", ignore=ignore)
    shutil.copytree(ROOT / "solutions", folder / "solutions", ignore=ignore)
    graders = folder / "autograder" / "graders" / f"{A1}.py"
    text = graders.read_text(encoding="utf-8")
    assert "@pytest.mark.weight(2)" in text
    graders.write_text(text.replace("@pytest.mark.weight(2)", "@pytest.mark.weight(3)", 1), encoding="utf-8")
    return folder


def batch_command(subs: Path, out: Path, address: str, *extra: str, course: Path | None = None) -> list[str]:
    course_args = ["--course", str(course)] if course else []
    return [
        sys.executable,
        "-m",
        "autograder",
        *course_args,
        "batch",
        str(subs),
        "-a",
        A1,
        "--out",
        str(out),
        "--dask",
        address,
        *extra,
    ]


def results(out: Path) -> dict:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/results.json"))}


def kit(data: dict) -> dict:
    return data["extra_data"]["kit"]


def grades(out: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))))


def names_to_addresses(address: str) -> dict:
    from distributed import Client

    with Client(address, timeout=30, set_as_default=False) as client:
        return {w["name"]: a for a, w in client.scheduler_info(n_workers=-1)["workers"].items()}


# ---- one line, within seconds ------------------------------------------------------------------------
class Listener:
    """A TCP listener on 127.0.0.1 that is not a Dask scheduler: it says nothing ("silent", the connection stays
    open), or answers every read with an HTTP error ("http"), or closes at once ("closing")."""

    def __init__(self, kind: str, host: str = "127.0.0.1"):
        import socket
        import threading

        self.kind, self.sockets = kind, []
        self.server = socket.socket()
        self.server.bind((host, 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        import threading

        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.sockets.append(connection)
            if self.kind == "closing":
                connection.close()
            elif self.kind == "http":
                threading.Thread(target=self._http, args=(connection,), daemon=True).start()

    @staticmethod
    def _http(connection) -> None:
        try:
            while connection.recv(65536):
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            pass

    def close(self) -> None:
        for connection in [self.server, *self.sockets]:
            connection.close()


def own_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    import ipaddress
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route's source address
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if ipaddress.ip_address(address).is_loopback else address


def test_what_is_not_a_reachable_scheduler_fails_in_one_line_within_its_bound(tmp_path):
    """A closed port, a listener that is not Dask (silent, HTTP, closing), TLS without certificates, --jobs, a bad
    address, and plain tcp:// to another machine: each ends in one line, exit 2. No wall-clock assertion: the bound
    is the kit's own (the TCP probe, then Dask's handshake in a thread of its own, each bounded), and the
    subprocess's generous timeout is the backstop that catches a hang."""
    import socket

    assert PROBE_SECONDS + HANDSHAKE_SECONDS + 2 <= 15, "a listener that is not a scheduler fails within 15 s"
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]  # closed once the block ends: nothing listens there
    subs = make_class(tmp_path / "subs", 1)
    listeners = {kind: Listener(kind) for kind in ("silent", "http", "closing")}
    listeners["outside"] = Listener("silent", "0.0.0.0")
    own = own_address()  # this machine's address on its network: plain tcp:// to it is refused like any other
    cases = [
        ([f"tcp://127.0.0.1:{port}"], "cannot reach the Dask scheduler"),
        ([f"tls://127.0.0.1:{port}"], "distributed.comm.tls.ca-file"),
        (["tcp://127.0.0.1:8786", "--jobs", "2"], "leave --jobs out"),
        (["tcp://[::1"], "not a Dask scheduler address"),
        ([f"tcp://127.0.0.1:{listeners['silent'].port}"], "is not a Dask scheduler: no answer to Dask's handshake"),
        ([f"tcp://localhost:{listeners['http'].port}"], "is not a Dask scheduler"),
        ([f"tcp://127.0.0.1:{listeners['closing'].port}"], "is not a Dask scheduler"),
        (["tcp://10.255.255.1:8786"], "plain TCP to another machine"),
        (["tcp://scheduler.example.invalid:8786"], "--dask-insecure"),
    ]
    if own:
        outside = f"tcp://{own}:{listeners['outside'].port}"
        cases += [([outside], "plain TCP to another machine"), ([outside, "--dask-insecure"], "no answer to Dask's")]
    try:
        for args, words in cases:
            run = subprocess.run(
                batch_command(subs, tmp_path / "out", *args), capture_output=True, text=True, cwd=ROOT, timeout=120
            )
            assert run.returncode == 2, (args, run.stdout, run.stderr)
            assert run.stderr.count("\n") == 1 and words in run.stderr, (args, run.stderr)
            assert "Traceback" not in run.stderr + run.stdout
    finally:
        for listener in listeners.values():
            listener.close()


def test_no_workers_is_one_line_and_exit_2_within_a_minute(tmp_path):
    assert WAIT_SECONDS <= 45
    subs = make_class(tmp_path / "subs", 2)
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        started = time.monotonic()
        run = subprocess.run(
            batch_command(subs, tmp_path / "out", address), capture_output=True, text=True, cwd=ROOT, timeout=120
        )
        took = time.monotonic() - started
    assert run.returncode == 2 and took < 60, (run.returncode, took)
    assert run.stderr.count("\n") == 1 and "no Dask worker joined" in run.stderr and "--dask-wait" in run.stderr
    assert not (tmp_path / "out" / "grades.csv").exists() or grades(tmp_path / "out")[1:] == []


def test_workers_without_the_kit_say_their_own_error(tmp_path):
    subs = make_class(tmp_path / "subs", 2)
    preload = tmp_path / "no_kit.py"
    preload.write_text(NO_KIT, encoding="utf-8")
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        cluster.worker("bare", "--preload", str(preload))
        cluster.wait_for_workers(1)
        started = time.monotonic()
        run = subprocess.run(
            batch_command(subs, tmp_path / "out", address, "--dask-wait", "3"),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        took = time.monotonic() - started
    assert run.returncode == 2 and took < 60, (run.returncode, took, run.stderr)
    assert run.stderr.count("\n") == 1, run.stderr
    assert "(bare): cannot import the kit: ModuleNotFoundError: No module named 'autograder'" in run.stderr
    assert "excluded: cannot import the kit" in run.stdout


# ---- workers checked before they grade ---------------------------------------------------------------
def test_mismatched_workers_are_excluded_and_the_grades_equal_a_local_batch(tmp_path):
    subs = make_class(tmp_path / "subs", 9)
    local = run_batch(subs, A1, tmp_path / "local", jobs=2, progress=False, report=False)
    copy = modified_kit(tmp_path / "copy")
    preload = tmp_path / "no_kit.py"
    preload.write_text(NO_KIT, encoding="utf-8")
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        cluster.worker("good")
        cluster.worker("edited", env={"PYTHONPATH": str(copy)}, cwd=copy)
        cluster.worker("weak", env={"AUTOGRADER_MAX_ISOLATION": "landlock"})
        cluster.worker("bare", "--preload", str(preload))
        cluster.wait_for_workers(4)
        workers = names_to_addresses(address)
        run = subprocess.run(
            batch_command(subs, tmp_path / "dask", address), capture_output=True, text=True, cwd=ROOT, timeout=300
        )
        assert run.returncode == 0, run.stderr
        lines = run.stdout.splitlines()

        def said(name: str) -> str:
            found = [line for line in lines if f"worker {workers[name]} ({name})" in line]
            assert found, (name, run.stdout)
            return found[0]

        assert "ready" in said("good") and "isolation root" in said("good")
        edited = said("edited")
        assert "excluded: graders differ (worker " in edited and f"this machine {GRADERS_SHA[:12]})" in edited
        assert "kit source" not in edited and "reference" not in edited, "only what differs is named"
        # The worker's own grading process refuses to grade below the required level (course.yml's auto: what an
        # unprivileged user gets there), so it is excluded before it is even asked for its level.
        assert "excluded: cannot grade: isolation level landlock is below the required min_isolation" in said("weak")
        assert "--min-isolation" in said("weak")
        assert "excluded: cannot import the kit: ModuleNotFoundError: No module named 'autograder'" in said("bare")
        graded = results(tmp_path / "dask")
        assert len(graded) == 9
        for student, data in graded.items():
            assert kit(data)["graders_sha256"] == GRADERS_SHA, student
            assert kit(data)["batch"]["worker"] == workers["good"], student
            assert kit(data)["isolation"] == "root"
        assert (tmp_path / "dask" / "grades.csv").read_bytes() == (tmp_path / "local" / "grades.csv").read_bytes()
        assert grades(tmp_path / "dask")[0][-1] == "isolation" and {r[-1] for r in grades(tmp_path / "dask")[1:]} == {
            "root"
        }

        # Accepting weaker isolation on purpose: the weak worker grades, and grades.csv says where.
        again = subprocess.run(
            batch_command(subs, tmp_path / "weak", address, "--min-isolation", "landlock"),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
        assert again.returncode == 0, again.stderr
        assert f"worker {workers['weak']} (weak) on " in again.stdout and "isolation landlock" in again.stdout
        levels = {kit(d)["batch"]["worker"]: kit(d)["isolation"] for d in results(tmp_path / "weak").values()}
        assert set(levels.values()) <= {"root", "landlock"} and levels.get(workers["weak"], "landlock") == "landlock"
    assert local.graded == 9


def _grading_processes(worker_pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{worker_pid}/task").iterdir():
        try:
            children = [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except OSError:
                continue
            if b"autograder.grading.worker" in command:
                found.append(child)
    return found


def test_a_result_from_graders_changed_after_the_check_is_refused(tmp_path):
    """The check passed, then the worker's graders changed (an edit on a shared file system): every result it
    sends from then on is refused, the worker is excluded, and another worker grades those students."""
    subs = make_class(tmp_path / "subs", 10, slow=True)
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "autograder", copy / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "solutions", copy / "solutions")
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        shared = cluster.worker("shared", env={"PYTHONPATH": str(copy)}, cwd=copy)
        cluster.wait_for_workers(1)
        out = tmp_path / "out"
        log = (tmp_path / "batch.log").open("w")
        batch = subprocess.Popen(batch_command(subs, out, address), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and len(list(out.glob("*/results.json"))) < 1:
                time.sleep(0.1)
            graders = copy / "autograder" / "graders" / f"{A1}.py"
            graders.write_text(
                graders.read_text(encoding="utf-8").replace("@pytest.mark.weight(2)", "@pytest.mark.weight(3)", 1),
                encoding="utf-8",
            )
            for pid in _grading_processes(shared.pid):  # its next grading process reads the edited graders
                os.kill(pid, signal.SIGKILL)
            cluster.worker("fresh")
            assert batch.wait(timeout=240) == 0
        finally:
            if batch.poll() is None:
                batch.kill()
            log.close()
        output = (tmp_path / "batch.log").read_text()
        workers = names_to_addresses(address)
    assert f"worker {workers['shared']} (shared) excluded: graders differ in a result" in output, output
    graded = results(out)
    assert len(graded) == 10 and all(kit(d)["status"] == "graded" for d in graded.values())
    assert {kit(d)["graders_sha256"] for d in graded.values()} == {GRADERS_SHA}, "no result of the edited graders kept"
    assert any(kit(d)["batch"]["worker"] == workers["fresh"] for d in graded.values())


# ---- deadlines and a cluster that changes ------------------------------------------------------------
def test_a_stopped_worker_delays_the_batch_by_no_more_than_the_deadline(tmp_path):
    course = write_course(tmp_path, call_seconds=2, submission_seconds=3)
    deadline = DaskPool.deadline(load_course(course).assignment(A1).limits)
    subs = make_class(tmp_path / "subs", 10, slow=True)
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        cluster.worker("steady")
        stopped = cluster.worker("stopped")
        cluster.wait_for_workers(2)
        workers = names_to_addresses(address)
        out = tmp_path / "out"
        log = (tmp_path / "batch.log").open("w")
        started = time.monotonic()
        batch = subprocess.Popen(
            batch_command(subs, out, address, course=course), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        try:
            while time.monotonic() - started < 120 and len(list(out.glob("*/results.json"))) < 2:
                time.sleep(0.05)
            os.kill(stopped.pid, signal.SIGSTOP)
            stopped_at = time.monotonic()
            assert batch.wait(timeout=240) == 0
            wall = time.monotonic() - started
        finally:
            os.kill(stopped.pid, signal.SIGCONT)
            if batch.poll() is None:
                batch.kill()
            log.close()
    output = (tmp_path / "batch.log").read_text()
    graded = results(out)
    assert len(graded) == 10 and all(kit(d)["status"] == "graded" for d in graded.values()), output
    assert f"worker {workers['stopped']} (stopped) stalled" in output
    moved = re.findall(r"^(st\d\d): its worker \S+ stalled; graded again on another worker$", output, re.M)
    assert moved, output
    for student in moved:
        assert kit(graded[student])["batch"]["worker"] == workers["steady"], student
    # What the steady worker had to do anyway (grading every submission itself) plus, at most, the deadline.
    work = sum(d["execution_time"] for d in graded.values())
    assert wall - (stopped_at - started) <= work + deadline, (wall, work, deadline, output)
    expected = {s: (100 if int(s[2:]) % 3 != 2 else None) for s in graded}
    assert all(graded[s]["score"] == 100 for s, v in expected.items() if v == 100)


def test_a_worker_added_after_the_start_receives_work(tmp_path):
    subs = make_class(tmp_path / "subs", 12, slow=True)
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        cluster.worker("first")
        cluster.wait_for_workers(1)
        out = tmp_path / "out"
        log = (tmp_path / "batch.log").open("w")
        batch = subprocess.Popen(batch_command(subs, out, address), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not list(out.glob("*/results.json")):
                time.sleep(0.05)
            cluster.worker("later")
            assert batch.wait(timeout=240) == 0
        finally:
            if batch.poll() is None:
                batch.kill()
            log.close()
        workers = names_to_addresses(address)
    output = (tmp_path / "batch.log").read_text()
    assert f"worker {workers['later']} (later) on " in output and "ready" in output
    by_worker = [kit(d)["batch"]["worker"] for d in results(out).values()]
    assert len(by_worker) == 12 and by_worker.count(workers["later"]) >= 1, output


# ---- TLS from Dask's own configuration -----------------------------------------------------------------
def test_tls_takes_its_certificates_from_dask_configuration(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    tls = ["--tls-ca-file", str(cert), "--tls-cert", str(cert), "--tls-key", str(key)]
    subs = make_class(tmp_path / "subs", 3)
    local = run_batch(subs, A1, tmp_path / "local", jobs=1, progress=False, report=False)
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler("--protocol", "tls", *tls)
        assert address.startswith("tls://")
        cluster.worker("secure", *tls)
        configured = {
            "DASK_DISTRIBUTED__COMM__TLS__CA_FILE": str(cert),
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT": str(cert),
            "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY": str(key),
        }
        run = subprocess.run(
            batch_command(subs, tmp_path / "dask", address),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
            env={**os.environ, **configured},
        )
        bare = subprocess.run(
            batch_command(subs, tmp_path / "bare", address), capture_output=True, text=True, cwd=ROOT, timeout=120
        )
    assert run.returncode == 0, run.stderr
    assert "(secure) on " in run.stdout and local.graded == 3
    assert (tmp_path / "dask" / "grades.csv").read_bytes() == (tmp_path / "local" / "grades.csv").read_bytes()
    assert bare.returncode == 2 and bare.stderr.count("\n") == 1 and "distributed.comm.tls.ca-file" in bare.stderr


# ---- the machine's faults are never grades --------------------------------------------------------------
def _wait_for_results(out: Path, count: int, backstop: float = 180) -> None:
    deadline = time.monotonic() + backstop
    while time.monotonic() < deadline and len(list(out.glob("*/results.json"))) < count:
        time.sleep(0.05)


def _busy_grading_process(worker_pid: int, backstop: float = 60) -> int:
    """A grading process of the worker that is grading now (a student process runs below it)."""
    deadline = time.monotonic() + backstop
    while time.monotonic() < deadline:
        for pid in _grading_processes(worker_pid):
            if runs_a_student(pid):
                return pid
        time.sleep(0.02)
    raise AssertionError("no grading process of the worker was grading")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_grading_process_stopped_mid_submission_is_graded_again_and_scores_as_locally(tmp_path):
    """SIGSTOP to a worker's grading process while it grades (the worker itself answers its heartbeats): the
    watchdog sees the stop, nothing of it is recorded, another worker grades it from the start, and every grade is
    what a local batch gives; the summary counts the regrade."""
    course = write_course(tmp_path, call_seconds=2, submission_seconds=3)
    subs = make_class(tmp_path / "subs", 8, slow=True)
    local = run_batch(subs, A1, tmp_path / "local", jobs=2, progress=False, report=False, course=course)
    assert local.graded == 8
    stopped = []
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        frozen = cluster.worker("frozen")
        cluster.worker("steady")
        cluster.wait_for_workers(2)
        workers = names_to_addresses(address)
        out = tmp_path / "out"
        log = (tmp_path / "batch.log").open("w")
        batch = subprocess.Popen(
            batch_command(subs, out, address, course=course), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        try:
            _wait_for_results(out, 1)
            pid = _busy_grading_process(frozen.pid)
            os.kill(pid, signal.SIGSTOP)
            stopped.append(pid)
            assert batch.wait(timeout=300) == 0
        finally:
            for pid in stopped:
                try:
                    os.kill(pid, signal.SIGCONT)
                except OSError:
                    pass  # killed by its watchdog, as it should be
            if batch.poll() is None:
                batch.kill()
            log.close()
    output = (tmp_path / "batch.log").read_text()
    moved = re.findall(
        r"^(st\d\d): its grading process was stopped for \d+ s; graded again on another worker$", output, re.M
    )
    assert len(moved) == 1, output
    assert "graded again from the start because the machine stalled their grading: 1 time(s)" in output, output
    graded = results(out)
    assert len(graded) == 8
    assert all(kit(d)["status"] == "graded" and not kit(d).get("unfinished") for d in graded.values())
    assert kit(graded[moved[0]])["batch"]["worker"] == workers["steady"]
    assert (out / "grades.csv").read_bytes() == (tmp_path / "local" / "grades.csv").read_bytes()


def test_a_scheduler_restarted_mid_batch_ends_with_every_student_graded_once(tmp_path):
    """The scheduler is killed mid-batch and started again on its port: the workers (kept by the keeper, as the
    recipes start them) come back, the batch checks them again, sends again what was in flight, and every student
    is graded once, as a local batch grades them."""
    subs = make_class(tmp_path / "subs", 12, slow=True)
    local = run_batch(subs, A1, tmp_path / "local", jobs=2, progress=False, report=False)
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler(port=free_port())
        cluster.worker("one", kept=True)
        cluster.worker("two", kept=True)
        cluster.wait_for_workers(2)
        out = tmp_path / "out"
        log = (tmp_path / "batch.log").open("w")
        batch = subprocess.Popen(batch_command(subs, out, address), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            _wait_for_results(out, 3)
            cluster.kill_scheduler()
            time.sleep(3)  # a restart, not a blink: the workers see it gone and end
            assert cluster.restart_scheduler() == address
            assert batch.wait(timeout=400) == 0
        finally:
            if batch.poll() is None:
                batch.kill()
            log.close()
    output = (tmp_path / "batch.log").read_text()
    assert f"a new Dask scheduler answers at {address}" in output, output
    assert re.search(r"^a1_encoding: graded 12, skipped 0 \(already graded\), errors 0 ", output, re.M), output
    graded = results(out)
    assert len(graded) == 12 and all(kit(d)["status"] == "graded" for d in graded.values())
    assert (out / "grades.csv").read_bytes() == (tmp_path / "local" / "grades.csv").read_bytes()
    assert local.graded == 12


# ---- Ctrl-C ends the batch at the first press ------------------------------------------------------------
def _interrupt_once(command: list, ready, *, cwd=ROOT, backstop: float = 90) -> tuple[int, str]:
    """Start `command`, wait until `ready()` says it is in the state to test, press Ctrl-C once (SIGINT), and
    return its exit code and output; the backstop only catches a process that stays."""
    log_path = Path(tempfile.mkstemp(suffix=".log")[1])
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            deadline = time.monotonic() + backstop
            while time.monotonic() < deadline and process.poll() is None and not ready(log_path.read_text()):
                time.sleep(0.05)
            assert process.poll() is None, log_path.read_text()
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=backstop)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return code, log_path.read_text()


def test_ctrl_c_ends_the_batch_at_the_first_press_in_every_state(tmp_path):
    subs = make_class(tmp_path / "subs", 8, slow=True)
    silent = Listener("silent")
    try:  # while connecting, to a listener that never answers
        code, output = _interrupt_once(  # the TCP probe, then Dask's handshake, which stays open
            batch_command(subs, tmp_path / "a", f"tcp://127.0.0.1:{silent.port}"), lambda text: len(silent.sockets) >= 2
        )
        assert code == 130 and "interrupted" in output, output
    finally:
        silent.close()
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        # waiting for a worker that never joins
        code, output = _interrupt_once(
            batch_command(subs, tmp_path / "b", address, "--dask-wait", "600"), lambda text: "waiting up to" in text
        )
        assert code == 130 and "interrupted" in output, output
        # grading: what finished is kept and grades.csv is rebuilt from it
        cluster.worker("w")
        cluster.wait_for_workers(1)
        out = tmp_path / "c"
        code, output = _interrupt_once(
            batch_command(subs, out, address), lambda text: len(list(out.glob("*/results.json"))) >= 1
        )
        assert code == 130 and "interrupted" in output, output
        kept = results(out)
        assert kept and all(kit(d)["status"] == "graded" for d in kept.values())
        assert len(grades(out)) == len(kept) + 1
