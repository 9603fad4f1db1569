"""The recipes of docs/cluster.md, run as far as one machine allows: the worker image's install script into a
fresh virtual environment (on the checkout as the Apptainer definition copies it, through the images' ignore
list), a LocalCluster of several processes over TLS, the SLURM recipe's real dask-jobqueue job script (TLS, the
keeper) run by a stand-in `sbatch` as an unprivileged user, and the Kubernetes manifest's commands run as its pods
would run them, with a generated certificate pair and dashboards on 127.0.0.1 only. Not run: Docker and Apptainer
builds, a SLURM controller, a Kubernetes cluster (its probes and NetworkPolicies are read, not enforced)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
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


KEEPER = ["python", "-m", "autograder.batch.keeper"]


def test_the_image_recipes_agree():
    install, entry = dockerfile_steps()
    assert install == "sh /opt/autograder/docs/cluster/install-worker.sh /opt/autograder /opt/venv"
    assert entry == KEEPER, "the image keeps its worker running"
    definition = (RECIPES / "worker.def").read_text(encoding="utf-8")
    assert f"    {install}\n" in definition and 'exec python -m autograder.batch.keeper "$@"' in definition
    assert "%files" not in definition, "the checkout is copied through the ignore list, not whole"
    ignored = (RECIPES / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "out", "**/__pycache__"} <= set(ignored)


def apptainer_setup(root: Path, rootfs: Path) -> None:
    """The definition's %setup section, run as `apptainer build` runs it: in the checkout's root, with the image's
    root file system in APPTAINER_ROOTFS."""
    definition = (RECIPES / "worker.def").read_text(encoding="utf-8")
    section = re.search(r"^%setup\n((?:    .*\n)+)", definition, re.M).group(1)
    rootfs.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        ["sh", "-eu", "-c", section],
        cwd=root,
        env={**os.environ, "APPTAINER_ROOTFS": str(rootfs)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr


def test_the_apptainer_image_leaves_out_the_ignore_list(tmp_path):
    """A checkout with a history, an environment, a batch's results and caches: none of them reaches the image."""
    checkout = tmp_path / "kit"
    for kept in ("autograder/batch/outcome.py", "solutions/ref.py", "pyproject.toml", "docs/cluster/worker.def"):
        (checkout / kept).parent.mkdir(parents=True, exist_ok=True)
        (checkout / kept).write_text("kept\n", encoding="utf-8")
    shutil.copy(RECIPES / "Dockerfile.dockerignore", checkout / "docs" / "cluster" / "Dockerfile.dockerignore")
    for left in (".git/HEAD", ".venv/bin/python", "out/alice/results.json", "autograder/__pycache__/x.pyc"):
        (checkout / left).parent.mkdir(parents=True, exist_ok=True)
        (checkout / left).write_text("left out\n", encoding="utf-8")
    apptainer_setup(checkout, tmp_path / "rootfs")
    copied = tmp_path / "rootfs" / "opt" / "autograder"
    found = sorted(str(p.relative_to(copied)) for p in copied.rglob("*") if p.is_file())
    assert found == sorted(
        [
            "autograder/batch/outcome.py",
            "docs/cluster/Dockerfile.dockerignore",
            "docs/cluster/worker.def",
            "pyproject.toml",
            "solutions/ref.py",
        ]
    ), found


def test_install_script_gives_a_worker_that_passes_the_check(tmp_path, reference):
    """The image's RUN line on the checkout as the image copies it, into a fresh virtual environment: the worker
    started from it by the image's entry point (the keeper) passes the parent's check and grades as a local batch
    does."""
    subs, local_csv = reference
    apptainer_setup(ROOT, tmp_path / "rootfs")  # the checkout as the image gets it, through the ignore list
    context = tmp_path / "rootfs" / "opt" / "autograder"
    assert not (context / ".venv").exists() and not (context / ".git").exists()
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
        cluster.worker("image", python=str(venv / "bin" / "python"), kept=True)  # the image's entry point
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
    assert re.findall(r"^worker tls://127\.0\.0\.1:\d+ ", run.stdout, re.M), "TLS, on this machine only"
    assert (out / "grades.csv").read_bytes() == local_csv
    workers = {r["extra_data"]["kit"]["batch"]["worker"] for r in results(out).values()}
    assert workers and all(w.startswith("tls://127.0.0.1:") for w in workers)
    assert not (out / ".autograder-shared").exists(), "the marker the workers read OUT by is gone with the batch"


