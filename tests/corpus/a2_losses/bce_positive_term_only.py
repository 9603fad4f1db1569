"""Only t ln p, as the categorical cross-entropy has it: the (1 − t) ln(1 − p) term left out.

problem: binary_cross_entropy
expect: missing-complement-term
must_not: hard-targets-only
"""
import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)
    return float(np.mean(-t * np.log(p)))
