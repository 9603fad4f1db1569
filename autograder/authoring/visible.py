"""The visible tests shipped beside each stub, and the conftest that gives them a `student` fixture.

The tests are written by hand in templates/visible_<id>.py (sanity checks, never the grading tests), with the
grader's comparisons and messages (`_kit`, which the conftest carries for plain pytest, the notebook for
`check()`, and the kit itself stands in for under the grading engine). The engine maps a test to its problem
by the longest function-name prefix of the test name, so generation refuses a test that maps to no function
and a function with no test.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ..errors import KitError
from .carried import bundle
from .embed import expand

TEMPLATES = Path(__file__).resolve().parent / "templates"
PLACEHOLDER = "__assignment__"


def problem_of(test_name: str, functions) -> str | None:
    """The function a test checks: the longest name `f` with test_name starting with `test_f`."""
    candidates = [f for f in functions if test_name.startswith(f"test_{f}")]
    return max(candidates, key=len) if candidates else None


def visible_tests_by_function(source: str, functions) -> dict:
    """function name -> names of the top-level test functions that check it (unmapped tests under None)."""
    mapping: dict = {f: [] for f in functions}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            mapping.setdefault(problem_of(node.name, functions), []).append(node.name)
    return mapping


def visible_tests(assignment_id: str, functions) -> str:
    """The text of assignments/<id>/test_<id>_visible.py."""
    path = TEMPLATES / f"visible_{assignment_id}.py"
    if not path.is_file():
        raise KitError(f"no visible tests for {assignment_id}: write {path}")
    source = path.read_text(encoding="utf-8")
    mapping = visible_tests_by_function(source, functions)
    if mapping.get(None):
        raise KitError(
            f"{path.name}: {mapping[None][0]} names no function of {assignment_id} "
            f"(a test name starts with test_<function>)"
        )
    untested = [f for f in functions if not mapping[f]]
    if untested:
        raise KitError(f"{path.name}: no visible test for {', '.join(untested)}")
    return source


def conftest(assignment, language: str) -> str:
    """The text of assignments/<id>/conftest.py: the `student` fixture, and the checker it carries (see embed.py)."""
    text = (TEMPLATES / "conftest_template.py").read_text(encoding="utf-8").replace(PLACEHOLDER, assignment.id)
    return expand(text, lambda name: bundle(name, assignment, language))
