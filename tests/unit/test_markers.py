"""The markers that pick what `make check` runs: one kind per test by its folder, and a SLOW list that names
only tests that exist (a renamed test would otherwise slip back into the quick loop, or out of it, unseen)."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
KINDS = {"unit", "integration", "adversarial"}


def load_conftest():
    """tests/conftest.py as a plain module (pytest registered it already; this copy only reads its lists)."""
    spec = importlib.util.spec_from_file_location("kit_tests_conftest", TESTS / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


conftest = load_conftest()


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


@pytest.mark.parametrize("module", sorted(conftest.SLOW))
def test_every_slow_name_is_a_test_that_exists(module):
    path = TESTS / module
    assert path.is_file(), f"SLOW names {module}, which is not a file under tests/"
    listed = conftest.SLOW[module]
    if listed != conftest.EVERY_TEST:
        assert listed <= defined_tests(path), f"not in {module}: {sorted(listed - defined_tests(path))}"


@pytest.mark.parametrize(
    "relative, kind",
    [
        ("unit/test_wire.py", "unit"),
        ("unit/symbolic/test_moves.py", "unit"),
        ("adversarial/test_attacks.py", "adversarial"),
        ("symbolic/test_chain.py", "integration"),
        ("test_engine.py", "integration"),
    ],
)
def test_the_kind_comes_from_the_first_folder(relative, kind):
    assert conftest.kind_of(Path(relative)) == kind


def test_slow_is_a_whole_module_or_the_named_tests():
    assert conftest.is_slow(Path("test_nbgrader.py"), "test_anything")
    assert conftest.is_slow(Path("test_engine.py"), "test_reference_solution_scores_full_marks")
    assert not conftest.is_slow(Path("test_engine.py"), "test_allclose_patch_earns_nothing")
    assert not conftest.is_slow(Path("unit/test_wire.py"), "test_reference_solution_scores_full_marks")


def test_nothing_under_unit_is_listed_as_slow():
    assert not [m for m in conftest.SLOW if m.startswith("unit/")]


def test_every_marker_the_hook_gives_is_declared(pytestconfig):
    declared = {line.split(":")[0].strip() for line in pytestconfig.getini("markers")}
    assert KINDS | {"slow"} <= declared
    assert set(conftest.KIND_BY_FOLDER.values()) | {conftest.DEFAULT_KIND} == KINDS


def test_this_test_was_marked_unit_and_not_slow(request):
    names = {mark.name for mark in request.node.iter_markers()}
    assert "unit" in names and not names & {"integration", "adversarial", "slow"}