# ---- SLURM ---------------------------------------------------------------------------------------------
FAKE_SBATCH = '''#!{python}
"""A stand-in for sbatch: runs the job script at once, in a session of its own, as an unprivileged user. Real jobs
run as the user who submitted them: the files the script names (the worker's certificate pair) are handed to the
job's user, as they would be theirs."""
import os, random, re, subprocess, sys
folder = os.environ["FAKE_SLURM"]
script = open(sys.argv[-1]).read()  # read now, as sbatch does: dask-jobqueue removes the file when we return
for named in re.findall(r"--tls-[a-z-]+ (\\S+)", script):
    os.chown(named, {uid}, -1)
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
    # Where the recipe leaves the workers' copy of the pair (a shared file system): outside pytest's folders, which
    # only root may enter, and enterable by the job's user, as a user's own shared folder is.
    shared = Path(tempfile.mkdtemp(prefix="autograder-shared-"))
    shared.chmod(0o711)
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
        "--shared",
        str(shared),
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
    assert f"{sys.executable} -m autograder.batch.keeper tls://127.0.0.1:" in script.stdout, "kept, over TLS"
    assert f"--tls-key {shared}/" in script.stdout and f"--tls-cert {shared}/" in script.stdout
    assert "--nthreads 1" in script.stdout and "autograder-dask-${SLURM_JOB_ID:-0}" in script.stdout

    elsewhere = tmp_path / "elsewhere-venv" / "bin"  # a workers' environment installed from another checkout
    elsewhere.mkdir(parents=True)
    (elsewhere / "python").write_text("#!/bin/sh\necho /somewhere/else/kit\n", encoding="utf-8")
    (elsewhere / "python").chmod(0o755)
    wrong = list(recipe)
    wrong[wrong.index("--venv") + 1] = str(elsewhere.parent)
    refused = subprocess.run(
        wrong + ["--out", str(tmp_path / "unused")], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
    assert f"runs the kit from /somewhere/else/kit, not from this checkout {ROOT}" in refused.stderr
    assert not list(fake.glob("job-*.pid")), "nothing submitted"

    out = tmp_path / "out"
    try:
        run = subprocess.run(
            recipe + ["--out", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600
        )
        jobs = [int(p.read_text()) for p in fake.glob("job-*.pid")]
        assert run.returncode == 0, (run.stdout, run.stderr, [p.read_text() for p in fake.glob("job-*.out")])
        assert len(jobs) == 2, "two jobs submitted"
        ready = re.findall(
            r"^worker tls://\S+ \(SLURMCluster-\d\) on \S+ ready: 1 thread\(s\), kit \S+, isolation (\w+)$",
            run.stdout,
            re.M,
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
        shutil.rmtree(shared, ignore_errors=True)


# ---- Kubernetes ----------------------------------------------------------------------------------------
def _own_address() -> str | None:
    import ipaddress

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route's source address
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if ipaddress.ip_address(address).is_loopback else address


def _listens_only_on_loopback(port: int) -> bool:
    own = _own_address()
    if own is None:
        return True
    with socket.socket() as probe:
        probe.settimeout(3)
        return probe.connect_ex((own, port)) != 0


def _probe_command(probe: dict, port: int, new_port: int) -> list[str]:
    command = probe["exec"]["command"]
    return [sys.executable if c == "python" else c.replace(f":{port}/", f":{new_port}/") for c in command]


def test_kubernetes_manifest_is_locked_down():
    """TLS from one Secret everywhere, probes, NetworkPolicies between scheduler and workers only, dashboards on
    127.0.0.1, and privileged only for the workers (the root level needs it)."""
    documents = list(yaml.safe_load_all((RECIPES / "kubernetes.yaml").read_text(encoding="utf-8")))
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    scheduler_pod = by_name[("Deployment", "autograder-scheduler")]["spec"]["template"]["spec"]
    worker_pod = by_name[("Deployment", "autograder-worker")]["spec"]["template"]["spec"]
    scheduler, worker = scheduler_pod["containers"][0], worker_pod["containers"][0]
    for pod, container, words in (
        (scheduler_pod, scheduler, scheduler["command"]),
        (worker_pod, worker, worker["args"]),
    ):
        assert "--tls-key" in words and "--tls-cert" in words and "--tls-ca-file" in words
        assert words[words.index("--dashboard-address") + 1].startswith("127.0.0.1:")
        assert container["livenessProbe"] and container["readinessProbe"]
        assert pod["volumes"][0]["secret"]["secretName"] == "autograder-tls"
        assert pod["automountServiceAccountToken"] is False
    assert scheduler["command"][scheduler["command"].index("--protocol") + 1] == "tls"
    assert worker["args"][0].startswith("tls://autograder-scheduler:")
    assert "privileged" not in scheduler["securityContext"] and scheduler["securityContext"]["runAsNonRoot"] is True
    assert scheduler["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert worker["securityContext"] == {"privileged": True}, "privileged for the root level, and only there"
    worker_port = int(worker["args"][worker["args"].index("--worker-port") + 1])
    policies = {name: d["spec"] for (kind, name), d in by_name.items() if kind == "NetworkPolicy"}
    assert set(policies) == {"autograder-scheduler", "autograder-worker"}
    for name, spec in policies.items():
        role = name.removeprefix("autograder-")
        assert spec["podSelector"]["matchLabels"] == {"app": "autograder", "role": role}
        assert spec["policyTypes"] == ["Ingress", "Egress"]
        sources = {s["podSelector"]["matchLabels"]["role"] for rule in spec["ingress"] for s in rule["from"]}
        ports = {p["port"] for rule in spec["ingress"] for p in rule["ports"]}
        assert sources == ({"worker"} if role == "scheduler" else {"scheduler", "worker"})
        assert ports == ({8786} if role == "scheduler" else {worker_port})


def test_kubernetes_manifest_commands_run_as_the_pods_would(tmp_path, reference):
    from autograder.batch.certificates import client_environment, make_pair

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
    assert worker["args"][0] == f"tls://autograder-scheduler:{port}", "the workers find the scheduler's Service"
    assert scheduler["image"] == worker["image"] == "IMAGE"
    threads = int(worker["args"][worker["args"].index("--nthreads") + 1])
    assert threads * 1000 == int(float(worker["resources"]["requests"]["cpu"]) * 1000), "a thread per core requested"

    cert, key = make_pair(tmp_path / "tls")  # the Secret's two files, mounted at /etc/autograder-tls
    _, entry = dockerfile_steps()
    ports = {
        "scheduler": str(free_port()),
        "scheduler-dashboard": str(free_port()),
        "worker": str(free_port()),
        "worker-dashboard": str(free_port()),
    }
    mounted = {"/etc/autograder-tls/cluster.pem": str(cert), "/etc/autograder-tls/cluster-key.pem": str(key)}
    bin_dir = Path(sys.executable).parent

    def local(words: list, replacements: dict) -> list:
        return [replacements.get(w, mounted.get(w, w.replace("$(POD_NAME)", pod))) for w in words]

    pod = "autograder-worker-7d4b9c-x2v8q"
    sched_dash = scheduler["command"][scheduler["command"].index("--dashboard-address") + 1]
    scheduler_command = [str(bin_dir / scheduler["command"][0])] + local(
        scheduler["command"][1:],
        {port: ports["scheduler"], sched_dash: f"127.0.0.1:{ports['scheduler-dashboard']}"},
    )
    worker_dash = worker["args"][worker["args"].index("--dashboard-address") + 1]
    worker_port = worker["args"][worker["args"].index("--worker-port") + 1]
    address = f"tls://127.0.0.1:{ports['scheduler']}"
    worker_command = [sys.executable if entry[0] == "python" else entry[0], *entry[1:]] + local(
        worker["args"],
        {
            worker["args"][0]: address,
            worker_dash: f"127.0.0.1:{ports['worker-dashboard']}",
            worker_port: ports["worker"],
        },
    )
    logs = tmp_path / "pods"
    logs.mkdir()
    started = []
    try:
        # In a pod the scheduler listens on the pod's address; here, on this machine's loopback.
        for name, command in (("scheduler", scheduler_command + ["--host", "127.0.0.1"]), ("worker", worker_command)):
            started.append(
                subprocess.Popen(command, stdout=(logs / f"{name}.log").open("wb"), stderr=subprocess.STDOUT, cwd=logs)
            )
            if name == "scheduler":
                time.sleep(1)
        out = tmp_path / "out"
        run = subprocess.run(
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
                "--dask-wait",
                "60",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
            env={**os.environ, **client_environment(cert, key)},
        )
        probes = {
            "scheduler": _probe_command(
                scheduler["livenessProbe"], int(sched_dash.split(":")[1]), int(ports["scheduler-dashboard"])
            ),
            "worker": _probe_command(
                worker["livenessProbe"], int(worker_dash.split(":")[1]), int(ports["worker-dashboard"])
            ),
        }
        answers = {name: subprocess.run(command, capture_output=True, timeout=60) for name, command in probes.items()}
        loopback_only = {
            name: _listens_only_on_loopback(int(ports[name])) for name in ("scheduler-dashboard", "worker-dashboard")
        }
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
    assert all(a.returncode == 0 for a in answers.values()), answers
    assert all(loopback_only.values()), loopback_only
