"""Which graders a grade was made with, and the warm graders a long-lived process keeps between submissions.

Every results.json names its graders by `graders_digest` (its graders_sha256). A grader kept warm for the next
submission (a batch's threads, a Dask worker from one batch to the next, nbgrader's autograde in a formgrader
that stays up) is reused only while its graders file still has the digest it was started with: checks edited
under a long-lived process start a fresh grader instead of grading on with the old ones.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path


def graders_digest(path: Path) -> str:
    """The sha256 of a graders file: results.json's graders_sha256, and how a warm grader knows it is current."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _current_digest(path: Path) -> str:
    try:
        return graders_digest(path)
    except OSError:  # gone: starting a grader says so, with the path
        return ""


class WarmGraders:
    """Started graders by key, each reused while its graders file is unchanged; beyond `size` (when given), the
    least recently used is closed."""

    def __init__(self, size: int | None = None, close: Callable[[object], None] | None = None):
        self.size = size
        self._close = close or (lambda grader: grader.close())
        self._kept: OrderedDict = OrderedDict()  # key -> (grader, digest of its graders file when it started)

    def get(self, key, graders: Path, start: Callable[[], object]):
        """The grader kept under `key` if `graders` is the file it started with, else a new one from `start()`."""
        digest = _current_digest(graders)
        kept = self._kept.get(key)
        if kept is not None and kept[1] == digest:
            self._kept.move_to_end(key)
            return kept[0]
        if kept is not None:
            del self._kept[key]
            self._close(kept[0])
        grader = start()
        self._kept[key] = (grader, digest)
        while self.size is not None and len(self._kept) > self.size:
            self._close(self._kept.popitem(last=False)[1][0])
        return grader

    def close_all(self) -> None:
        kept, self._kept = list(self._kept.values()), OrderedDict()
        for grader, _digest in kept:
            self._close(grader)


__all__ = ["graders_digest", "WarmGraders"]
