"""tests/unit/ holds pure functions only: a test here that starts a process fails, saying where it belongs.

The `unit` marker promises milliseconds and no sandbox; this keeps the promise as the folder grows.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess

import pytest

MOVE = "unit tests start no process: a test that needs one belongs in tests/ (integration), not tests/unit/"


def _refuse(*args, **kwargs):
    raise AssertionError(MOVE)


@pytest.fixture(autouse=True)
def no_process(monkeypatch):
    monkeypatch.setattr(subprocess.Popen, "__init__", _refuse)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", _refuse)
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system", "execv", "execve"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, _refuse)
