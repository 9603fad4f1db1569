"""Trusted-side control of student processes: a warm template, one isolated process per submission, calls with limits.

The template (`child.py`) imports numpy once; each submission's process is forked from it, so start-up
is paid once per grader, not once per submission. When the grader runs as root, the template enters
fresh network and mount namespaces (no network; the kit, other submissions and results hidden; every
mount read-only) and every student process runs under a uid of its own, with its own IPC namespace and a
small tmpfs as the only place it can write, so it can neither signal nor read another. The template is
the subreaper of everything its children start; after a submission that whole tree is killed, and
everything the uid runs. Without root, the limits, the separate process and the tree kill still hold
(on Linux); SECURITY.md says what is weaker.
"""
from __future__ import annotations

import ctypes
import importlib.util
import itertools
import json
import os
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from . import wire
from .child import kill_tree

CHILD_SCRIPT = Path(__file__).resolve().parent / "child.py"
MAX_HEADER = 16 * 1024 * 1024


def running_as_root() -> bool:
    return os.geteuid() == 0 and os.environ.get("AUTOGRADER_NO_ISOLATION") != "1"


def _student_env() -> dict:
    """The environment the student sees: nothing of the grader's (no tokens, no paths to secrets)."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": "/nonexistent",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }


def _die_with_parent():
    if sys.platform.startswith("linux"):  # macOS has no PR_SET_PDEATHSIG: the template outlives a killed grader
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


# System folders are never hidden (the student's Python needs them), even when the grader runs from one.
_SYSTEM = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/proc", "/sys", "/dev", "/run", "/var/lib")


def _secret_paths() -> list:
    """What the student must not read wherever the kit lives: the kit package with its graders (also when it
    is installed inside the environment the student runs in), the solutions, course.yml, and the folder the
    grader was started from (where a batch keeps submissions and results)."""
    found = [str(paths.PACKAGE_DIR), str(paths.solutions_dir()), str(paths.course_file())]
    try:
        cwd = os.getcwd()
    except OSError:
        cwd = "/"
    if cwd != "/" and not any(cwd == p or cwd.startswith(p + "/") for p in _SYSTEM):
        found.append(cwd)
    return found


def _children(pid: int) -> list:
    """The direct children of `pid` as (pid, start time, state), from /proc (none where there is no /proc)."""
    from .child import _proc_table
    return [(p, start, state) for p, (ppid, start, state) in _proc_table().items() if ppid == pid]


class SandboxError(RuntimeError):
    """The sandbox itself could not be started (not the student's fault)."""


class Zygote:
    """The warm template process; forks one student process per request."""

    _ids = itertools.count()

    def __init__(self, *, preload_sympy: bool = False, hide: tuple = (), forbidden: tuple = ()):
        self.preload_sympy = preload_sympy
        self.isolate = running_as_root()
        self.run_dir = Path(tempfile.mkdtemp(prefix="autograder-run-"))
        os.chmod(self.run_dir, 0o711)
        self.root_dir = Path(tempfile.mkdtemp(prefix="autograder-root-"))  # the student's root is mounted here
        self.hide = [str(p) for p in hide]
        self.forbidden = tuple(forbidden)
        self.proc = None
        self.sock = None
        self.status: dict = {}
        self._status_pending = False
        self.students: set = set()  # pids of the student processes alive now

    def _config(self) -> dict:
        hide = [str(paths.KIT_ROOT), "/tmp", "/var/tmp", "/dev/shm", *_secret_paths(), *self.hide]
        for name in self.forbidden:  # the real packages vanish, so even a bypassed import hook finds nothing
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                spec = None
            if spec and spec.submodule_search_locations:
                hide.extend(spec.submodule_search_locations)
        # The student's root holds the system, these trees and nothing else (see child._isolate); `hide`
        # then covers what must not be seen inside them (forbidden packages, the kit installed in the venv).
        keep = sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, str(self.run_dir)})
        hide = sorted(set(hide), key=lambda p: p.count("/"))
        return {"isolate": self.isolate, "hide": hide, "keep": keep, "root": str(self.root_dir),
                "preload_sympy": self.preload_sympy, "read_only": True}

    def start(self) -> "Zygote":
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", str(CHILD_SCRIPT), str(theirs.fileno())],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),), env=_student_env(), cwd="/",
                preexec_fn=_die_with_parent,
                close_fds=True,
            )
        finally:
            theirs.close()
        self.sock = ours
        self.sock.sendall(json.dumps(self._config()).encode())
        self._status_pending = True
        return self

    def _await_status(self) -> None:
        """The template reports once it is ready; waiting is deferred so start-up overlaps other work."""
        if not self._status_pending:
            return
        self._status_pending = False
        self.sock.settimeout(60)
        try:
            self.status = json.loads(self.sock.recv(1 << 16).decode() or "{}")
        except (OSError, ValueError) as exc:
            raise SandboxError(f"the student process template did not start: {exc}") from None
        self.sock.settimeout(None)
        if self.isolate and not self.status.get("isolated"):
            # Root but no namespaces (e.g. a container without CAP_SYS_ADMIN): uids still separate students.
            self.status.setdefault("isolation_error", "namespaces unavailable")

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def fork(self, spec: dict, fds: list) -> int:
        if not self.alive:
            self.close()
            self.start()
        self._await_status()
        try:
            socket.send_fds(self.sock, [json.dumps(spec).encode()], fds)
            self.sock.settimeout(30)
            reply = json.loads(self.sock.recv(1 << 16).decode())
            pid = int(reply["pid"])
            self.students.add(pid)
            return pid
        except (OSError, ValueError, KeyError) as exc:
            self.close()
            raise SandboxError(f"could not start a student process: {exc}") from None
        finally:
            if self.sock:
                self.sock.settimeout(None)

    def kill_uid(self, uid: int) -> None:
        """Kill every process of that uid (daemons that left the process group included); returns when done."""
        if not self.alive:
            return
        self._await_status()
        try:
            self.sock.sendall(json.dumps({"op": "kill_uid", "uid": uid}).encode())
            self.sock.settimeout(10)
            self.sock.recv(1 << 16)
        except OSError:
            pass
        finally:
            if self.sock:
                self.sock.settimeout(None)

    def kill_student(self, pid: int, uid: int | None) -> None:
        """Kill a student process and everything it started: its tree, the orphans it left with the template
        (the subreaper: a setsid double fork lands there), and, with a uid of its own, everything that uid runs."""
        self.students.discard(pid)
        kill_tree(pid)
        if self.alive:
            for orphan, _start, _state in _children(self.proc.pid):
                if orphan not in self.students:
                    kill_tree(orphan)
        if uid is not None:
            self.kill_uid(uid)

    def close(self) -> None:
        if self.sock:
            self.sock.close()
            self.sock = None
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                self.proc.kill()
            self.proc.wait()
        self.proc = None

    def cleanup(self) -> None:
        self.close()
        shutil.rmtree(self.run_dir, ignore_errors=True)
        shutil.rmtree(self.root_dir, ignore_errors=True)  # empty here: the mounts lived in the template's namespace


