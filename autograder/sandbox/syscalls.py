"""Student side: the system calls a student process may not make, on every level, and the seccomp filter that says so.

Student code needs files, memory, threads, processes and the pipes it is handed; it never needs the kernel's
larger attack surfaces (io_uring, userfaultfd, BPF, key rings), other processes' memory (ptrace, process_vm_*,
pidfd_getfd), new namespaces or mounts (a way around the sandbox's own), or a socket of any family. Sockets are
refused outright, AF_UNIX included: where a student keeps the grader's uid (level landlock without root, level
none), a Unix socket by path reaches every server of that user (a tmux server runs any command it is sent, an
ssh-agent signs, D-Bus starts services), and Landlock does not cover connecting by path. System V IPC and POSIX
message queues go too: kernel objects found by key or name, shared by every process of a uid where there is no
IPC namespace of the student's own. `socketpair` stays: it only ever joins the student to itself. The filter is
built once in the template with libseccomp (through pyseccomp) and loaded by each student process after
everything the sandbox itself needs is done; the student's children inherit it. The template loads this file by
path and hands it the kernel's namespace flags (`linux.NAMESPACE_FLAGS`): the numbers live in linux.py alone.
"""

import errno

DENIED = (
    # large kernel attack surfaces
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "userfaultfd",
    "bpf",
    "perf_event_open",
    "keyctl",
    "add_key",
    "request_key",
    # other processes
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "process_madvise",
    "process_mrelease",
    "kcmp",
    # a way out of the sandbox's namespaces and mounts
    "unshare",
    "setns",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "open_by_handle_at",
    "name_to_handle_at",
    # watching the file system, the kernel itself
    "inotify_init",
    "inotify_init1",
    "fanotify_init",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "iopl",
    "ioperm",
    "swapon",
    "swapoff",
    "reboot",
    "syslog",
    "acct",
    "quotactl",
    "personality",
    # a way to other processes of the same uid: every socket family, System V IPC, POSIX message queues
    "socket",
    "shmget",
    "shmat",
    "shmctl",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    "semget",
    "semop",
    "semtimedop",
    "semctl",
    "mq_open",
    "mq_unlink",
    "mq_timedsend",
    "mq_timedreceive",
    "mq_notify",
    "mq_getsetattr",
)


def compiled_filter(namespace_flags: tuple):
    """The filter as a BPF program (bytes) to load with linux.load_seccomp_program, or None and the reason."""
    policy, reason = build_filter(namespace_flags)
    if policy is None:
        return None, reason
    import tempfile

    try:
        with tempfile.TemporaryFile() as fh:
            policy.export_bpf(fh)
            fh.seek(0)
            return fh.read(), ""
    except (OSError, ValueError) as exc:
        return None, f"seccomp filter not exported: {exc}"


def build_filter(namespace_flags: tuple):
    """The filter, or None (with the reason) where libseccomp or its binding is missing. `namespace_flags`: every
    CLONE_NEW* flag, each of which makes a clone the filter refuses."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as exc:  # no binding, or no libseccomp.so.2 on the machine
        return None, f"seccomp unavailable: {exc}"
    try:
        policy = seccomp.SyscallFilter(seccomp.ALLOW)
        denied = seccomp.ERRNO(errno.EPERM)
        for name in DENIED:
            try:
                policy.add_rule(denied, name)
            except (OSError, ValueError):  # a call this architecture does not have
                pass
        for flag in namespace_flags:  # fork and threads, yes; a fork into new namespaces, no
            policy.add_rule(denied, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
        policy.add_rule(
            seccomp.ERRNO(errno.ENOSYS), "clone3"
        )  # its flags cannot be inspected: libc falls back to clone
    except (OSError, ValueError, AttributeError) as exc:
        return None, f"seccomp filter not built: {exc}"
    return policy, ""
