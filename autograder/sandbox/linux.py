"""Both sides: the Linux constants and the few system calls the sandbox makes, in one place.

Neither trusted nor student-side logic lives here, and no other module of the kit spells these numbers: only numbers
from the kernel's headers and thin ctypes wrappers that raise OSError with the errno, so that the code that isolates a
student reads as a sequence of named steps. The student-side template imports this file by path (it runs as a script,
outside the package).
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
CLONE_NEWTIME = 0x00000080
CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NAMESPACE_FLAGS = (
    CLONE_NEWTIME,
    CLONE_NEWNS,
    CLONE_NEWCGROUP,
    CLONE_NEWUTS,
    CLONE_NEWIPC,
    CLONE_NEWUSER,
    CLONE_NEWPID,
    CLONE_NEWNET,
)  # every new namespace a clone can ask for

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
    _fields_ = [
        ("attr_set", ctypes.c_uint64),
        ("attr_clr", ctypes.c_uint64),
        ("propagation", ctypes.c_uint64),
        ("userns_fd", ctypes.c_uint64),
    ]


def mount_read_only_recursive(path: str) -> bool:
    """Every mount at and below `path` read-only in one call; False where the kernel lacks mount_setattr."""
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    result = libc().syscall(
        ctypes.c_long(SYS_mount_setattr),
        ctypes.c_int(AT_FDCWD),
        path.encode(),
        ctypes.c_uint(AT_RECURSIVE),
        ctypes.byref(attr),
        ctypes.c_size_t(ctypes.sizeof(attr)),
    )
    return result == 0


# ---------------------------------------------------------------------------------------------------- Landlock
# landlock(7): an unprivileged process limits what it and its children may do with files, TCP and signals.
SYS_landlock_create_ruleset = 444
SYS_landlock_add_rule = 445
SYS_landlock_restrict_self = 446
LANDLOCK_CREATE_RULESET_VERSION = 1 << 0
LANDLOCK_RULE_PATH_BENEATH = 1

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1  # ABI 6

FS_READ_ONLY = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
FS_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV  # all a file rule may hold


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The Landlock ABI version the kernel offers (0: none, e.g. an old kernel or Landlock not enabled)."""
    if not LINUX:
        return 0
    result = libc().syscall(
        ctypes.c_long(SYS_landlock_create_ruleset),
        None,
        ctypes.c_size_t(0),
        ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION),
    )
    return max(int(result), 0)


def landlock_handled_fs(abi: int) -> int:
    """Every filesystem right this ABI knows: all of them are denied unless a rule allows them."""
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def landlock_write_rights(abi: int) -> int:
    """Every filesystem right of this ABI that changes something (all but execute, read a file, list a folder)."""
    return landlock_handled_fs(abi) & ~FS_READ_ONLY


class LandlockRuleset:
    """A Landlock ruleset: what is not allowed by a rule is denied (every right the ABI knows, or only the rights
    `handled_fs` names); with `confine`, TCP bind and connect are denied outright (ABI >= 4), and signals and
    abstract Unix sockets stay inside the domain (ABI >= 6). Applied by `restrict_self` in each process that must
    live under it; a process may enter several, and then every one of them must allow an access."""

    def __init__(self, abi: int, handled_fs: int | None = None, confine: bool = True):
        self.abi = abi
        self.handled_fs = landlock_handled_fs(abi) if handled_fs is None else handled_fs
        attr = _RulesetAttr(
            self.handled_fs,
            NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 and confine else 0,
            SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 and confine else 0,
        )
        size = 24 if abi >= 6 else 16 if abi >= 4 else 8
        fd = libc().syscall(
            ctypes.c_long(SYS_landlock_create_ruleset), ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)
        )
        if fd < 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"landlock_create_ruleset: {os.strerror(errno)}")
        self.fd = int(fd)

    def allow(self, path: str, rights: int) -> bool:
        """Allow `rights` at and below `path` (for a file: only the rights a file can have); False if it is gone."""
        try:
            target = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return False
        try:
            self.allow_fd(target, rights, os.path.isdir(path), path)
        finally:
            os.close(target)
        return True

    def allow_fd(self, target: int, rights: int, is_dir: bool, shown: str = "") -> None:
        """Allow `rights` at and below what the O_PATH descriptor `target` opens (a path opened once, ahead)."""
        if not is_dir:
            rights &= FS_FILE_RIGHTS
        attr = _PathBeneathAttr(rights & self.handled_fs, target)
        _check(
            libc().syscall(
                ctypes.c_long(SYS_landlock_add_rule),
                ctypes.c_int(self.fd),
                ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                ctypes.byref(attr),
                ctypes.c_uint32(0),
            ),
            f"landlock_add_rule {shown or target}",
        )

    def restrict_self(self) -> None:
        """Enter the ruleset's domain for good (this process and every child it starts from now on)."""
        no_new_privs()
        _check(
            libc().syscall(ctypes.c_long(SYS_landlock_restrict_self), ctypes.c_int(self.fd), ctypes.c_uint32(0)),
            "landlock_restrict_self",
        )

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


# ---------------------------------------------------------------------------------------------------- capabilities
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
CAP_LAST = 40


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


PR_CAPBSET_DROP = 24
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4


def drop_all_capabilities() -> None:
    """No capability left in any set, the bounding set emptied: root inside a user namespace becomes nobody."""
    for cap in range(CAP_LAST + 1):
        try:
            prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            pass
    try:
        libc().prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    except OSError:
        pass
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(libc().capset(ctypes.byref(header), ctypes.byref(data)), "capset")


# ---------------------------------------------------------------------------------------------------- seccomp
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def load_seccomp_program(program: bytes) -> None:
    """Install a compiled seccomp BPF program (struct sock_filter[], 8 bytes each) on this process and its
    future children. Compiled once by libseccomp in the template, loaded by each student in microseconds."""
    no_new_privs()
    buffer = ctypes.create_string_buffer(program, len(program))
    prog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    _check(libc().prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0), "prctl(PR_SET_SECCOMP)")


# ---------------------------------------------------------------------------------------------------- clone
_SYS_clone = {"x86_64": 56, "aarch64": 220}


def clone_available() -> bool:
    import platform

    return LINUX and platform.machine() in _SYS_clone


def clone(flags: int) -> int:
    """fork(2) with namespace flags, from a single-threaded process: 0 in the child, its pid in the parent.

    Python's os.fork takes no flags, and a process of its own just to call unshare(CLONE_NEWPID) and fork again
    costs a fork, an exit and their page copies per student. The child comes back here as a copy of this process
    without Python's after-fork hooks: fine for a caller that holds no locks and runs no threads (the template),
    and whose child only forks again (with os.fork) and reaps."""
    import platform
    import signal

    result = libc().syscall(
        ctypes.c_long(_SYS_clone[platform.machine()]), ctypes.c_ulong(flags | signal.SIGCHLD), None, None, None, None
    )
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"clone: {os.strerror(errno)}")
    return int(result)
