"""A lab's cross_entropy: the mean over the batch of -sum t ln p, with nothing protecting the log.

problem: cross_entropy
label: bug
bug: probabilities are not clipped to [eps, 1]: a probability of 0 gives inf where its target is positive and
    0 * -inf = nan where it is 0, with RuntimeWarnings.
source: https://github.com/ThePrinceInExile312/DLlab/blob/f4ce8b93b355712e23c7c19eed9897c09eaf91b3/DL2.py
repository: ThePrinceInExile312/DLlab ; path: DL2.py ; license: unknown
adapted: rewritten from the behaviour of cross_entropy(y_true, y_pred) (no line copied); eps is accepted and
    not used.
"""

import numpy as np


def cross_entropy(targets, probs, eps=1e-12):
    return -np.mean(np.sum(targets * np.log(probs), axis=1))
