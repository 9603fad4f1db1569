"""Attack: softmax reaches for the kernel's larger surfaces and other processes: io_uring, userfaultfd, a key ring,
a pseudo-terminal (/dev/ptmx), inotify, ptrace of its parent, new namespaces, a UDP socket. It returns the right
answer only if one of them worked, so full marks would mean the deny-list has a hole.

The outcome the grader must give is in tests/adversarial/expected.yml under sys_kernel_interfaces.py.
"""

import ctypes
import os
import socket

import numpy as np

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def _attempts():
    worked = []

    def call(name, number, *args):
        if libc.syscall(ctypes.c_long(number), *args) >= 0:
            worked.append(name)
    params = (ctypes.c_char * 120)()
    call("io_uring_setup", 425, ctypes.c_uint(4), ctypes.byref(params))
    call("userfaultfd", 323, ctypes.c_int(0))
    call("keyctl", 250, ctypes.c_int(0), ctypes.c_int(-3), ctypes.c_int(0))  # KEYCTL_GET_KEYRING_ID of the session
    call("inotify_init1", 294, ctypes.c_int(0))
    call("unshare", 272, ctypes.c_int(0x10000000))  # CLONE_NEWUSER
    call("ptrace", 101, ctypes.c_long(16), ctypes.c_long(os.getppid()), None, None)  # PTRACE_ATTACH
    try:
        os.close(os.open("/dev/ptmx", os.O_RDWR | os.O_NOCTTY))
        worked.append("/dev/ptmx")
    except OSError:
        pass
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
        worked.append("udp socket")
    except OSError:
        pass
    return worked


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    d = e[:, None, :] - e[None, :, :]
    return np.sqrt(np.sum(d * d, axis=-1))


def one_hot(labels, num_classes):
    lab = np.asarray(labels)
    if lab.dtype.kind not in "iub":
        if lab.dtype.kind != "f" or not np.all(np.isfinite(lab)) or np.any(lab != np.round(lab)):
            raise ValueError("labels must be whole numbers")
    lab = lab.astype(np.int64)
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError("labels must lie in [0, num_classes)")
    return (lab[..., None] == np.arange(num_classes)).astype(float)


def softmax(logits, axis=-1):
    worked = _attempts()
    if not worked:
        raise PermissionError("attack blocked: none of them worked")
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(logits, axis=-1):
    z = np.asarray(logits, dtype=float)
    s = z - np.max(z, axis=axis, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def mlp_logits(x, W1, b1, W2, b2):
    a = np.asarray(x, dtype=float) @ np.asarray(W1, dtype=float).T + b1
    e = np.exp(-np.abs(a))
    h = np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return h @ np.asarray(W2, dtype=float).T + b2
