"""Isolation without root: an unprivileged user grading other people's work is protected on every level it gets.

As an unprivileged user with user namespaces (level userns) and with user namespaces refused (level landlock), a
submission tries to read the solutions, write a conftest.py into the kit, reach listeners on 127.0.0.1 over TCP
and UDP, and kill the grader; each attempt must fail, and the grade must still be written. The kit here is a copy
owned by that user, as on a laptop, so only the sandbox stands between the submission and it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest

from helpers import ROOT

UID = 61239
HERE = Path(__file__).resolve().parent


class Listeners:
    """A TCP and a UDP socket on 127.0.0.1 that record whatever reaches them."""

    def __init__(self):
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(4)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.events: list = []
        for sock in (self.tcp, self.udp):
            sock.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.tcp.accept()
                self.events.append("tcp")
                conn.close()
            except OSError:
                pass
            try:
                self.udp.recvfrom(100)
                self.events.append("udp")
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.thread.join(2)
        self.tcp.close()
        self.udp.close()


def attack(kit: Path, tcp: int, udp: int) -> str:
    solution = (ROOT / "solutions" / "a1_encoding.py").read_text(encoding="utf-8")
    head, _, rest = solution.partition("def softmax(")
    _, _, tail = rest.partition("\ndef ")
    return (
        head
        + textwrap.dedent(f"""
        def softmax(logits, axis=-1):
            import os, signal, socket, time
            worked = []
            try:
                open({str(kit / "solutions" / "a1_encoding.py")!r}).read()
                worked.append("read the solutions")
            except OSError:
                pass
            try:
                open({str(kit / "conftest.py")!r}, "w").write("import pytest\\n")
                worked.append("wrote conftest.py")
            except OSError:
                pass
            for kind, port in ((socket.SOCK_STREAM, {tcp}), (socket.SOCK_DGRAM, {udp})):
                try:
                    s = socket.socket(socket.AF_INET, kind)
                    s.settimeout(1)
                    s.connect(("127.0.0.1", port))
                    s.send(b"leak")
                    worked.append("reached 127.0.0.1")
                except OSError:
                    pass
            try:
                for entry in os.listdir("/proc"):
                    if entry.isdigit() and int(entry) != os.getpid():
                        cmd = open(f"/proc/{{entry}}/cmdline", "rb").read()
                        if b"autograder" in cmd:
                            os.kill(int(entry), signal.SIGKILL)
                            time.sleep(0.2)
                            try:
                                os.kill(int(entry), 0)  # an init ignores signals from inside its namespace
                            except ProcessLookupError:
                                worked.append("killed " + cmd[:40].decode(errors="replace"))
            except OSError:
                pass
            raise RuntimeError("attempts that worked: " + (", ".join(worked) or "none"))

        """)
        + "\ndef "
        + tail
    )


@pytest.mark.parametrize("level", ["userns", "landlock"])
def test_an_unprivileged_grader_is_protected(level):
    home = Path(tempfile.mkdtemp(prefix="autograder-isolation-"))
    listeners = Listeners()
    try:
        kit = home / "kit"  # the kit as a laptop user has it: course.yml and solutions/ of their own
        kit.mkdir()
        shutil.copy(ROOT / "course.yml", kit / "course.yml")
        shutil.copytree(ROOT / "solutions", kit / "solutions")
        hostile = home / "hostile.py"
        hostile.write_text(
            attack(kit, listeners.tcp.getsockname()[1], listeners.udp.getsockname()[1]), encoding="utf-8"
        )
        results = home / "results.json"
        subprocess.run(["chown", "-R", f"{UID}:{UID}", str(home)], check=True)
        os.chmod(home, 0o755)
        command = [
            sys.executable,
            str(HERE / "unprivileged.py"),
            str(UID),
            *(["--no-userns"] if level == "landlock" else []),
            sys.executable,
            "-m",
            "autograder",
            "--course",
            str(kit / "course.yml"),
            "grade",
            str(hostile),
            "-a",
            "a1_encoding",
            "--results",
            str(results),
        ]
        run = subprocess.run(
            command,
            cwd=home,
            env={**os.environ, "AUTOGRADER_ROOT": str(kit)},
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        data = json.loads(results.read_text())
        message = data["extra_data"]["kit"]["problems"]["softmax"]["message"]
        assert "attempts that worked: none" in message, message
        assert data["extra_data"]["kit"]["problems"]["sigmoid"]["score"] == 15, "the honest functions graded as usual"
        assert not (kit / "conftest.py").exists()
        assert listeners.events == []
        doctor = subprocess.run(
            [*command[: command.index("-m") + 2], "--course", str(kit / "course.yml"), "doctor"],
            cwd=home,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert f"isolation level: {level}" in doctor.stdout, doctor.stdout + doctor.stderr
    finally:
        listeners.close()
        shutil.rmtree(home, ignore_errors=True)
