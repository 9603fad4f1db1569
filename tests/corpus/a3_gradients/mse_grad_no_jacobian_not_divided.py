"""2 (y' − ŷ): the gradient with respect to the probabilities, and not divided by N either.

problem: mse_grad_logits
expect: missing-jacobian+not-divided-by-n
must_not: missing-jacobian, not-divided-by-n
"""
import numpy as np


def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    probs = _softmax(z)
    target = np.eye(z.shape[1])[np.asarray(labels).astype(int)]
    return 2 * (probs - target)
