"""The recipes of docs/cluster.md, run as far as one machine allows: the worker image's install script into a
fresh virtual environment, a LocalCluster of several processes, the SLURM recipe's real dask-jobqueue job
script run by a stand-in `sbatch` as an unprivileged user, and the Kubernetes manifest's commands run as its
pods would run them. Not run: Docker and Apptainer builds, a SLURM controller, a Kubernetes cluster."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from autograder.batch import run_batch
from autograder.batch.cluster import kit_version

from dask_processes import Processes
from helpers import ROOT

A1 = "a1_encoding"
RECIPES = ROOT / "docs" / "cluster"
SOLUTION = (ROOT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
NO_MAX = SOLUTION.replace(
    "    shifted = z - np.max(z, axis=axis, keepdims=True)\n    e = np.exp(shifted)\n", "    e = np.exp(z)\n", 1
)
UNPRIVILEGED_UID = 61236  # a user of its own (the watchdog tests use 61235, the red-team suite 61234)

pytestmark = pytest.mark.slow


def make_class(folder: Path, count: int = 4) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"st{i:02d}.py").write_text(f"# {i}\n" + (NO_MAX if i % 2 else SOLUTION), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A small class and its local batch: every recipe must give the same grades.csv."""
    base = tmp_path_factory.mktemp("reference")
    subs = make_class(base / "subs")
    run_batch(subs, A1, base / "local", jobs=2, progress=False, report=False)
    return subs, (base / "local" / "grades.csv").read_bytes()


