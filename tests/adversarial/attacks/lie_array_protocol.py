"""Attack: softmax returns an object whose __array__ and __array_interface__ claim a perfect answer (rows of 1/K that sum to 1)
and whose __len__/__getitem__ act like a list: whoever converts it with np.asarray sees what it wants.

The outcome the grader must give is in tests/adversarial/expected.yml under lie_array_protocol.py.
"""

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


class LooksLikeAnArray:
    def __init__(self, shape):
        self.shape = shape

    def __array__(self, dtype=None, copy=None):
        return np.full(self.shape, 1.0 / self.shape[-1])

    @property
    def __array_interface__(self):
        return self.__array__().__array_interface__

    def __len__(self):
        return self.shape[0]

    def __getitem__(self, i):
        return self.__array__()[i]

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def softmax(logits, axis=-1):
    return LooksLikeAnArray(np.shape(logits))


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
