"""Real Dask processes on 127.0.0.1 for the cluster tests: a scheduler and workers started as a course would
start them (`dask scheduler`, `dask worker`, or a worker kept by `python -m autograder.batch.keeper` as the
recipes start them), each ended by its own pid."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


class Processes:
    """Every process started here, ended (SIGCONT first: a stopped process ignores SIGTERM) at close."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.started: list[subprocess.Popen] = []
        self.address = ""
        self.scheduler_process: subprocess.Popen | None = None
        self._scheduler_args: tuple = ()

    def scheduler(self, *extra: str, env: dict | None = None, port: int = 0) -> str:
        info = self.folder / "scheduler.json"
        info.unlink(missing_ok=True)
        self._scheduler_args = (extra, env, port)
        self.scheduler_process = self._start(
            "scheduler",
            [
                str(BIN / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-dashboard",
                "--scheduler-file",
                str(info),
                *extra,
            ],
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.address = json.loads(info.read_text())["address"]
                return self.address
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        raise RuntimeError(f"the scheduler did not start: {self.log('scheduler')}")

    def kill_scheduler(self) -> None:
        """SIGKILL, as a crash or a lost machine would end it."""
        self.scheduler_process.kill()
        self.scheduler_process.wait()

    def restart_scheduler(self) -> str:
        """A new scheduler on the same port (the address the batch and the workers know)."""
        extra, env, _port = self._scheduler_args
        port = self.address.rsplit(":", 1)[1]
        return self.scheduler(*extra, env=env, port=int(port))

    def worker(
        self,
        name: str,
        *extra: str,
        threads: int = 1,
        env: dict | None = None,
        python: str | None = None,
        cwd: Path | None = None,
        address: str | None = None,
        kept: bool = False,
    ) -> subprocess.Popen:
        """`kept`: through the kit's keeper, which starts the worker again whenever it ends (docs/cluster.md)."""
        dask = str(Path(python).parent / "dask") if python else str(BIN / "dask")
        start = [python or sys.executable, "-m", "autograder.batch.keeper"] if kept else [dask, "worker"]
        return self._start(
            name,
            [
                *start,
                address or self.address,
                "--nthreads",
                str(threads),
                "--no-nanny",
                "--no-dashboard",
                "--name",
                name,
                *extra,
            ],
            env=env,
            cwd=cwd,
        )

    def _start(self, name: str, command: list, env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 - the process's output until it is stopped
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            cwd=cwd or self.folder,
        )
        log.close()
        self.started.append(process)
        return process

    def log(self, name: str) -> str:
        try:
            return (self.folder / f"{name}.log").read_text(errors="replace")
        except OSError:
            return ""

    def wait_for_workers(self, count: int, timeout: float = 90) -> list[str]:
        """The addresses of `count` workers, once the scheduler knows them."""
        from distributed import Client

        with Client(self.address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=timeout)
            return sorted(client.scheduler_info(n_workers=-1)["workers"])

    def close(self) -> None:
        for process in reversed(self.started):  # a keeper first would only start its worker again: SIGTERM to all
            if process.poll() is None:
                for sig in (signal.SIGCONT, signal.SIGTERM):
                    try:
                        os.kill(process.pid, sig)
                    except OSError:
                        pass
        for process in reversed(self.started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> Processes:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
