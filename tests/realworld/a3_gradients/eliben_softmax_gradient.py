"""Eli Bendersky's softmax_gradient: -outer(S, S) + diag(S) from a softmax over the whole array.

problem: softmax_jacobian
label: bug
bug: it handles one vector only: for a batch (N, K) the softmax is taken over all N*K logits and np.outer
    flattens it, giving one (N*K, N*K) matrix instead of N Jacobians of shape (K, K).
source: https://github.com/eliben/deep-learning-samples/blob/01a1621cddb188f5c0019bd6a68a629fbc4d761b/softmax/softmax.py
repository: eliben/deep-learning-samples ; path: softmax/softmax.py ; license: LicenseRef-PublicDomain
    (the file says "This code is in the public domain")
adapted: rewritten from the behaviour of softmax_gradient(z) and softmax(z) (no line copied).
"""

import numpy as np


def _eliben_softmax(z):
    shiftz = z - np.max(z)
    exps = np.exp(shiftz)
    return exps / np.sum(exps)


def softmax_jacobian(logits):
    s = _eliben_softmax(logits)
    return -np.outer(s, s) + np.diag(s.flatten())
