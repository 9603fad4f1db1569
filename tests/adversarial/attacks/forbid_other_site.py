"""Attack: scipy from a site directory the grader's own environment does not use (the base interpreter's site-packages,
Debian's dist-packages, /usr/local): the import hook is removed and those folders are put on sys.path.

The outcome the grader must give is in tests/adversarial/expected.yml under forbid_other_site.py.
"""

import glob
import importlib
import sys

import numpy as np

SITES = sorted(set(glob.glob("/usr/local/lib/python3*/dist-packages") + glob.glob("/usr/local/lib/python3*/site-packages")
                  + glob.glob("/usr/lib/python3/dist-packages") + glob.glob("/usr/lib/python3*/site-packages")
                  + glob.glob(sys.base_prefix + "/lib/python3*/site-packages")
                  + glob.glob("/root/.pyenv/versions/*/lib/python3*/site-packages")))


def _unhook():
    sys.meta_path[:] = [f for f in sys.meta_path if "Forbidden" not in type(f).__name__]
    for name in list(sys.modules):
        if name.split(".")[0] == "scipy":
            del sys.modules[name]
    record = getattr(sys.modules.get("__main__"), "FORBIDDEN_USED", None)
    if isinstance(record, list):
        record.clear()
    sys.path.extend(p for p in SITES if p not in sys.path)

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
    _unhook()
    special = importlib.import_module("scipy.special")
    return special.softmax(np.asarray(logits, dtype=float), axis=axis)


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
