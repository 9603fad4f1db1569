"""Attack: Replaces entries of sys.modules (numpy.testing, math, a fake autograder.checker.compare whose expect_array accepts
anything) so that whoever imports them next gets the fakes; softmax returns zeros.

The outcome the grader must give is in tests/adversarial/expected.yml under world_sys_modules.py.
"""

import numpy as np
import sys
import types


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


_fake_compare = types.ModuleType("autograder.checker.compare")
_fake_compare.expect_array = lambda got, expected, **k: expected
_fake_compare.claim = lambda *a, **k: None
for _name in ("autograder", "autograder.checker", "autograder.checker.compare"):
    sys.modules[_name] = _fake_compare
_fake_testing = types.ModuleType("numpy.testing")
_fake_testing.assert_allclose = lambda *a, **k: None
sys.modules["numpy.testing"] = _fake_testing
sys.modules["math"] = types.ModuleType("math")


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
