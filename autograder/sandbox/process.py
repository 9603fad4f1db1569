"""Trusted side: control of student processes, a warm template, one isolated process per submission, calls with limits.

The template (`student_side.py`, started as a script) imports numpy once; each submission's process is forked
from it, so start-up is paid once per grader, not once per submission. When the grader runs as root, the template enters
fresh network and mount namespaces (no network; the kit, other submissions and results hidden; every
mount read-only) and every student process runs under a uid of its own, with its own IPC namespace and a
small tmpfs as the only place it can write, so it can neither signal nor read another. The template is
the subreaper of everything its children start; after a submission that whole tree is killed, and
everything the uid runs. Without root, the limits, the separate process and the tree kill still hold
(on Linux); SECURITY.md says what is weaker.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import secrets
import select
import selectors
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from . import wire
from .levels import LEVELS  # weakest first; see student_side._choose_level and SECURITY.md
from .own_time import OwnClock
from .proctree import Pidfd, children, kill_tree, student_uid

STUDENT_SIDE_SCRIPT = Path(__file__).resolve().parent / "student_side.py"
MAX_HEADER = 16 * 1024 * 1024


MAX_LEVEL_ENV = "AUTOGRADER_MAX_ISOLATION"  # cap the level (the kit's own tests of the weaker levels)


def max_level() -> str:
    """The strongest level the template may try: AUTOGRADER_NO_ISOLATION=1 means none (debugging only)."""
    if os.environ.get("AUTOGRADER_NO_ISOLATION") == "1":
        return "none"
    wanted = os.environ.get(MAX_LEVEL_ENV, "root")
    return wanted if wanted in LEVELS else "root"


def running_as_root() -> bool:
    return os.geteuid() == 0 and max_level() == "root"


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


# System folders are never hidden (the student's Python needs them), even when the grader runs from one.
_SYSTEM = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/proc", "/sys", "/dev", "/run", "/var/lib")
# Where Pythons keep installed packages, besides the grading environment's own: inside bound system folders
# and Python installations, each is hidden unless the student's Python imports from it.
_SITE_GLOBS = (
    "/usr/lib/python3*/site-packages",
    "/usr/lib/python3*/dist-packages",
    "/usr/lib/python3/dist-packages",
    "/usr/local/lib/python3*/site-packages",
    "/usr/local/lib/python3*/dist-packages",
    "/usr/lib64/python3*/site-packages",
    "/usr/local/lib64/python3*/site-packages",
)


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


def python_trees(forbidden: tuple) -> tuple[list, list]:
    """(keep, hide) for the student's Python: what it imports from, and what must not exist inside that.

    Kept: the standard library (with lib-dynload) and the site directories of the environment the kit runs in,
    nothing else of the Python installations: the base interpreter's site-packages (pyenv, conda and system
    Pythons often hold scipy there) and every other site directory under a bound folder are hidden, and inside
    the kept site directories every forbidden package is covered by name, so even a student who removes the
    import hook and extends sys.path finds none.
    """
    import glob
    import site
    import sysconfig

    config = sysconfig.get_paths()
    stdlib = {os.path.realpath(config[k]) for k in ("stdlib", "platstdlib") if config.get(k)}
    sites = {os.path.realpath(p) for p in [config.get("purelib"), config.get("platlib"), *site.getsitepackages()] if p}
    sites = {p for p in sites if os.path.isdir(p)}
    keep = sorted(p for p in stdlib | sites if os.path.isdir(p))
    candidates = set()
    for folder in stdlib:
        candidates.update(
            glob.glob(os.path.join(folder, "site-packages")) + glob.glob(os.path.join(folder, "dist-packages"))
        )
    for pattern in _SITE_GLOBS:
        candidates.update(glob.glob(pattern))
    hide = sorted(os.path.realpath(p) for p in candidates if os.path.realpath(p) not in sites)
    for folder in sorted(sites):
        for name in forbidden:
            for pattern in (name, f"{name}.py", f"{name}.*.so", f"{name}.pyd", f"{name}.*.egg", f"{name}-*.egg"):
                hide.extend(glob.glob(os.path.join(folder, pattern)))
    for name in forbidden:  # a package reached some other way (a .pth file, a path hook) is covered too
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None:
            hide.extend(spec.submodule_search_locations or ([spec.origin] if spec.origin else []))
    return keep, hide


class SandboxError(RuntimeError):
    """The sandbox itself could not be started (not the student's fault)."""


def _spawn_template() -> tuple:
    """A template's interpreter, importing numpy; it waits on its socket for its configuration."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        # The template asks for its parent-death signal itself and checks its parent: no preexec_fn in a
        # process that may run threads.
        proc = subprocess.Popen(
            [sys.executable, "-I", "-B", str(STUDENT_SIDE_SCRIPT), str(theirs.fileno())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),),
            env=_student_env(),
            cwd="/",
            close_fds=True,
        )
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return proc, ours


_prestarted: list = []  # at most one template interpreter started before its Zygote


def prestart_template() -> int | None:
    """Start a template's interpreter now, before the Zygote that will use it is known; its pid (None if it
    could not start: `Zygote.start` then tries again and says why, as the grader's start-up error).

    Nothing it does before its configuration arrives depends on it (Python starts and numpy is imported), so a
    grading process starts one first thing, and those 0.1 s overlap its own imports and its configuration's
    journey. The next `Zygote.start` of this process adopts it."""
    try:
        _prestarted.append(_spawn_template())
    except OSError:
        return None
    return _prestarted[-1][0].pid


def _take_prestarted() -> tuple | None:
    while _prestarted:
        proc, sock = _prestarted.pop()
        if proc.poll() is None:
            return proc, sock
        sock.close()
    return None


@dataclass
class StudentHandle:
    """How to end one student: `kill` is its PID namespace's init (everything inside dies with it) when
    `namespace`, else the student process itself, whose tree and uid are then killed one by one.

    In a namespace, the init (and `pid` when it differs) is held by pidfds opened before any student code ran,
    so ending them needs no pid that could have been reused and no scan of /proc."""

    pid: int
    kill: int
    namespace: bool
    handles: tuple = ()  # Pidfds of the init, and of `pid` when it differs (namespace only)
    student: int | None = None  # the student's own pid as this side sees it (in a namespace: the init's child)

    def student_pid(self) -> int | None:
        """The process that runs the student's code, whose time its limits measure: `pid`, or in a namespace the
        init's first child (found once, in /proc; None when it cannot be found: the clock then reads wall time)."""
        if not self.namespace:
            return self.pid
        if self.student is None:
            try:
                with open(f"/proc/{self.pid}/task/{self.pid}/children", "rb") as handle:
                    first = handle.read().split()[:1]
                self.student = int(first[0]) if first else 0
            except (OSError, ValueError):
                self.student = 0
        return self.student or None


class Zygote:
    """The warm template process; forks one student process per request."""

    def __init__(self, *, preload_sympy: bool = False, hide: tuple = (), forbidden: tuple = ()):
        self.preload_sympy = preload_sympy
        self.run_dir = Path(tempfile.mkdtemp(prefix="autograder-run-"))
        os.chmod(self.run_dir, 0o711)
        self.root_dir = Path(tempfile.mkdtemp(prefix="autograder-root-"))  # the student's root is mounted here
        self.hide = [str(p) for p in hide]
        self.forbidden = tuple(forbidden)
        self.proc = None
        self.sock = None
        self.status: dict = {}
        self._status_pending = False
        self.students: dict = {}  # pid -> StudentHandle of the student processes alive now
        self.dying: list = []  # Pidfds of killed namespace inits, until the kernel has ended them
        self.uids_used: set = set()  # swept when the template closes

    def _config(self) -> dict:
        keep, python_hide = python_trees(self.forbidden)
        hide = [str(paths.KIT_ROOT), "/tmp", "/var/tmp", "/dev/shm", *_secret_paths(), *self.hide, *python_hide]
        # The student's root holds the system, these trees and nothing else (see student_side._build_root); `hide`
        # then covers what must not be seen inside them (other Pythons' packages, forbidden packages, the kit).
        keep = sorted({*keep, str(self.run_dir)})
        hide = sorted(set(hide), key=lambda p: p.count("/"))
        return {
            "max_level": max_level(),
            "hide": hide,
            "keep": keep,
            "root": str(self.root_dir),
            "writable": [str(self.run_dir)],
            "preload_sympy": self.preload_sympy,
            "read_only": True,
            "parent": os.getpid(),
        }

    def start(self) -> Zygote:
        self.proc, self.sock = _take_prestarted() or _spawn_template()
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

    def report(self) -> dict:
        """What the template found: the isolation level in force and why not a stronger one (see levels.py)."""
        self._await_status()
        return dict(self.status)

    @property
    def level(self) -> str:
        """The isolation level in force (known once the template reported; see SECURITY.md)."""
        self._await_status()
        return self.status.get("level", "none")

    @property
    def uid_switch(self) -> bool:
        self._await_status()
        return bool(self.status.get("uid_switch"))

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def namespaces(self) -> bool:
        """Each student in namespaces of its own (levels root and userns), with a tmpfs scratch folder of its own."""
        return self.level in ("root", "userns")

    def mount_point(self) -> Path:
        """Where each student's init mounts its tmpfs (levels root and userns): made once, empty out here."""
        point = self.run_dir / "scratch"
        point.mkdir(mode=0o700, exist_ok=True)
        return point

    def fork(self, spec: dict, fds: list) -> StudentHandle:
        if not self.alive:
            self.close()
            self.start()
        self._await_status()
        if spec.get("uid") is not None:
            self.uids_used.add(spec["uid"])
        try:
            socket.send_fds(self.sock, [json.dumps(spec).encode()], fds)
            self.sock.settimeout(30)
            reply = json.loads(self.sock.recv(1 << 16).decode())
            handle = StudentHandle(int(reply["pid"]), int(reply["kill"]), bool(reply["namespace"]))
            if handle.namespace:  # before the load request: no student code has run yet
                handle.handles = (
                    (Pidfd(handle.kill),) if handle.kill == handle.pid else (Pidfd(handle.kill), Pidfd(handle.pid))
                )
            self.students[handle.pid] = handle
            return handle
        except (OSError, ValueError, KeyError, TypeError) as exc:
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

    def kill_student(self, handle: StudentHandle, uid: int | None) -> None:
        """Kill a student process and everything it started.

        In a PID namespace of its own: SIGKILL to its init (through a pidfd), and the kernel takes everything
        inside; nothing inside can run again, so the wait for the kernel to finish is left to `reap` (the next
        kill, or the end). Otherwise, and returning when they are gone: its tree, the orphans it left with the
        template (the subreaper: a setsid double fork lands there), and, with a uid of its own, everything that
        uid runs."""
        self.students.pop(handle.pid, None)
        if handle.namespace and all(h.usable for h in handle.handles):
            for pidfd in handle.handles:
                pidfd.kill()
            self.dying.extend(handle.handles)
            self.reap(wait=False)
            return
        for pidfd in handle.handles:
            pidfd.close()
        kill_tree(handle.pid)
        if self.alive:
            live = set(self.students)
            for orphan, _start, _state in children(self.proc.pid):
                if orphan not in live:
                    kill_tree(orphan)
        if uid is not None:
            self.kill_uid(uid)

    def reap(self, wait: bool, seconds: float = 5.0) -> None:
        """Forget the killed processes that have ended; with `wait`, wait for all of them first."""
        still = []
        for pidfd in self.dying:
            if pidfd.wait_gone(seconds if wait else 0.0):
                pidfd.close()
            else:
                still.append(pidfd)
        self.dying = still

    def close(self) -> None:
        self.reap(wait=True)
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
        """Stop the template, sweep every student uid it used (a process that escaped everything else dies
        here), and remove its folders."""
        if self.uids_used and self.alive:
            for uid in sorted(self.uids_used):
                self.kill_uid(uid)
        self.uids_used.clear()
        self.close()
        shutil.rmtree(self.run_dir, ignore_errors=True)
        shutil.rmtree(self.root_dir, ignore_errors=True)  # empty here: the mounts lived in the template's namespace


def fresh_scratch(run_dir: Path) -> Path:
    """A new scratch folder under `run_dir`, mode 700, with a name nobody can predict."""
    while True:
        folder = run_dir / secrets.token_hex(8)
        try:
            folder.mkdir(mode=0o700)
            return folder
        except FileExistsError:
            continue


def remove_scratch(folder: Path) -> None:
    """Remove a scratch folder and everything a student left in it, links unfollowed; folders the student made
    unreadable or unwritable (chmod 000) are opened up first, so nothing stays behind for the next student."""
    shutil.rmtree(folder, ignore_errors=True)
    if not os.path.lexists(folder):
        return
    stack = [str(folder)]
    while stack:  # the student's own folders, never a link: its processes are all gone, nothing changes them now
        current = stack.pop()
        try:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                continue
            os.chmod(current, 0o700)
            stack.extend(entry.path for entry in os.scandir(current) if entry.is_dir(follow_symlinks=False))
        except OSError:
            continue
    shutil.rmtree(folder, ignore_errors=True)


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
    own: float = 0.0  # the student's own time in this request (own_time.py): what its limit is measured in


def _request_id() -> str:
    """A request id the student process cannot predict: only the answer to a request it has read can carry it."""
    return secrets.token_hex(12)


# Called with the wall seconds the machine took from a student during a request (own_time.py), when there were any:
# the grading process passes them on to its supervisor, whose watchdog does not count them either.
report_stolen = None


class StudentProcess:
    """One live process running one submission; restarted from the template when a call kills it."""

    _uids = itertools.count()

    def __init__(self, zygote: Zygote, cells: list, kind: str, limits, forbidden: tuple):
        self.zygote = zygote
        self.cells = cells
        self.kind = kind
        self.limits = limits
        self.forbidden = tuple(forbidden)
        self.handle: StudentHandle | None = None
        self.uid = None
        self.scratch = None
        self.req = self.resp = self.out = None
        self.selector: selectors.BaseSelector | None = None  # resp and out, while the process lives
        self.output = bytearray()
        self.output_dropped = 0
        self.ready: dict | None = None
        self.buffer = bytearray()
        self.seq = ""  # the id of the last request; only a frame carrying it answers
        # Where the time of this submission went (seconds; bench/profile.py prints it): fork and isolation,
        # loading the submission, the calls (and how many), killing everything afterwards.
        self.clock = {"fork": 0.0, "load": 0.0, "calls": 0.0, "call_count": 0, "kill": 0.0}
        # The student's own time in all its requests (loads and calls) and the wall time the machine took from it
        # meanwhile: its limits are measured in the first, never in the second (see own_time.py).
        self.spent = 0.0
        self.stolen = 0.0

    @property
    def pid(self) -> int | None:
        return self.handle.pid if self.handle else None

    # -------------------------------------------------------------------------------- life cycle
    def start(self, timeout: float) -> dict:
        """Fork a fresh process, load the submission, and return its report (names defined, notes)."""
        self.kill()
        n = next(self._uids)
        self.uid = student_uid(os.getpid(), n) if self.zygote.uid_switch else None
        # Where students have namespaces, each one's init mounts a fresh tmpfs of its own on one mount point, which
        # only that student's mount namespace ever sees (and which goes with it): the folder here stays empty and is
        # made once. Elsewhere the student writes into the folder itself: a fresh one for every process, made now
        # that the one before it and all it started are gone, named so that nobody can guess it, and removed with
        # everything in it before the next one is made (see `_kill`).
        self.scratch = self.zygote.mount_point() if self.zygote.namespaces else fresh_scratch(self.zygote.run_dir)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        limits = {
            k: getattr(self.limits, k) for k in ("cpu_seconds", "memory_mb", "file_size_mb", "open_files", "processes")
        }
        spec = {
            "scratch": str(self.scratch),
            "uid": self.uid,
            "limits": limits,
            "forbidden": list(self.forbidden),
            "scratch_mb": max(4 * int(self.limits.file_size_mb), 16),
        }
        forked = time.perf_counter()
        try:
            self.handle = self.zygote.fork(spec, [req_r, resp_w, out_w])
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        loading = time.perf_counter()
        self.clock["fork"] += loading - forked
        self.req, self.resp, self.out = req_w, resp_r, out_r
        for fd in (self.req, self.resp, self.out):
            os.set_blocking(fd, False)
        # One selector for the process's life: a call is a round trip of a fraction of a millisecond, and a
        # selector made per call (an epoll descriptor, two registrations, a close) is a good part of it.
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.resp, selectors.EVENT_READ, "resp")
        self.selector.register(self.out, selectors.EVENT_READ, "out")
        self.buffer.clear()
        self.seq = _request_id()
        clock = OwnClock(self.handle.student_pid, on_stolen=report_stolen, resume=True)
        result = self._send({"kind": self.kind, "cells": self.cells, "seq": self.seq}, (), clock, timeout)
        if not result.failure:
            result = self._await(clock, timeout)
        self._account(clock)
        if not result.failure:
            try:
                result.value = wire.check_ready(result.value)
            except wire.WireError as exc:
                self.kill()
                result = CallResult(ok=False, failure="protocol", error_message=str(exc))
        self.clock["load"] += time.perf_counter() - loading
        if result.failure:
            self.ready = {"ready": False, "failure": result.failure, "message": result.error_message}
            if os.environ.get("AUTOGRADER_DEBUG"):
                print(f"student process failed to start: {result}", file=sys.stderr)
        else:
            self.ready = result.value
        return self.ready

    def kill(self) -> None:
        started = time.perf_counter()
        self._kill()
        self.clock["kill"] += time.perf_counter() - started

    def _kill(self) -> None:
        namespace = self.handle is not None and self.handle.namespace
        if self.handle is not None:
            if not self.handle.namespace:
                for target in (-self.handle.pid, self.handle.pid):  # its process group, then itself, at once
                    try:
                        os.kill(target, signal.SIGKILL)
                    except OSError:
                        pass
            self.zygote.kill_student(self.handle, self.uid)
            self.handle = None
        self._drain_output()
        if self.selector is not None:
            self.selector.close()
            self.selector = None
        for name in ("req", "resp", "out"):
            fd = getattr(self, name)
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
                setattr(self, name, None)
        if self.scratch is not None:
            if not namespace:  # the student wrote into the folder itself: nothing of it reaches the next one
                remove_scratch(self.scratch)
            self.scratch = None
        self.ready = None

    @property
    def alive(self) -> bool:
        return self.handle is not None and self.ready is not None and bool(self.ready.get("ready"))

    # -------------------------------------------------------------------------------- calls
    def _gone(self) -> bool:
        """Dead already, or doomed: its template died (e.g. killed by the code of an earlier call) and took it along."""
        if self.handle is None or not self.zygote.alive:
            return True
        try:
            os.kill(self.handle.pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            pass
        return False

    def call(self, fn: str, args: list, kwargs: dict, timeout: float, return_args: bool = False) -> CallResult:
        enc_args, blobs = wire.encode_args(list(args) + list(kwargs.values()))
        started = time.perf_counter()
        # A process that died after its last answer is replaced before this call, which must not be blamed.
        if self._gone():
            report = self.start(timeout)
            if not report.get("ready"):
                return CallResult(ok=False, failure="died", error_message="the student process could not be restarted")
        clock = OwnClock(self.handle.student_pid, on_stolen=report_stolen, resume=True)
        for attempt in (1, 2):
            self.seq = _request_id()
            header = {
                "op": "call",
                "fn": fn,
                "args": enc_args[: len(args)],
                "kwargs": dict(zip(kwargs.keys(), enc_args[len(args) :])),
                "return_args": return_args,
                "seq": self.seq,
            }
            result = self._send(header, blobs, clock, timeout)
            if result.failure != "died" or attempt == 2:
                break
            # It died between two calls without our noticing (the pipe was closed before this request):
            # a fresh process answers, and this call is not blamed.
            report = self.start(timeout)
            if not report.get("ready"):
                return CallResult(ok=False, failure="died", error_message="the student process could not be restarted")
            clock = OwnClock(self.handle.student_pid, on_stolen=report_stolen, resume=True)
        if not result.failure:
            result = self._await(clock, timeout)
        self._account(clock)
        result.duration = time.perf_counter() - started
        result.own = clock.own
        self.clock["calls"] += result.duration
        self.clock["call_count"] += 1
        if result.failure:
            self.kill()
            return result
        try:
            payload = wire.check_answer(result.value)
            if "unreadable" in payload:  # the function returned, but its value could not be turned into data
                out = CallResult(
                    ok=False,
                    failure="protocol",
                    error_message=f"the returned value could not be sent: {payload['unreadable']}",
                )
            elif payload["ok"]:
                out = CallResult(ok=True, value=wire.decode(payload.get("value"), result.args_after or []))
                if "args_after" in payload:
                    out.args_after = [wire.decode(v, result.args_after or []) for v in payload["args_after"]]
            else:
                err = payload["error"]
                out = CallResult(ok=False, error_type=err["type"], error_message=err["message"], where=err["where"])
            out.forbidden = payload["forbidden"]
            out.warnings = payload["warnings"]
        except (wire.WireError, IndexError, KeyError, TypeError, ValueError, AttributeError) as exc:
            out = CallResult(ok=False, failure="protocol", error_message=f"the returned value could not be read: {exc}")
        out.duration = result.duration
        out.own = result.own
        return out

    def _account(self, clock: OwnClock) -> None:
        """Add a finished request's own and stolen time to the submission's."""
        clock.spent()
        self.spent += clock.own
        self.stolen += clock.stolen

    def _send(self, header: dict, blobs, clock: OwnClock, limit: float) -> CallResult:
        """Write a request without ever blocking: a student that stops reading its requests times out (in its own
        time, see own_time.py).

        What is waiting in the answer pipe before a request is sent answers nothing (left over from an earlier
        call, or written before the request existed): it is discarded."""
        self._discard_answers()
        data = memoryview(wire.frame_bytes(header, blobs))
        while data:
            try:
                written = os.write(self.req, data)
                data = data[written:]
                continue
            except BlockingIOError:
                pass
            except (BrokenPipeError, OSError):
                return CallResult(ok=False, failure="died", error_message="the student process is gone")
            remaining = limit - clock.spent()
            if remaining <= 0:
                return CallResult(ok=False, failure="timeout", error_message="it did not read its request in time")
            readable, writable, _ = select.select([self.out], [self.req], [], clock.wait_for(remaining))
            if readable:
                self._read_output()
        return CallResult(ok=True)

    def _discard_answers(self) -> None:
        self.buffer.clear()
        while True:
            try:
                if not os.read(self.resp, 1 << 20):
                    return
            except (BlockingIOError, OSError):
                return

    def _read_output(self) -> bool:
        """Keep what the student printed, up to the cap; False at end of file."""
        try:
            chunk = os.read(self.out, 65536)
        except BlockingIOError:
            return True
        except OSError:
            return False
        if not chunk:
            return False
        room = max(self.limits.output_kb * 1024 - len(self.output), 0)
        self.output += chunk[:room]
        self.output_dropped += max(len(chunk) - room, 0)
        return True

    def _await(self, clock: OwnClock, limit: float) -> CallResult:
        """Read the answer to the last request, draining captured output meanwhile; kill on timeout or garbage.
        A frame carrying another id (forged, or late) is dropped: only the answer to this request answers it,
        and whatever follows that answer is discarded with it.

        The limit is the student's own time (own_time.py): the time the machine took from it is not counted, and
        an answer already waiting when the limit is reached (we were the ones not running) is read, not refused."""
        sel = self.selector
        while True:
            frame = self._parse_frame()
            if frame is not None:
                if frame == "bad":
                    self.kill()
                    return CallResult(
                        ok=False, failure="protocol", error_message="the student process sent malformed data"
                    )
                header, blobs = frame
                if header.get("seq") != self.seq:
                    continue
                self.buffer.clear()
                return CallResult(ok=True, value=header, args_after=blobs)
            remaining = limit - clock.spent()
            if remaining <= 0:
                if self._take_waiting():
                    continue
                self.kill()
                return CallResult(ok=False, failure="timeout", error_message=f"no answer within {limit:g} s")
            for key, _ in sel.select(clock.wait_for(remaining)):
                if key.data == "out":
                    if not self._read_output():
                        sel.unregister(self.out)
                    continue
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
                    return CallResult(
                        ok=False, failure="protocol", error_message="the student process sent too much data"
                    )

    def _take_waiting(self) -> bool:
        """Read whatever answer is waiting, without blocking; True when something new arrived."""
        got = False
        while self.resp is not None and len(self.buffer) <= wire.MAX_ELEMENTS * 16 + MAX_HEADER:
            try:
                chunk = os.read(self.resp, 1 << 20)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            self.buffer += chunk
            got = True
        return got

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
            header = json.loads(bytes(buf[4 : 4 + size]))
            nblobs = header.get("nblobs", 0) if isinstance(header, dict) else -1
        except (ValueError, TypeError, UnicodeDecodeError, RecursionError):  # e.g. a million nested '['
            return "bad"
        if type(nblobs) is not int or not 0 <= nblobs <= 10000:
            return "bad"
        pos, blobs = 4 + size, []
        for _ in range(nblobs):
            if len(buf) < pos + 8:
                return None
            (blen,) = struct.unpack(">Q", buf[pos : pos + 8])
            if blen > wire.MAX_ELEMENTS * 16:
                return "bad"
            if len(buf) < pos + 8 + blen:
                return None
            blobs.append(bytes(buf[pos + 8 : pos + 8 + blen]))
            pos += 8 + blen
        del buf[:pos]
        return header, blobs

    def _drain_output(self) -> None:
        """Keep what the student printed last (e.g. while loading) before the pipe is closed."""
        if self.out is None:
            return
        while len(self.output) < self.limits.output_kb * 1024:
            try:
                chunk = os.read(self.out, 65536)
            except (BlockingIOError, OSError):
                return
            if not chunk:
                return
            self.output += chunk[: self.limits.output_kb * 1024 - len(self.output)]

    def captured_output(self) -> str:
        text = self.output.decode("utf-8", "replace")
        if self.output_dropped:
            text += f"\n[... {self.output_dropped} more bytes of output dropped]"
        return text
