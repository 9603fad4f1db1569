"""Linux constants and the few system calls the sandbox makes, in one place. Used by both sides.

Neither trusted nor student-side logic lives here: only numbers from the kernel's headers and thin ctypes
wrappers that raise OSError with the errno, so that the code that isolates a student reads as a sequence of
named steps. The student-side template imports this file by path (it runs as a script, outside the package).
"""
from __future__ import annotations

import ctypes
import os
import sys

LINUX = sys.platform.startswith("linux")

# prctl(2)
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38

# clone(2) / unshare(2)
CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

# mount(2)
MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000

# mount_setattr(2), kernel >= 5.12
SYS_mount_setattr = 442
AT_FDCWD = -100
AT_RECURSIVE = 0x8000
MOUNT_ATTR_RDONLY = 0x1

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def prctl(option: int, arg: int = 0) -> None:
    _check(libc().prctl(option, ctypes.c_ulong(arg), 0, 0, 0), f"prctl({option})")


def die_with_parent(signal_number: int, parent: int | None = None) -> bool:
    """Ask for `signal_number` when the parent dies; False when it is already gone (re-parented before we asked).

    Set it after every change of credentials: the kernel clears it when the uid changes.
    """
    if not LINUX:
        return True
    prctl(PR_SET_PDEATHSIG, signal_number)
    return parent is None or os.getppid() == parent


def no_new_privs() -> None:
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def child_subreaper() -> None:
    prctl(PR_SET_CHILD_SUBREAPER, 1)


def unshare(flags: int) -> None:
    _check(libc().unshare(flags), f"unshare({flags:#x})")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(libc().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def mount_read_only_recursive(path: str) -> bool:
    """Every mount at and below `path` read-only in one call; False where the kernel lacks mount_setattr."""
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    result = libc().syscall(ctypes.c_long(SYS_mount_setattr), ctypes.c_int(AT_FDCWD), path.encode(),
                            ctypes.c_uint(AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)))
    return result == 0