def results(out: Path) -> dict:
    return {p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/results.json"))}


def batch(subs: Path, out: Path, address: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "batch",
            str(subs),
            "-a",
            A1,
            "--out",
            str(out),
            "--dask",
            address,
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---- the worker image ----------------------------------------------------------------------------------
def dockerfile_steps() -> tuple[str, list[str]]:
    """The Dockerfile's install command and entry point (what the image runs), read from the file itself."""
    text = (RECIPES / "Dockerfile").read_text(encoding="utf-8")
    install = re.search(r"^RUN (sh /opt/autograder/docs/cluster/install-worker\.sh .*)$", text, re.M).group(1)
    entry = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", text, re.M).group(1))
    assert "COPY . /opt/autograder" in text
    return install, entry


def test_the_image_recipes_agree():
    install, entry = dockerfile_steps()
    assert install == "sh /opt/autograder/docs/cluster/install-worker.sh /opt/autograder /opt/venv"
    assert entry == ["dask", "worker"]
    definition = (RECIPES / "worker.def").read_text(encoding="utf-8")
    assert f"    {install}\n" in definition and 'exec dask worker "$@"' in definition
    assert "    . /opt/autograder\n" in definition


def copy_build_context(target: Path) -> Path:
    """The kit's root as the Dockerfile's COPY sees it: without what Dockerfile.dockerignore leaves out."""
    patterns = [
        line.strip().removeprefix("**/")
        for line in (RECIPES / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*patterns, "*.pyc"), symlinks=True)
    return target


def test_install_script_gives_a_worker_that_passes_the_check(tmp_path, reference):
    """The image's RUN line on a copy of its build context, into a fresh virtual environment: the worker
    started from it passes the parent's check and grades as a local batch does."""
    subs, local_csv = reference
    context = copy_build_context(tmp_path / "opt" / "autograder")
    venv = tmp_path / "opt" / "venv"
    install, entry = dockerfile_steps()
    command = install.replace("/opt/autograder", str(context)).replace("/opt/venv", str(venv)).split()
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=900, env={**os.environ, "PYTHON": sys.executable}
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().splitlines()[-1] == f"autograder worker installed: kit {kit_version()}"
    assert (venv / "bin" / "dask").is_file()
    with Processes(tmp_path / "cluster") as cluster:
        address = cluster.scheduler()
        cluster.worker("image", python=str(venv / "bin" / "python"))  # the image's `dask worker` entry point
        out = tmp_path / "out"
        graded = batch(subs, out, address)
    assert graded.returncode == 0, graded.stderr
    assert "(image) on " in graded.stdout and "ready" in graded.stdout and "excluded" not in graded.stdout
    assert (out / "grades.csv").read_bytes() == local_csv


# ---- one machine, several processes --------------------------------------------------------------------
def test_local_cluster_recipe(tmp_path, reference):
    subs, local_csv = reference
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, str(RECIPES / "local_cluster.py"), str(subs), "-a", A1, "--out", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.count(" ready: 1 thread(s)") == 2 and "with 2 worker(s)" in run.stdout
    assert (out / "grades.csv").read_bytes() == local_csv
    assert len({r["extra_data"]["kit"]["batch"]["worker"] for r in results(out).values()}) >= 1


# ---- SLURM ---------------------------------------------------------------------------------------------
FAKE_SBATCH = '''#!{python}
"""A stand-in for sbatch: runs the job script at once, in a session of its own, as an unprivileged user."""
import os, random, subprocess, sys
folder = os.environ["FAKE_SLURM"]
script = open(sys.argv[-1]).read()  # read now, as sbatch does: dask-jobqueue removes the file when we return
job = str(random.randint(100000, 999999))
log = open(os.path.join(folder, f"job-{{job}}.out"), "wb")
command = [{python!r}, {unprivileged!r}, "{uid}", "bash", "-c", script, "job"]
process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd="/tmp",
                           env={{**os.environ, "SLURM_JOB_ID": job}}, start_new_session=True)
open(os.path.join(folder, f"job-{{job}}.pid"), "w").write(str(process.pid))
print(f"Submitted batch job {{job}}")
'''
FAKE_SCANCEL = '''#!{python}
"""A stand-in for scancel: ends the jobs' sessions."""
import os, signal, sys
folder = os.environ["FAKE_SLURM"]
for job in sys.argv[1:]:
    try:
        pid = int(open(os.path.join(folder, f"job-{{job}}.pid")).read())
        os.killpg(pid, signal.SIGTERM)
    except (OSError, ValueError):
        pass
'''


def _session_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
        return True
    except OSError:
        return False


def test_slurm_recipe_runs_its_job_script_as_an_unprivileged_user(tmp_path, reference):
    subs, local_csv = reference
    fake = tmp_path / "slurm"
    (fake / "bin").mkdir(parents=True)
    for name, text in (("sbatch", FAKE_SBATCH), ("scancel", FAKE_SCANCEL)):
        path = fake / "bin" / name
        path.write_text(
            text.format(
                python=sys.executable, unprivileged=str(ROOT / "tests" / "unprivileged.py"), uid=UNPRIVILEGED_UID
            ),
            encoding="utf-8",
        )
        path.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake / 'bin'}:{os.environ['PATH']}", "FAKE_SLURM": str(fake)}
    recipe = [
        sys.executable,
        str(RECIPES / "slurm.py"),
        str(subs),
        "-a",
        A1,
        "--venv",
        str(Path(sys.executable).parent.parent),
        "--host",
        "127.0.0.1",
        "--jobs",
        "2",
        "--cores",
        "1",
        "--memory",
        "2GB",
        "--logs",
        str(fake / "logs"),
        "--wait",
        "90",
    ]

    script = subprocess.run(
        recipe + ["--out", str(tmp_path / "unused"), "--print-job-script"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert script.returncode == 0, script.stderr
    assert "#SBATCH -J autograder-worker" in script.stdout and "#SBATCH --cpus-per-task=1" in script.stdout
    assert f"{sys.executable} -m distributed.cli.dask_worker tcp://127.0.0.1:" in script.stdout
    assert "--nthreads 1" in script.stdout and "autograder-dask-${SLURM_JOB_ID:-0}" in script.stdout

    out = tmp_path / "out"
    try:
        run = subprocess.run(
            recipe + ["--out", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600
        )
        jobs = [int(p.read_text()) for p in fake.glob("job-*.pid")]
        assert run.returncode == 0, (run.stdout, run.stderr, [p.read_text() for p in fake.glob("job-*.out")])
        assert len(jobs) == 2, "two jobs submitted"
        ready = re.findall(
            r"^worker \S+ \(SLURMCluster-\d\) on \S+ ready: 1 thread\(s\), kit \S+, isolation (\w+)$", run.stdout, re.M
        )
        assert ready and set(ready) == {"userns"}, run.stdout
        levels = {r["extra_data"]["kit"]["isolation"] for r in results(out).values()}
        assert levels == {"userns"}, "the workers were not root: their students ran at userns, and it says so"
        table = (out / "grades.csv").read_text(encoding="utf-8").splitlines()
        assert all(row.endswith(",graded,userns") for row in table[1:])
        assert [row.rsplit(",", 1)[0] for row in table] == [
            row.rsplit(",", 1)[0] for row in local_csv.decode().splitlines()
        ], "the same scores"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_session_alive(pid) for pid in jobs):
            time.sleep(0.2)
        assert not any(_session_alive(pid) for pid in jobs), "scancel ended the jobs with the batch"
    finally:
        for pidfile in fake.glob("job-*.pid"):
            pid = int(pidfile.read_text())
            if _session_alive(pid):
                os.killpg(pid, signal.SIGKILL)
            shutil.rmtree(f"/tmp/autograder-dask-{pidfile.stem.removeprefix('job-')}", ignore_errors=True)


# ---- Kubernetes ----------------------------------------------------------------------------------------
def test_kubernetes_manifest_commands_run_as_the_pods_would(tmp_path, reference):
    subs, local_csv = reference
    documents = list(yaml.safe_load_all((RECIPES / "kubernetes.yaml").read_text(encoding="utf-8")))
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    scheduler = by_name[("Deployment", "autograder-scheduler")]["spec"]["template"]["spec"]["containers"][0]
    service = by_name[("Service", "autograder-scheduler")]["spec"]
    worker = by_name[("Deployment", "autograder-worker")]["spec"]["template"]["spec"]["containers"][0]
    port = scheduler["command"][scheduler["command"].index("--port") + 1]
    assert (
        service["ports"][0]["port"]
        == service["ports"][0]["targetPort"]
        == scheduler["ports"][0]["containerPort"]
        == int(port)
    )
    assert worker["args"][0] == f"tcp://autograder-scheduler:{port}", "the workers find the scheduler's Service"
    assert scheduler["image"] == worker["image"] == "IMAGE"
    assert worker["securityContext"]["privileged"] is True, "the root level needs a privileged pod"
    threads = int(worker["args"][worker["args"].index("--nthreads") + 1])
    assert threads * 1000 == int(float(worker["resources"]["requests"]["cpu"]) * 1000), "a thread per core requested"

    _, entry = dockerfile_steps()
    local_port = str(free_port())
    bin_dir = Path(sys.executable).parent
    scheduler_command = [str(bin_dir / scheduler["command"][0]), *scheduler["command"][1:]]
    scheduler_command[scheduler_command.index("--port") + 1] = local_port
    address = f"tcp://127.0.0.1:{local_port}"
    pod = "autograder-worker-7d4b9c-x2v8q"
    worker_command = [
        str(bin_dir / entry[0]),
        *entry[1:],
        *[address if a == worker["args"][0] else a.replace("$(POD_NAME)", pod) for a in worker["args"]],
    ]
    logs = tmp_path / "pods"
    logs.mkdir()
    started = []
    try:
        for name, command in (("scheduler", scheduler_command + ["--host", "127.0.0.1"]), ("worker", worker_command)):
            started.append(
                subprocess.Popen(command, stdout=(logs / f"{name}.log").open("wb"), stderr=subprocess.STDOUT, cwd=logs)
            )
            if name == "scheduler":
                time.sleep(1)
        out = tmp_path / "out"
        run = batch(subs, out, address, "--dask-wait", "60")
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert run.returncode == 0, (run.stderr, (logs / "worker.log").read_text()[-2000:])
    assert (
        f"({pod}) on " in run.stdout and f"ready: {threads} thread(s)" in run.stdout and "isolation root" in run.stdout
    )
    assert (out / "grades.csv").read_bytes() == local_csv
