"""Run a command as root in a container that allows no namespaces, as Docker's default profile does without
CAP_SYS_ADMIN (a Gradescope image may be one).

`python tests/no_namespaces.py CMD...`: in a mount namespace of its own, the folders holding Python become
traversable for every uid (here Python lives under /root, mode 700; in a container it lives in /usr), then a
seccomp filter refuses unshare, setns and every clone that asks for a new namespace to CMD and all it starts,
and CMD runs in its place, still as root. The kit's template then cannot build its own root nor enter a user
namespace, and falls back to Landlock with a uid per student.
"""

from __future__ import annotations

import errno
import os
import sys

from unprivileged import python_and_kit, traversable

# NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET, NEWTIME
CLONE_NEW_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x00000080)


def refuse_namespaces() -> None:
    import pyseccomp as seccomp

    policy = seccomp.SyscallFilter(seccomp.ALLOW)
    policy.add_rule(seccomp.ERRNO(errno.EPERM), "unshare")
    policy.add_rule(seccomp.ERRNO(errno.EPERM), "setns")
    for flag in CLONE_NEW_FLAGS:
        policy.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    policy.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")  # its flags sit in memory: glibc falls back to clone
    policy.load()


def main() -> None:
    command = sys.argv[1:]
    traversable(python_and_kit())
    refuse_namespaces()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
