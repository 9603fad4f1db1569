"""Student side: the system calls a student process may not make, on every level, and the seccomp filter that says so.

Student code needs files, memory, threads, processes and pipes; it never needs the kernel's larger attack
surfaces (io_uring, userfaultfd, BPF, key rings), other processes' memory (ptrace, process_vm_*, pidfd_getfd),
new namespaces or mounts (a way around the sandbox's own), or the network (only AF_UNIX sockets are allowed:
where a level has no network namespace, Landlock covers TCP but not UDP or raw sockets). The filter is built
once in the template with libseccomp (through pyseccomp) and loaded by each student process after everything
the sandbox itself needs is done; the student's children inherit it. The template loads this file by path
and hands it the kernel's namespace flags (`linux.NAMESPACE_FLAGS`): the numbers live in linux.py alone.
"""

import errno
import socket

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
        policy.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    except (OSError, ValueError, AttributeError) as exc:
        return None, f"seccomp filter not built: {exc}"
    return policy, ""
