"""The blog-famous softmax_grad(s): start from diag(s), fill s_i (1 - s_i) and -s_i s_j in a double loop.

problem: softmax_jacobian
label: bug
bug: it is written for one vector: for a batch (N, K) np.diag takes the diagonal of the input and the loops
    fill a wrong matrix, where the contract asks for (N, K, K); its softmax also subtracts the max from the
    caller's logits in place.
source: https://github.com/LiZhenping/seq2seq_attention/blob/e19f0ceb127f88768c94089388585b675cf58964/softmax.py
repository: LiZhenping/seq2seq_attention ; path: softmax.py ; license: unknown
adapted: rewritten from the behaviour of softmax_grad(softmax(z)) (no line copied); the debugging print is
    left out.
"""

import numpy as np


def _seq2seq_softmax(z):
    z -= np.max(z)
    return (np.exp(z).T / np.sum(np.exp(z), axis=0)).T


def softmax_jacobian(logits):
    s = _seq2seq_softmax(logits)
    jac = np.diag(s)
    for i in range(len(jac)):
        for j in range(len(jac)):
            if i == j:
                jac[i][j] = s[i] * (1 - s[i])
            else:
                jac[i][j] = -s[i] * s[j]
    return jac
