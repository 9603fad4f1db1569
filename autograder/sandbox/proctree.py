"""Trusted side: ending a student process and everything it started, and knowing when that is done.

Two ways, strongest first. Where the student runs in a PID namespace of its own (`init` given), killing the
namespace's init makes the kernel kill every process inside it, and the init's exit tells us that all are
gone: one signal and one wait, no scan. Elsewhere (no namespaces), the process tree is read from /proc and
killed again and again until nothing but zombies is left; pids are checked against their start time (and
signalled through a pidfd) so that a reused pid is never hit.
"""

from __future__ import annotations

import os
import select
import signal
import time

UIDS_PER_GRADER = 64


def student_uid(grader_pid: int, n: int) -> int:
    """The uid of the n-th student process of a grading process: its own, never a real user's (from 100000)."""
    return 100000 + (grader_pid % (1 << 22)) * UIDS_PER_GRADER + n % UIDS_PER_GRADER


def student_uids(grader_pid: int) -> list:
    """Every uid the students of that grading process may run as (swept when it is killed)."""
    return [student_uid(grader_pid, n) for n in range(UIDS_PER_GRADER)]


def proc_table() -> dict:
    """pid -> (ppid, start time, state) of every process, from /proc (empty where there is no /proc)."""
    table = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return table
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            table[int(entry)] = (int(fields[1]), fields[19], fields[0])
        except (OSError, IndexError, ValueError):
            continue
    return table


def _stat(pid: int):
    """(ppid, start time, state) of one process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return int(fields[1]), fields[19], fields[0]
    except (OSError, IndexError, ValueError):
        return None


def _direct_children(pid: int) -> list | None:
    """The children of `pid` from /proc/<pid>/task/<tid>/children (no scan of the whole machine); None where the
    kernel does not offer that file."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as fh:
                found.extend(int(c) for c in fh.read().split())
        except FileNotFoundError:
            return None
        except OSError:
            continue
    return found


def children(pid: int, table: dict | None = None) -> list:
    """The direct children of `pid` as (pid, start time, state)."""
    if table is None:
        direct = _direct_children(pid)
        if direct is not None:
            return [(c, st[1], st[2]) for c in direct if (st := _stat(c)) is not None]
        table = proc_table()
    return [(p, start, state) for p, (ppid, start, state) in table.items() if ppid == pid]


def descendants(root: int, table: dict | None = None) -> list:
    """Every process below `root` in the process tree, as (pid, start time, state): followed child by child
    (cost grows with the tree, not with the machine), or from a table of every process when one is given or the
    kernel offers no children files."""
    if table is None and _direct_children(root) is not None:
        found, stack = [], [root]
        while stack:
            for child in _direct_children(stack.pop()) or ():
                st = _stat(child)
                if st is not None:
                    found.append((child, st[1], st[2]))
                    stack.append(child)
        return found
    table = proc_table() if table is None else table
    below: dict = {}
    for pid, (ppid, _start, _state) in table.items():
        below.setdefault(ppid, []).append(pid)
    found, stack = [], [root]
    while stack:
        for child in below.get(stack.pop(), ()):
            found.append((child, table[child][1], table[child][2]))
            stack.append(child)
    return found


def kill_exactly(pid: int, start: bytes) -> None:
    """SIGKILL `pid` only if it is still the process that started at `start` (a pid can be reused)."""
    fd = None
    try:
        if hasattr(os, "pidfd_open"):
            fd = os.pidfd_open(pid)
        with open(f"/proc/{pid}/stat", "rb") as fh:
            if fh.read().rsplit(b")", 1)[1].split()[19] != start:
                return
        if fd is not None:
            signal.pidfd_send_signal(fd, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (OSError, IndexError):
        pass
    finally:
        if fd is not None:
            os.close(fd)


def kill_tree(root: int, *, include_root: bool = True, seconds: float = 5.0) -> bool:
    """Kill `root` and everything below it, again and again until nothing but zombies is left (a fork bomb
    refills between two passes). True when done. Where the template is the subreaper (Linux), everything a
    submission starts stays below the template, setsid and double forks included."""
    deadline = time.monotonic() + seconds
    if include_root and (st := _stat(root)) is not None:
        kill_exactly(root, st[1])
    while True:
        alive = [(pid, start) for pid, start, state in descendants(root) if state not in (b"Z", b"X")]
        if not alive:
            return True
        if time.monotonic() > deadline:
            return False
        for pid, start in alive:
            kill_exactly(pid, start)


class Pidfd:
    """A handle on one process that stays valid when its pid is reused: signal it, wait for its end."""

    def __init__(self, pid: int):
        self.pid = pid
        self.fd: int | None = None
        try:
            self.fd = os.pidfd_open(pid)
        except (OSError, AttributeError):  # gone already, or a kernel before 5.3
            self.fd = None

    @property
    def usable(self) -> bool:
        return self.fd is not None

    def kill(self) -> None:
        if self.fd is not None:
            try:
                signal.pidfd_send_signal(self.fd, signal.SIGKILL)
            except OSError:
                pass

    def wait_gone(self, seconds: float) -> bool:
        """True once the process has exited (readable pidfd), False if it is still there after `seconds`."""
        if self.fd is None:
            return True
        try:
            ready, _, _ = select.select([self.fd], [], [], max(seconds, 0.0))
        except (OSError, ValueError):
            return True
        return bool(ready)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def kill_namespace(init: int, seconds: float = 5.0) -> bool:
    """Kill the init of a student's PID namespace and wait until it has exited: the kernel kills and reaps
    every other process of the namespace before its init can exit, so its end means they are all gone."""
    handle = Pidfd(init)
    try:
        if not handle.usable:
            return kill_tree(init, seconds=seconds)
        handle.kill()
        return handle.wait_gone(seconds)
    finally:
        handle.close()


def sweep_uids(uids) -> None:
    """As root: kill every process of each uid (a student that left its process tree and its namespace, where
    there was none). One short-lived child per uid takes the uid and signals everything it may: kill(-1)."""
    if os.geteuid() != 0:
        return
    for uid in uids:
        pid = os.fork()
        if pid == 0:
            try:
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            finally:
                os._exit(0)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
