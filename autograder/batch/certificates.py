"""A certificate pair for a Dask cluster: `python -m autograder.batch.certificates FOLDER [--kubernetes]`.

Why: a Dask worker runs whatever task reaches it, as its own user (root, for the strongest isolation); plain TCP
would let anyone on the network submit one. With TLS, scheduler, workers and the batch each prove that they hold
the pair's key (Dask's own mutual TLS: distributed.security.Security), and nothing else gets in. One self-signed
certificate serves as the authority and as every role's certificate, as Dask's `Security.temporary()` makes it;
the key is the secret: the files are readable by their owner only.

Writes FOLDER/cluster.pem (the certificate) and FOLDER/cluster-key.pem (the key), and prints how to use them: the
environment a batch connects with and the options of `dask scheduler` and `dask worker`. With --kubernetes it
prints instead a Secret `autograder-tls` holding both, for docs/cluster/kubernetes.yaml.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
from pathlib import Path

CERT, KEY = "cluster.pem", "cluster-key.pem"


def make_pair(folder: Path | str) -> tuple[Path, Path]:
    """A new certificate and key in `folder` (made 0700 if new; files 0600); their paths."""
    from distributed.security import Security

    security = Security.temporary()  # a fresh RSA key and a self-signed certificate, in memory
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    paths = (folder / CERT, folder / KEY)
    for path, text in zip(paths, (security.tls_ca_file, security.tls_client_key)):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(path, 0o600)
    return paths


def dask_options(cert: Path, key: Path) -> list[str]:
    """The options of `dask scheduler` and `dask worker` for this pair."""
    return ["--tls-ca-file", str(cert), "--tls-cert", str(cert), "--tls-key", str(key)]


def client_environment(cert: Path, key: Path) -> dict:
    """Dask's configuration, as environment variables, for a client (the batch) holding this pair."""
    return {
        "DASK_DISTRIBUTED__COMM__TLS__CA_FILE": str(cert),
        "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT": str(cert),
        "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY": str(key),
    }


def security(cert: Path | str, key: Path | str):
    """A distributed.security.Security holding this pair, for every role."""
    from distributed.security import Security

    cert, key = str(cert), str(key)
    return Security(
        tls_ca_file=cert,
        tls_client_cert=cert,
        tls_client_key=key,
        tls_scheduler_cert=cert,
        tls_scheduler_key=key,
        tls_worker_cert=cert,
        tls_worker_key=key,
        require_encryption=True,
    )


def kubernetes_secret(cert: Path, key: Path, name: str = "autograder-tls") -> str:
    def encoded(path: Path) -> str:
        return base64.b64encode(path.read_bytes()).decode()

    return (
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\ntype: Opaque\ndata:\n"
        f"  {CERT}: {encoded(cert)}\n  {KEY}: {encoded(key)}\n"
    )


def main(argv: list[str] | None = None) -> int:
    from ..catalogue import say

    parser = argparse.ArgumentParser(description=say("cluster:certificates_help"))
    parser.add_argument("folder")
    parser.add_argument("--kubernetes", action="store_true", help=say("cluster:certificates_kubernetes_help"))
    args = parser.parse_args(argv)
    cert, key = make_pair(args.folder)
    if args.kubernetes:
        sys.stdout.write(kubernetes_secret(cert, key))
        return 0
    environment = " ".join(f"{name}={value}" for name, value in client_environment(cert, key).items())
    print(say("cluster:certificates_written", cert=cert, keyfile=key))
    print(say("cluster:certificates_scheduler", options=" ".join(dask_options(cert, key))))
    print(say("cluster:certificates_batch", environment=environment))
    return 0


if __name__ == "__main__":
    sys.exit(main())
