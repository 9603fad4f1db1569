"""Attack: Reads what /proc shows of its ancestors: their open files (/proc/<pid>/fd/*, e.g. a results file), their memory
maps and memory, and the kit through /proc/<pid>/root and /proc/<pid>/cwd, to find the reference softmax.

The outcome the grader must give is in tests/adversarial/expected.yml under read_proc.py.
"""

import numpy as np
import os


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


def _ancestors():
    pid, out = os.getpid(), []
    for _ in range(12):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                pid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 1:
            break
        out.append(pid)
    return out


def softmax(logits, axis=-1):
    loot = []
    for pid in _ancestors():
        for rel in ("cwd/solutions/a1_encoding.py", "root/work/main/solutions/a1_encoding.py"):
            try:
                with open(f"/proc/{pid}/{rel}") as fh:
                    namespace = {}
                    exec(fh.read(), namespace)
                    return namespace["softmax"](logits, axis=axis)
            except OSError:
                pass
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                loot.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            pass
        try:
            with open(f"/proc/{pid}/mem", "rb") as fh:
                loot.append(repr(fh.read(16)))
        except OSError:
            pass
    raise PermissionError("attack blocked: " + ("LEAKED " + " ".join(loot)[:500] if loot else "nothing readable"))


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
