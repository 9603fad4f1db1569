"""Grade a class on a Dask cluster of several worker processes on this machine: a rehearsal of a real cluster
(the same checks, deadlines and messages), or more isolation between grading processes than a batch's threads.

    .venv/bin/python docs/cluster/local_cluster.py SUBMISSIONS -a a1_encoding --out OUT [--workers 2] [--threads 1]

The cluster speaks TLS with a certificate pair made for this run (Dask's Security.temporary()), its scheduler and
workers listen on 127.0.0.1 only and it has no dashboard: nothing else on the machine or the network can reach
its workers. Each worker process checks itself against this machine before it grades (docs/cluster.md), so what
this prints is what a real cluster would print; the workers see OUT, so they write the results themselves.
"""

from __future__ import annotations

import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions")
    parser.add_argument("-a", "--assignment", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker: one grading process each")
    parser.add_argument("--course", help="course.yml (default: the kit's)")
    args = parser.parse_args(argv)

    from distributed import LocalCluster
    from distributed.security import Security

    from autograder.batch import run_batch
    from autograder.errors import KitError

    security = Security.temporary()  # a fresh certificate pair, in memory, for every role
    try:
        with LocalCluster(
            n_workers=args.workers,
            threads_per_worker=args.threads,
            processes=True,
            host="127.0.0.1",
            protocol="tls",
            security=security,
            dashboard_address=None,
        ) as cluster:
            summary = run_batch(
                args.submissions,
                args.assignment,
                args.out,
                dask=cluster.scheduler_address,
                dask_security=security,
                course=args.course,
            )
    except KitError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    for line in summary.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
