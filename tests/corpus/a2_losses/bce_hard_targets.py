"""Binary cross-entropy that keeps one term per element, chosen by the target: right for 0/1 targets only.

problem: binary_cross_entropy
expect: hard-targets-only
must_not: log-of-zero, sign
"""
import numpy as np


def binary_cross_entropy(targets, probs, eps=1e-12):
    t = np.asarray(targets, dtype=float)
    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)
    return float(np.mean(-np.where(t > 0.5, np.log(p), np.log(1.0 - p))))
