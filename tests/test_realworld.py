"""Code from the real world is graded as a careful reading of the contract grades it.

tests/realworld/ holds functions of the contract as public code writes them (CS231n solutions, d2l, numpy-ml,
Deep Learning from Scratch, scikit-learn's and SciPy's helpers, ...), each with its provenance and a label read
against the contract: correct, or the clause it breaks. Each is graded on top of the reference solution under
three identities: a correct one scores its problem in full under every identity, a bug loses points on its problem
under every identity (never by the luck of its inputs).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from helpers import grade_class, problem_points

HERE = Path(__file__).resolve().parent
IDENTITIES = ("rw-ana@example.edu", "rw-bo@example.edu", "rw-chen@example.edu")


def _corpus():
    spec = importlib.util.spec_from_file_location("realworld_load", HERE / "realworld" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["realworld_load"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


CORPUS = _corpus()
ENTRIES = CORPUS.load_entries()


def test_the_corpus_is_large_and_labelled():
    assert len(ENTRIES) >= 40
    assert {e.label for e in ENTRIES} == {"correct", "bug"}
    assert all(e.source and e.repository and (e.label == "correct" or e.bug) for e in ENTRIES)


@pytest.mark.parametrize("assignment", ["a1_encoding", "a2_losses", "a3_gradients"])
def test_every_grade_agrees_with_its_label_under_every_identity(tmp_path, assignment):
    entries = [e for e in ENTRIES if e.assignment == assignment]
    sources = {f"{e.name}--{n}": CORPUS.submission(e) for e in entries for n, _ in enumerate(IDENTITIES)}
    graded = grade_class(sources, assignment, tmp_path)
    wrong = []
    for e in entries:
        scores = [problem_points(graded[f"{e.name}--{n}"], e.problem) for n, _ in enumerate(IDENTITIES)]
        if not CORPUS.agrees(e.label, scores):
            wrong.append((e.key, e.label, scores))
    assert not wrong, wrong
