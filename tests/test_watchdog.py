"""The grader always finishes: a watchdog per submission, nothing left behind however the grader ends.

Each test here drives the kit as its users do (the supervised grader behind every door, the `autograder`
command, a batch) and checks the promise from outside: the time it took, the results written, the processes
and folders left.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from autograder.course import load_course
from autograder.grading import supervisor
from autograder.grading.supervisor import SupervisedGrader
from autograder.sandbox.proctree import descendants, proc_table

from helpers import ROOT, children, runs_a_student, write_course

HANGING_GRADERS = Path(__file__).resolve().parent / "data" / "hanging_a1_graders.py"
CORRECT_A1 = (ROOT / "solutions" / "a1_encoding.py").read_text(encoding="utf-8")
UNPRIVILEGED_UID = 61235
# softmax forks a detached child (setsid) and both loop: everything the submission started must go.
DETACHED_LOOP = "import os\nif os.fork() == 0:\n    os.setsid()\n    while True:\n        pass\nwhile True:\n    pass"


def submission(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def with_softmax(body: str) -> str:
    """The reference a1 with softmax replaced by `body` (indented under its def)."""
    head, _, rest = CORRECT_A1.partition("def softmax(")
    _, _, tail = rest.partition("\ndef ")
    return head + "def softmax(logits, axis=-1):\n" + textwrap.indent(textwrap.dedent(body), "    ") + "\n\ndef " + tail


@pytest.fixture
def short_course(tmp_path_factory):
    return load_course(write_course(tmp_path_factory.mktemp("short"), call_seconds=2, submission_seconds=4))


def test_watchdog_keeps_what_finished_and_zeroes_the_rest(short_course, tmp_path, monkeypatch):
    monkeypatch.setattr(supervisor, "WATCHDOG_MARGIN", 2.0)
    hostile = submission(tmp_path, "hostile.py", with_softmax("import numpy as np\nreturn np.full((1, 2), 42.0)"))
    honest = submission(tmp_path, "honest.py", CORRECT_A1)
    with SupervisedGrader("a1_encoding", course=short_course, tests=HANGING_GRADERS) as grader:
        first_pid = grader.pid
        graded = grader.grade(hostile)  # the watchdog counts the grading process's own time: no wall-clock bound here
        assert graded.unfinished and grader.regrades == 0, "the submission's own overrun is its verdict, not a stall"
        checks = {c.problem: c for c in graded.checks}
        assert checks["one_hot"].passed and checks["one_hot"].score == checks["one_hot"].max_score > 0
        assert not checks["softmax"].passed and checks["softmax"].score == 0
        assert not checks["sigmoid"].passed and "Not run" in checks["sigmoid"].output
        assert graded.score == pytest.approx(sum(c.score for c in graded.checks))
        assert any("did not finish within 6 s" in note for note in graded.notes)
        assert graded.problems["softmax"].score == 0 and graded.problems["one_hot"].score == 15
        # The killed grading process is gone with its whole group; a fresh one grades the next submission.
        assert not any(pid == first_pid for pid in proc_table())
        again = grader.grade(honest)
        assert not again.unfinished and all(c.passed for c in again.checks)
        assert grader.pid != first_pid


def test_unfinished_results_are_valid_gradescope_results(short_course, tmp_path, monkeypatch):
    from autograder.integrations.gradescope import check_results

    monkeypatch.setattr(supervisor, "WATCHDOG_MARGIN", 1.0)
    hostile = submission(tmp_path, "hostile.py", with_softmax("import numpy as np\nreturn np.full((1, 2), 42.0)"))
    with SupervisedGrader("a1_encoding", course=short_course, tests=HANGING_GRADERS) as grader:
        data = grader.grade(hostile).to_results()
    check_results(data)
    assert data["extra_data"]["kit"]["status"] == "graded" and data["extra_data"]["kit"]["unfinished"] == "timeout"


# ---------------------------------------------------------------------------------------- the machine's faults
def _busy_grading_process(backstop: float = 60) -> int:
    """A grading process of this process that is grading now (a student process runs below it)."""
    deadline = time.monotonic() + backstop
    while time.monotonic() < deadline:
        for pid in children(os.getpid()):
            try:
                if b"autograder.grading.worker" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    continue
            except OSError:
                continue
            if runs_a_student(pid):
                return pid
        time.sleep(0.02)
    raise AssertionError("no grading process was grading")


def _slow_a1_class(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"st{i:02d}.py").write_text(f"import time\ntime.sleep(1)\n# {i}\n" + CORRECT_A1, encoding="utf-8")
    return folder


def test_a_grading_process_stopped_mid_submission_is_graded_again_and_scores_as_locally(short_course, tmp_path):
    """SIGSTOP to a batch's grading process while it grades: the watchdog sees the stop (no wall-clock verdict),
    nothing of it is recorded, a fresh grading process grades the submission from the start, the grades are what
    an undisturbed batch gives, and the summary counts the regrade."""
    import threading

    from autograder.batch import run_batch

    subs = _slow_a1_class(tmp_path / "subs", 6)
    calm = run_batch(subs, "a1_encoding", tmp_path / "calm", jobs=2, course=short_course, progress=False, report=False)
    stopped = []

    def stop_one():
        pid = _busy_grading_process()
        os.kill(pid, signal.SIGSTOP)
        stopped.append(pid)

    thread = threading.Thread(target=stop_one)
    thread.start()
    try:
        summary = run_batch(
            subs, "a1_encoding", tmp_path / "out", jobs=2, course=short_course, progress=False, report=False
        )
    finally:
        thread.join()
        for pid in stopped:
            try:
                os.kill(pid, signal.SIGCONT)
            except OSError:
                pass
    assert stopped and summary.regrades == 1 and summary.graded == 6 and summary.errors == 0
    assert any("1 time(s)" in line for line in summary.lines()), summary.lines()
    assert (tmp_path / "out" / "grades.csv").read_bytes() == (tmp_path / "calm" / "grades.csv").read_bytes()
    assert calm.regrades == 0


def test_a_grading_the_machine_stalls_every_time_is_never_a_grade(short_course, tmp_path, monkeypatch):
    """A grading process stopped again after every regrade: the caller gets GradingStalled, never a score."""
    import threading

    monkeypatch.setattr(supervisor, "STOPPED_SECONDS", 2.0)
    slow = submission(tmp_path, "slow.py", "import time\ntime.sleep(1)\n" + CORRECT_A1)
    stop = threading.Event()

    def keep_stopping():
        while not stop.is_set():
            try:
                os.kill(_busy_grading_process(backstop=2), signal.SIGSTOP)
            except (AssertionError, OSError):
                pass

    with SupervisedGrader("a1_encoding", course=short_course, regrades=1) as grader:
        thread = threading.Thread(target=keep_stopping, daemon=True)
        thread.start()
        try:
            with pytest.raises(supervisor.GradingStalled) as raised:
                grader.grade(slow)
        finally:
            stop.set()
            thread.join()
        assert grader.regrades == 1
        assert "stalled the grading of this submission 2 time(s)" in str(raised.value)


def test_the_student_limit_does_not_count_time_the_machine_took(tmp_path):
    """A call stopped (SIGSTOP) from outside for longer than its limit finishes and answers: the stop is not
    counted, and the grader lets the process go on rather than wait. A call that loops is still stopped at its
    limit, stops or not; one that stops itself again and again reaches its limit too."""
    from autograder.course import Limits
    from autograder.sandbox.process import StudentProcess, Zygote

    source = (
        "import os, signal, time\ndef nap(s):\n    time.sleep(s)\n    return s\ndef spin():\n    while True:\n"
        "        pass\ndef halt(times):\n    for _ in range(times):\n        os.kill(os.getpid(), signal.SIGSTOP)\n"
        "    return times\n"
    )
    zygote = Zygote()
    zygote.start()
    process = StudentProcess(zygote, [{"index": 0, "source": source}], "py", Limits(), ())
    try:
        assert process.start(30).get("ready")
        pid = process.handle.student_pid()
        assert pid

        def pause(seconds: float, after: float = 0.3) -> None:
            time.sleep(after)
            os.kill(pid, signal.SIGSTOP)
            time.sleep(seconds)
            os.kill(pid, signal.SIGCONT)

        import threading

        pauser = threading.Thread(target=pause, args=(3.0,))
        pauser.start()
        answer = process.call("nap", [0.6], {}, 2.0)
        pauser.join()
        assert answer.ok and answer.value == 0.6, answer
        assert answer.own < 2.0, (answer.own, answer.duration)
        pauser = threading.Thread(target=pause, args=(1.0,))
        pauser.start()
        looped = process.call("spin", [], {}, 2.0)
        pauser.join()
        assert looped.failure == "timeout" and looped.own >= 2.0, looped
        once = process.call("halt", [1], {}, 2.0)  # stopped itself once: let go, it answers
        assert once.ok and once.value == 1, once
        again = process.call("halt", [10**6], {}, 2.0)  # stops itself for ever: charged from its second stop
        assert again.failure == "timeout" and again.own >= 2.0, again
    finally:
        process.kill()
        zygote.cleanup()


# ---------------------------------------------------------------------------------------- no process left behind
def _kit_command(course: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "autograder", "--course", str(course), *args]


def _student_tree(root: int) -> list:
    """(pid, start time) of every process below `root` that runs as a uid other than root's and the caller's."""
    table = proc_table()
    found = []
    for pid, start, _state in descendants(root, table):
        try:
            uid = os.stat(f"/proc/{pid}").st_uid
        except OSError:
            continue
        if uid not in (0, UNPRIVILEGED_UID) or _runs_student_code(pid):
            found.append((pid, start))
    return found


def _runs_student_code(pid: int) -> bool:
    try:
        return b"autograder/sandbox/student_side.py" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _still_there(processes: list) -> list:
    table = proc_table()
    return [
        pid for pid, start in processes if pid in table and table[pid][1] == start and table[pid][2] not in (b"Z", b"X")
    ]


@pytest.mark.parametrize("user", ["root", "unprivileged"])
def test_sigkill_of_grade_leaves_no_process_of_the_submission(user):
    """As root and as an unprivileged user (user namespaces: the student's PID namespace dies with its init)."""
    folder = Path(tempfile.mkdtemp(prefix="autograder-kill-"))  # readable by the unprivileged user
    os.chmod(folder, 0o755)
    course = write_course(folder, call_seconds=60, submission_seconds=120)
    os.chmod(course, 0o644)
    looping = submission(folder, "looping.py", with_softmax(DETACHED_LOOP))
    os.chmod(looping, 0o644)
    command = _kit_command(course, "grade", str(looping), "-a", "a1_encoding")
    if user == "unprivileged":
        command = [
            sys.executable,
            str(Path(__file__).resolve().parent / "unprivileged.py"),
            str(UNPRIVILEGED_UID),
            *command,
        ]
    cli = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        students: list = []
        while time.monotonic() < deadline:  # until softmax's loop and its detached child are running
            students = [p for p in _student_tree(cli.pid) if _runs_student_code(p[0])]
            if len(students) >= 4:  # template, the namespace's init, student, its detached child
                break
            time.sleep(0.2)
        time.sleep(1.0)
        everything = [(pid, start) for pid, start, _ in descendants(cli.pid)]
        assert students, "the submission's call never started"
        cli.kill()
        cli.wait()
        time.sleep(1.0)
        left = _still_there(everything)
        assert not left, f"left behind after SIGKILL of `autograder grade` ({user}): {left}"
    finally:
        if cli.poll() is None:
            cli.kill()
        subprocess.run(["rm", "-rf", str(folder)])


# ---------------------------------------------------------------------------------------- interruptions
def _a1_class(folder: Path, count: int) -> dict:
    """Honest submissions: correct ones and the usual mistakes, each under its own name."""
    solution = CORRECT_A1
    variants = [
        solution,
        solution.replace(
            "    return e / np.sum(e, axis=axis, keepdims=True)\n",
            "    return e / np.sum(e, axis=0, keepdims=True)\n",
            1,
        ),
        solution.replace("x @ np.asarray(W1, dtype=float).T", "x @ np.asarray(W1, dtype=float)", 1),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for i in range(count):
        path = folder / f"st{i:03d}.py"
        path.write_text(f"# student {i}\n" + variants[i % len(variants)], encoding="utf-8")
        made[path.stem] = path
    return made


def test_sigterm_to_a_batch_keeps_what_finished_and_leaves_nothing(tmp_path):
    subs, out, tmp = tmp_path / "subs", tmp_path / "out", tmp_path / "tmp"
    _a1_class(subs, 24)
    tmp.mkdir()
    batch = subprocess.Popen(
        _kit_command(ROOT / "course.yml", "batch", str(subs), "-a", "a1_encoding", "--out", str(out), "--jobs", "1"),
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and len(list(out.glob("*/results.json"))) < 3:
        time.sleep(0.02)
    everything = [(pid, start) for pid, start, _ in descendants(batch.pid)]
    batch.send_signal(signal.SIGTERM)
    _stdout, stderr = batch.communicate(timeout=60)
    assert batch.returncode == 128 + signal.SIGTERM, stderr.decode()
    assert b"terminated" in stderr
    graded = sorted(p.parent.name for p in out.glob("*/results.json"))
    assert 3 <= len(graded) < 24, f"the signal came too late to test anything ({len(graded)} graded)"
    rows = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(graded), "grades.csv is rebuilt from every finished result"
    assert list(tmp.iterdir()) == [], f"temporary folders left: {list(tmp.iterdir())}"
    assert [p for p in out.rglob("*.tmp")] == []
    time.sleep(0.5)
    assert _still_there(everything) == []


def test_a_killed_supervisor_work_folder_is_swept_at_the_next_start(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    tempfile.tempdir = None  # read TMPDIR again
    try:
        dead = subprocess.Popen(["true"])
        dead.wait()
        stale = tmp_path / f"{supervisor.WORKDIR_PREFIX}{dead.pid}-abcd1234"
        (stale / "autograder-run-x").mkdir(parents=True)
        mine = tmp_path / f"{supervisor.WORKDIR_PREFIX}{os.getpid()}-efgh5678"
        mine.mkdir()
        supervisor.sweep_stale_workdirs()
        assert not stale.exists() and mine.exists()
    finally:
        tempfile.tempdir = None


# ---------------------------------------------------------------------------------------- denial of service
ATTACKS = Path(__file__).resolve().parent / "adversarial" / "attacks"
A1_DOS = ["chan_stop_reading.py", "chan_bad_fields.py", "res_loop_at_import.py", "res_output_flood.py"]


def _nested_power_chain(folder: Path) -> Path:
    """An a4 submission whose first chain holds 10**1000 raised to 1000 twice, written unevaluated: rebuilt
    carelessly on the trusted side it is one C-level power of a billion digits."""
    reference = (ROOT / "solutions" / "a4_derivations.py").read_text(encoding="utf-8")
    bomb = (
        "\n\ndef sigmoid_softmax_equivalence() -> list:\n    from sympy import Integer, Pow\n"
        "    big = Pow(Pow(Pow(Integer(10), Integer(1000), evaluate=False), Integer(1000), evaluate=False),"
        " Integer(1000), evaluate=False)\n    return [big, big + 1]\n"
    )
    path = folder / "nested_power.py"
    path.write_text(reference + bomb, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", A1_DOS + ["nested_power"])
def test_grade_of_a_denial_of_service_returns_in_time(case, tmp_path):
    course = write_course(tmp_path, call_seconds=2, submission_seconds=6)
    if case == "nested_power":
        path, assignment = _nested_power_chain(tmp_path), "a4_derivations"
    else:
        path, assignment = ATTACKS / case, "a1_encoding"
    results = tmp_path / "results.json"
    started = time.monotonic()
    run = subprocess.run(
        _kit_command(course, "grade", str(path), "-a", assignment, "--results", str(results)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    took = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-1000:]
    # The watchdog counts the grading process's own time; the backstop is its wall-clock ceiling, far above.
    assert took < supervisor.CEILING * (6 + supervisor.WATCHDOG_MARGIN) + 10, f"{case}: grading took {took:.1f} s"
    data = json.loads(results.read_text())
    assert data["score"] < 100 and data["tests"], data["output"]


def test_a_class_with_denial_of_service_cases_finishes_and_honest_grades_do_not_change(tmp_path):
    from autograder.batch import run_batch

    course = load_course(write_course(tmp_path, call_seconds=2, submission_seconds=20))
    honest = _a1_class(tmp_path / "honest", 50)
    mixed = tmp_path / "mixed"
    _a1_class(mixed, 50)
    for name in A1_DOS[:3]:
        (mixed / f"zz_{name}").write_bytes((ATTACKS / name).read_bytes())
    alone = run_batch(
        tmp_path / "honest", "a1_encoding", tmp_path / "out-honest", jobs=2, course=course, progress=False, report=False
    )
    together = run_batch(
        mixed, "a1_encoding", tmp_path / "out-mixed", jobs=2, course=course, progress=False, report=False
    )
    assert alone.graded == 50 and together.graded == 53 and together.errors == 0
    for student in honest:
        a = json.loads((tmp_path / "out-honest" / student / "results.json").read_text())
        b = json.loads((tmp_path / "out-mixed" / student / "results.json").read_text())
        assert a["score"] == b["score"], student
        assert [(t["name"], t["score"], t["output"]) for t in a["tests"]] == [
            (t["name"], t["score"], t["output"]) for t in b["tests"]
        ], student
