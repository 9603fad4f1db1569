"""The visible tests shipped beside each stub, and the conftest that gives them a `student` fixture.

The tests are written by hand in templates/visible_<id>.py (never the grading tests), with the
grader's comparisons and messages: they import the student-safe package autograder.checker, which the grading
engine imports from the kit, and the notebook's set-up cell carries for `check()` and for plain pytest (the
conftest takes it from the notebook beside it). The engine maps a test to its problem
by the longest function-name prefix of the test name, so generation refuses a test that maps to no function
and a function with no test.

A template writes an expected value it cannot show the formula of as `__reference__.softmax(np.array([...]))`:
generation runs the reference solution on that literal input and writes the value in its place, as a literal
array. The shipped tests hold numbers, never the reference's code, and they are baked again whenever a
solution changes (the drift check compares them).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import math
from pathlib import Path

import numpy as np

from .. import catalogue, paths
from ..errors import KitError

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


REFERENCE = "__reference__"


def _literal(value) -> str:
    """A value as Python source that numpy reads back exactly (repr of a float64 round-trips)."""
    if isinstance(value, np.ndarray):
        return f"np.array({_nested(np.asarray(value, dtype=float).tolist())})"
    if isinstance(value, (float, np.floating, int, np.integer)) and not isinstance(value, bool):
        return repr(float(value))
    if isinstance(value, tuple):
        return "(" + ", ".join(_literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    raise KitError(f"cannot write {type(value).__name__} as a literal")


def _nested(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_nested(v) for v in value) + "]"
    return repr(float(value))


def _reference(assignment_id: str, root: Path | None):
    path = paths.solutions_dir(root) / f"{assignment_id}.py"
    spec = importlib.util.spec_from_file_location(f"_baking_reference_{assignment_id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bake(source: str, reference, name: str = "<template>") -> str:
    """Every `__reference__.f(args)` of `source` replaced by the literal value the reference gives there. The
    arguments may use numpy, math and the template's module-level constants."""
    tree = ast.parse(source, name)
    namespace: dict = {"np": np, "math": math}
    for node in tree.body:  # module-level constants, in order (imports and functions are not needed)
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            try:
                value = eval(compile(ast.Expression(node.value), name, "eval"), namespace)  # noqa: S307 - the kit's own template
            except Exception:
                continue
            for target in node.targets:
                namespace[target.id] = value
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == REFERENCE
    ]
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    replacements = []
    for call in calls:
        function = getattr(reference, call.func.attr, None)
        if function is None:
            raise KitError(f"{name}: the reference has no {call.func.attr}")
        args = []
        for a in call.args:
            if isinstance(a, ast.Starred):
                args.extend(eval(compile(ast.Expression(a.value), name, "eval"), namespace))  # noqa: S307
            else:
                args.append(eval(compile(ast.Expression(a), name, "eval"), namespace))  # noqa: S307
        kwargs = {k.arg: eval(compile(ast.Expression(k.value), name, "eval"), namespace) for k in call.keywords}  # noqa: S307
        value = function(*args, **kwargs)
        start = offsets[call.lineno - 1] + len(lines[call.lineno - 1].encode()[: call.col_offset].decode())
        end = offsets[call.end_lineno - 1] + len(lines[call.end_lineno - 1].encode()[: call.end_col_offset].decode())
        replacements.append((start, end, _literal(value)))
    for start, end, text in sorted(replacements, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def visible_tests(assignment_id: str, functions, root: Path | None = None) -> str:
    """The text of assignments/<id>/test_<id>_visible.py: the template, with its reference values baked in."""
    path = TEMPLATES / f"visible_{assignment_id}.py"
    if not path.is_file():
        raise KitError(f"no visible tests for {assignment_id}: write {path}")
    source = path.read_text(encoding="utf-8")
    if REFERENCE in source:
        source = bake(source, _reference(assignment_id, root), path.name)
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


def conftest(assignment, language: str, archive: bytes) -> str:
    """The text of assignments/<id>/conftest.py: the `student` fixture, taking the checker from the archive the
    notebook beside it carries (carry.py), which it knows by its hash."""
    notebook = f"{assignment.id}.ipynb"
    said = {
        "help_submission": catalogue.say("pytest:help_submission", language, default=f"{assignment.id}.py"),
        "help_lang": catalogue.say(
            "pytest:help_lang", language, languages=", ".join(catalogue.languages()), default=language
        ),
        "no_checker": {
            lang: catalogue.say("pytest:no_checker", lang, notebook=notebook) for lang in catalogue.languages()
        },
    }
    text = (TEMPLATES / "conftest_template.py").read_text(encoding="utf-8")
    for placeholder, value in (
        ("__checker__", hashlib.sha256(archive).hexdigest()),
        ("__language__", language),
        ("__said__", json.dumps(said, ensure_ascii=False, indent=4)),
        (PLACEHOLDER, assignment.id),
    ):
        text = text.replace(placeholder, value)
    return text
