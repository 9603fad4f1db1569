"""Distances without the square root: ‖eᵢ − eⱼ‖².

problem: encoding_distances
expect: squared-distance
"""
import numpy as np


def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    diff = e[:, None, :] - e[None, :, :]
    return np.sum(diff * diff, axis=-1)
