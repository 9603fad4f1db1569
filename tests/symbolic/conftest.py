"""Fixtures for the symbolic checker: the reference chains (read from solutions/ by path) and a fresh pool."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from autograder.grading import budget as budget_module

REPO = Path(__file__).resolve().parents[2]
PROBLEMS = (
    "sigmoid_softmax_equivalence",
    "softmax_shift_invariance",
    "cross_entropy_is_nll",
    "softmax_ce_gradient",
    "mse_softmax_gradient",
)


def load_reference():
    spec = importlib.util.spec_from_file_location("a4_reference_for_tests", REPO / "solutions" / "a4_derivations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def chains(reference):
    return {name: getattr(reference, name)() for name in PROBLEMS}


@pytest.fixture(scope="module", autouse=True)
def fresh_pool():
    """Each test module starts with its own workers and an empty cache, and leaves none running."""
    pool = budget_module.reset_default(workers=2)
    yield pool
    pool.close()
