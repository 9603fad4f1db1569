"""Attack: after its first answer the harness never reads another request (os.read is patched to sleep on the request
pipe, which is shrunk to one page): a grader that writes requests blocking, with no deadline, waits for ever.

The outcome the grader must give is in tests/adversarial/expected.yml under chan_stop_reading.py.
"""

import fcntl
import os
import time

import numpy as np

try:
    fcntl.fcntl(0, 1031, 4096)  # F_SETPIPE_SZ: the request pipe holds one page
except OSError:
    pass
_real_read = os.read
_armed = []


def _stalled_read(fd, n):
    if fd == 0 and _armed:
        while True:
            time.sleep(3600)
    return _real_read(fd, n)


os.read = _stalled_read

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
    _armed.append(True)  # answered; from now on nobody reads the requests
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
