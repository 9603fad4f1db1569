"""Run a command as an unprivileged user, as a laptop or a JupyterHub server runs the kit (tests start it as root).

`python tests/unprivileged.py UID [--no-userns] CMD...`: in a mount namespace of its own, the folders holding
Python and the kit become traversable for UID (here Python lives under /root, mode 700; on a laptop it is the
user's own), then it becomes UID for good and runs CMD in its place, with HOME and TMPDIR set to /tmp. With
--no-userns, user namespaces are refused to CMD and everything it starts (a seccomp filter, as Docker's default
profile and some distributions do): the kit must then fall back to Landlock.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent


def traversable(paths: list[str]) -> None:
    """A tmpfs over each folder the user cannot traverse, with the needed paths bound back (as the kit does)."""
    libc = ctypes.CDLL(None, use_errno=True)

    def mount(src, target, fstype, flags, data=None):
        if libc.mount(src and src.encode(), target.encode(), fstype and fstype.encode(), flags, data and data.encode()):
            raise OSError(ctypes.get_errno(), f"mount {target}")

    if libc.unshare(0x00020000) != 0:  # CLONE_NEWNS
        raise OSError(ctypes.get_errno(), "unshare")
    mount(None, "/", None, 0x4000 | 0x40000)  # MS_REC | MS_PRIVATE
    paths = [p for p in paths if not any(p.startswith(q + "/") for q in paths)]  # the outermost ones
    blocked = sorted(
        {
            str(parent)
            for path in paths
            for parent in Path(path).parents
            if str(parent) != "/" and not os.stat(parent).st_mode & 0o001
        },
        key=len,
    )
    for folder in blocked:
        keep = [p for p in paths if p.startswith(folder + "/")]
        fds = [os.open(p, os.O_PATH) for p in keep]
        mount("tmpfs", folder, "tmpfs", 0, "mode=0755,size=1m")
        for fd, path in zip(fds, keep):
            os.makedirs(path, exist_ok=True)
            mount(f"/proc/self/fd/{fd}", path, None, 0x1000 | 0x4000)  # MS_BIND | MS_REC
            os.close(fd)


def python_and_kit() -> list[str]:
    return [sys.base_prefix, sys.prefix, sys.exec_prefix, os.path.realpath(sys.executable), str(KIT)]


def become(uid: int) -> None:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    os.environ["HOME"] = os.environ["TMPDIR"] = "/tmp"


def refuse_user_namespaces() -> None:
    """unshare and clone with CLONE_NEWUSER fail with EPERM from now on, in this process and all it starts."""
    import errno

    import pyseccomp as seccomp

    policy = seccomp.SyscallFilter(seccomp.ALLOW)
    newuser = 0x10000000
    policy.add_rule(seccomp.ERRNO(errno.EPERM), "unshare", seccomp.Arg(0, seccomp.MASKED_EQ, newuser, newuser))
    policy.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, newuser, newuser))
    policy.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    policy.load()


def main() -> None:
    uid, command = int(sys.argv[1]), sys.argv[2:]
    no_userns = command[:1] == ["--no-userns"]
    if no_userns:
        command = command[1:]
    traversable(python_and_kit())
    if no_userns:
        refuse_user_namespaces()
    become(uid)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