@dataclass
class CallResult:
    """The outcome of one call: a value, an exception the student code raised, or what went wrong."""

    ok: bool
    value: object = None
    error_type: str = ""
    error_message: str = ""
    where: str = ""
    forbidden: list = field(default_factory=list)
    args_after: list | None = None
    warnings: list = field(default_factory=list)
    failure: str = ""  # "timeout" | "died" | "protocol" | "" (normal)
    duration: float = 0.0


class StudentProcess:
    """One live process running one submission; restarted from the template when a call kills it."""

    _uids = itertools.count()
    _seqs = itertools.count(1)

    def __init__(self, zygote: Zygote, cells: list, kind: str, limits, forbidden: tuple):
        self.zygote = zygote
        self.cells = cells
        self.kind = kind
        self.limits = limits
        self.forbidden = tuple(forbidden)
        self.pid = None
        self.uid = None
        self.scratch = None
        self.req = self.resp = self.out = None
        self.output = bytearray()
        self.output_dropped = 0
        self.ready: dict | None = None
        self.buffer = bytearray()
        self.seq = 0  # the number of the last request; only a frame carrying it answers

    # -------------------------------------------------------------------------------- life cycle
    def start(self, timeout: float) -> dict:
        """Fork a fresh process, load the submission, and return its report (names defined, notes)."""
        self.kill()
        n = next(self._uids)
        self.uid = (100000 + (os.getpid() % (1 << 22)) * 64 + n % 64) if self.zygote.isolate else None
        self.scratch = self.zygote.run_dir / f"s{os.getpid()}-{n}"
        self.scratch.mkdir(mode=0o700)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        limits = {k: getattr(self.limits, k) for k in ("cpu_seconds", "memory_mb", "file_size_mb", "open_files", "processes")}
        spec = {"scratch": str(self.scratch), "uid": self.uid, "limits": limits, "forbidden": list(self.forbidden),
                "scratch_mb": max(4 * int(self.limits.file_size_mb), 16)}
        try:
            self.pid = self.zygote.fork(spec, [req_r, resp_w, out_w])
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        self.req, self.resp, self.out = req_w, resp_r, out_r
        os.set_blocking(self.resp, False)
        os.set_blocking(self.out, False)
        self.buffer.clear()
        self.seq = next(self._seqs)
        try:
            wire.write_frame(self.req, {"kind": self.kind, "cells": self.cells, "seq": self.seq})
        except OSError:
            pass
        result = self._await(timeout)
        if result.failure:
            self.ready = {"ready": False, "failure": result.failure, "message": result.error_message}
            if os.environ.get("AUTOGRADER_DEBUG"):
                print(f"student process failed to start: {result}", file=sys.stderr)
        else:
            self.ready = result.value
        return self.ready

    def kill(self) -> None:
        if self.pid is not None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.zygote.kill_student(self.pid, self.uid)
            self.pid = None
        self._drain_output()
        for name in ("req", "resp", "out"):
            fd = getattr(self, name)
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
                setattr(self, name, None)
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
        self.ready = None

    @property
    def alive(self) -> bool:
        return self.pid is not None and self.ready is not None and bool(self.ready.get("ready"))

    # -------------------------------------------------------------------------------- calls
    def _gone(self) -> bool:
        """Dead already, or doomed: its template died (e.g. killed by the code of an earlier call) and took it along."""
        if self.pid is None or not self.zygote.alive:
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            pass
        return False

    def call(self, fn: str, args: list, kwargs: dict, timeout: float, return_args: bool = False) -> CallResult:
        enc_args, blobs = wire.encode_args(list(args) + list(kwargs.values()))
        started = time.perf_counter()
        for attempt in (1, 2):
            # A process that died after its last answer is replaced before this call, which must not be blamed.
            if attempt == 2 or self._gone():
                report = self.start(timeout)
                if not report.get("ready"):
                    return CallResult(ok=False, failure="died", error_message="the student process could not be restarted")
            self.seq = next(self._seqs)
            header = {"op": "call", "fn": fn, "args": enc_args[: len(args)],
                      "kwargs": dict(zip(kwargs.keys(), enc_args[len(args):])), "return_args": return_args,
                      "seq": self.seq}
            try:
                wire.write_frame(self.req, header, blobs)
                break
            except (OSError, ValueError):
                if attempt == 2:
                    self.kill()
                    return CallResult(ok=False, failure="died", error_message="the student process is gone")
        result = self._await(timeout)
        result.duration = time.perf_counter() - started
        if result.failure:
            self.kill()
            return result
        payload = result.value
        if "unreadable" in payload:  # the function returned, but its value could not be turned into data
            return CallResult(ok=False, failure="protocol", duration=result.duration,
                              error_message=f"the returned value could not be sent: {str(payload['unreadable'])[:200]}")
        try:
            if payload.get("ok"):
                out = CallResult(ok=True, value=wire.decode(payload.get("value"), result.args_after or []))
                if "args_after" in payload:
                    out.args_after = [wire.decode(v, result.args_after or []) for v in payload["args_after"]]
            else:
                err = payload.get("error") or {}
                out = CallResult(ok=False, error_type=str(err.get("type", "Error"))[:100],
                                 error_message=str(err.get("message", ""))[:2000], where=str(err.get("where", ""))[:200])
            out.forbidden = [str(x)[:100] for x in payload.get("forbidden", [])][:20]
            out.warnings = [str(x)[:200] for x in payload.get("warnings", [])][:3]
        except (wire.WireError, IndexError, KeyError, TypeError, ValueError, AttributeError) as exc:
            out = CallResult(ok=False, failure="protocol", error_message=f"the returned value could not be read: {exc}")
        out.duration = result.duration
        return out

    def _await(self, timeout: float) -> CallResult:
        """Read the response frame to the last request, draining captured output meanwhile; kill on timeout
        or garbage. A frame carrying another request's number (forged by the student code, or a late answer)
        is dropped: only the answer to this request can answer it."""
        deadline = time.monotonic() + timeout
        sel = selectors.DefaultSelector()
        sel.register(self.resp, selectors.EVENT_READ, "resp")
        sel.register(self.out, selectors.EVENT_READ, "out")
        out_open = True
        try:
            while True:
                frame = self._parse_frame()
                if frame is not None:
                    if frame == "bad":
                        self.kill()
                        return CallResult(ok=False, failure="protocol", error_message="the student process sent malformed data")
                    header, blobs = frame
                    if header.get("seq") != self.seq:
                        continue
                    return CallResult(ok=True, value=header, args_after=blobs)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.kill()
                    return CallResult(ok=False, failure="timeout", error_message=f"no answer within {timeout:g} s")
                for key, _ in sel.select(min(remaining, 1.0)):
                    if key.data == "out":
                        try:
                            chunk = os.read(self.out, 65536)
                        except BlockingIOError:
                            continue
                        if not chunk:
                            sel.unregister(self.out)
                            out_open = False
                            continue
                        room = self.limits.output_kb * 1024 - len(self.output)
                        self.output += chunk[: max(room, 0)]
                        self.output_dropped += max(len(chunk) - max(room, 0), 0)
                    else:
                        try:
                            chunk = os.read(self.resp, 1 << 20)
                        except BlockingIOError:
                            continue
                        if not chunk:
                            self.kill()
                            return CallResult(ok=False, failure="died", error_message="the student process ended")
                        self.buffer += chunk
                        if len(self.buffer) > wire.MAX_ELEMENTS * 16 + MAX_HEADER:
                            self.kill()
                            return CallResult(ok=False, failure="protocol", error_message="the student process sent too much data")
        finally:
            del out_open
            sel.close()

    def _parse_frame(self):
        buf = self.buffer
        if len(buf) < 4:
            return None
        (size,) = struct.unpack(">I", buf[:4])
        if size > MAX_HEADER:
            return "bad"
        if len(buf) < 4 + size:
            return None
        try:
            header = json.loads(bytes(buf[4:4 + size]))
            nblobs = int(header.get("nblobs", 0)) if isinstance(header, dict) else -1
        except (ValueError, TypeError, UnicodeDecodeError, RecursionError):  # e.g. a million nested '['
            return "bad"
        if not 0 <= nblobs <= 10000:
            return "bad"
        pos, blobs = 4 + size, []
        for _ in range(nblobs):
            if len(buf) < pos + 8:
                return None
            (blen,) = struct.unpack(">Q", buf[pos:pos + 8])
            if blen > wire.MAX_ELEMENTS * 16:
                return "bad"
            if len(buf) < pos + 8 + blen:
                return None
            blobs.append(bytes(buf[pos + 8:pos + 8 + blen]))
            pos += 8 + blen
        del buf[:pos]
        return header, blobs

    def _drain_output(self) -> None:
        """Keep what the student printed last (e.g. while loading) before the pipe is closed."""
        if self.out is None:
            return
        try:
            while len(self.output) < self.limits.output_kb * 1024:
                chunk = os.read(self.out, 65536)
                if not chunk:
                    break
                self.output += chunk[: self.limits.output_kb * 1024 - len(self.output)]
        except (BlockingIOError, OSError):
            pass

    def captured_output(self) -> str:
        text = self.output.decode("utf-8", "replace")
        if self.output_dropped:
            text += f"\n[... {self.output_dropped} more bytes of output dropped]"
        return text
