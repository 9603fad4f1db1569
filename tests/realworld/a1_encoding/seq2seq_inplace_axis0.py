"""A softmax written next to a Jacobian demo: subtract the max in place, normalise along axis 0.

problem: softmax
label: bug
bug: the max is subtracted from the caller's array in place (its logits change), and the sum is along axis 0:
    a batch (N, K) raises a broadcasting error unless N == K, and is then not normalised along `axis`.
source: https://github.com/LiZhenping/seq2seq_attention/blob/e19f0ceb127f88768c94089388585b675cf58964/softmax.py
repository: LiZhenping/seq2seq_attention ; path: softmax.py ; license: unknown
adapted: rewritten from the behaviour of softmax(z) (no line copied); `axis` is accepted and not used.
"""

import numpy as np


def softmax(logits, axis=-1):
    z = logits
    z -= np.max(z)
    return (np.exp(z).T / np.sum(np.exp(z), axis=0)).T
