"""Grade a class on a SLURM cluster: dask-jobqueue submits the workers as batch jobs, the batch runs here.

Run it on a login node, from the kit's environment (`pip install -e '.[slurm]'`), in a checkout of the kit that
sits on the shared file system (every node must see it at the same path: the workers' environment is an editable
install that runs the kit, its graders and solutions/ from that checkout), after installing the workers'
environment once, on the shared file system too:

    cd /shared/course/kit     # the checkout, on the shared file system
    sh docs/cluster/install-worker.sh . /shared/course/autograder-venv
    python docs/cluster/slurm.py SUBMISSIONS -a a1_encoding --out OUT --venv /shared/course/autograder-venv \\
        --jobs 4 --cores 4 --memory 8GB --walltime 01:00:00 [--queue NAME] [--account NAME] [--interface ib0]

Before it submits anything, the recipe asks the workers' environment which kit it runs: another checkout is an
error, in one line. Each job is one Dask worker with --cores threads, one grading process per thread, kept running
by autograder.batch.keeper (a worker ends when its scheduler goes away; the keeper starts it again). The cluster
speaks TLS with a certificate pair made for this run (Dask's Security.temporary()); the worker's copy of it is
written, readable by you only, into --shared (default: the workers' environment's folder), which every node sees.
The scheduler has no dashboard. Workers under SLURM are not root: students run at the isolation level the nodes
grant an ordinary user (userns where unprivileged user namespaces are allowed, else landlock; see SECURITY.md), so
the batch is told which level to accept (--min-isolation, default userns) and every result records the level it
got. --print-job-script shows the job script without submitting anything.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent.parent  # the checkout this recipe belongs to


def make_cluster(args, security):
    """The SLURMCluster of the recipe: a fixed number of jobs, each a kept worker of `cores` threads, over TLS."""
    import dask
    from dask_jobqueue import SLURMCluster

    scheduler = {"host": args.host} if args.host else ({"interface": args.interface} if args.interface else {})
    scheduler["dashboard"] = False  # nothing served beyond the scheduler's own TLS port
    shared = str(Path(args.shared or Path(args.venv).parent).resolve())
    with dask.config.set({"jobqueue.slurm.shared-temp-directory": shared}):
        return SLURMCluster(
            job_name="autograder-worker",
            cores=args.cores,
            processes=1,
            memory=args.memory,
            walltime=args.walltime,
            queue=args.queue,
            account=args.account,
            python=str(Path(args.venv) / "bin" / "python"),
            worker_command="autograder.batch.keeper",  # `python -m autograder.batch.keeper`, which runs dask worker
            interface=None if args.host else args.interface,
            scheduler_options=scheduler,
            security=security,
            protocol="tls://",
            # A node's own scratch folder for the worker (nothing of the kit is written there), one per job.
            local_directory="${TMPDIR:-/tmp}/autograder-dask-${SLURM_JOB_ID:-0}",
            job_script_prologue=["export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1"],
            log_directory=args.logs,
        )


def check_workers_environment(venv: str) -> None:
    """The workers' environment must run the kit from this very checkout (on the shared file system)."""
    from autograder.catalogue import Message
    from autograder.errors import KitError

    python = Path(venv) / "bin" / "python"
    try:
        found = subprocess.run(
            [str(python), "-c", "import autograder, pathlib; print(pathlib.Path(autograder.__file__).parent.parent)"],
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KitError(Message("cluster:slurm_no_kit", venv=venv, reason=str(exc))) from None
    if found.returncode != 0:
        reason = (found.stderr.strip().splitlines() or ["?"])[-1]
        raise KitError(Message("cluster:slurm_no_kit", venv=venv, reason=reason))
    where = Path(found.stdout.strip()).resolve()
    if where != KIT:
        raise KitError(Message("cluster:slurm_checkout", venv=venv, found=str(where), here=str(KIT)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions")
    parser.add_argument("-a", "--assignment", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--venv", required=True, help="the workers' environment (install-worker.sh), seen by every node"
    )
    parser.add_argument("--jobs", type=int, default=2, help="SLURM jobs, one worker each (default 2)")
    parser.add_argument("--cores", type=int, default=4, help="cores per job = grading threads per worker")
    parser.add_argument("--memory", default="8GB", help="memory per job (about 1 GB per core is plenty)")
    parser.add_argument("--walltime", default="01:00:00")
    parser.add_argument("--queue")
    parser.add_argument("--account")
    parser.add_argument("--interface", help="the network interface the nodes reach this machine on (e.g. ib0)")
    parser.add_argument("--host", help="the address the scheduler listens on, instead of --interface")
    parser.add_argument("--shared", help="a folder every node sees, for the workers' copy of the certificate pair")
    parser.add_argument("--logs", help="a folder for the jobs' output (default: the current folder)")
    parser.add_argument(
        "--min-isolation",
        default="userns",
        choices=("none", "landlock", "userns", "root"),
        help="the weakest isolation a worker may grade under (default userns)",
    )
    parser.add_argument("--wait", type=float, default=900.0, help="seconds to wait for the first job to start")
    parser.add_argument("--course", help="course.yml (default: the kit's)")
    parser.add_argument("--print-job-script", action="store_true", help="print the job script and stop")
    args = parser.parse_args(argv)

    from distributed.security import Security

    from autograder.batch import run_batch
    from autograder.errors import KitError

    try:
        check_workers_environment(args.venv)
    except KitError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    security = Security.temporary()  # a fresh certificate pair for this run
    cluster = make_cluster(args, security)
    try:
        if args.print_job_script:
            print(cluster.job_script())
            return 0
        cluster.scale(jobs=args.jobs)
        summary = run_batch(
            args.submissions,
            args.assignment,
            args.out,
            dask=cluster.scheduler_address,
            dask_security=security,
            course=args.course,
            min_isolation=args.min_isolation,
            dask_wait=args.wait,
        )
    except KitError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        cluster.close()  # scancel: the jobs end with the batch
    for line in summary.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
