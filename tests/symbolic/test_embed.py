"""The checker that travels: the notebook's set-up cell carries the kit's own student-safe package (minified:
every line where it was) and the catalogue entries it speaks, the conftest takes it from there, and both run in
a Python that has sympy, numpy and lark but neither the kit, PyYAML nor the ANTLR runtime."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import paths
from autograder.authoring.carry import PACKAGE, minified, payloads_in

FOLDER = paths.assignments_dir() / "a4_derivations"


def setup_cell() -> str:
    notebook = json.loads((FOLDER / "a4_derivations.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    (cell,) = [c for c in cells if "_set_up(" in c]
    return cell


def test_the_shipped_archive_is_the_kit_package_minified():
    (files,) = payloads_in(setup_cell())
    package = sorted(p for p in PACKAGE.rglob("*.py"))
    assert sorted(n for n in files if n.startswith("autograder/checker/")) == sorted(
        f"autograder/checker/{p.relative_to(PACKAGE).as_posix()}" for p in package
    )
    for path in package:
        source = path.read_text(encoding="utf-8")
        carried = files[f"autograder/checker/{path.relative_to(PACKAGE).as_posix()}"]
        assert carried == minified(source), path
        assert len(carried.splitlines()) == len(source.splitlines()), f"{path}: a line number means the same"
    visible = (FOLDER / "test_a4_derivations_visible.py").read_text(encoding="utf-8")
    assert files["visible.py"] == minified(visible)
    data = json.loads(files["carried.json"])
    entries = data["catalogue"]
    assert set(entries) == {"en", "zh-TW"} and "derivation:step_false" in entries["zh-TW"]
    assert not any(key.startswith("check:a4_derivations:") for key in entries["en"]), "no hidden check's name travels"
    assert data["assignment"] == "a4_derivations" and list(data["derivations"]) == [p for p, _ in data["points"]]


def test_minified_keeps_every_line_and_the_program():
    source = (
        '"""A module."""\n\nimport os  # why\n\n\nclass Empty(Exception):\n    """Only a docstring."""\n\n\n'
        'def f(x):\n    """What f does,\n    on two lines."""\n    text = "# not a comment"  # a comment\n'
        "    return x + 1\n"
    )
    out = minified(source)
    assert len(out.splitlines()) == len(source.splitlines())
    assert "why" not in out and "What f does" not in out and '"# not a comment"' in out
    assert "    pass" in out.splitlines()[6], "a body that was only its docstring keeps a statement"
    namespace: dict = {}
    exec(compile(out, "<minified>", "exec"), namespace)
    assert namespace["f"](1) == 2 and issubclass(namespace["Empty"], Exception)
    assert ast.parse(out).body[-1].lineno == ast.parse(source).body[-1].lineno


def _bare_python(tmp_path) -> Path:
    """A folder holding only sympy, mpmath, numpy and lark (links to this environment's copies)."""
    import lark
    import mpmath
    import numpy
    import sympy

    site = tmp_path / "site"
    site.mkdir()
    for module in (sympy, mpmath, numpy, lark):
        folder = Path(module.__file__).parent
        os.symlink(folder, site / folder.name)
    libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    if libs.is_dir():
        os.symlink(libs, site / "numpy.libs")
    return site


def test_the_setup_cell_checks_latex_steps_in_a_kernel_without_the_kit_yaml_or_antlr(tmp_path):
    site = _bare_python(tmp_path)
    script = tmp_path / "kernel.py"
    script.write_text(
        setup_cell()
        + """

import importlib.util, sys
for missing in ("antlr4", "yaml"):
    assert importlib.util.find_spec(missing) is None, missing
assert sys.modules["autograder"].__file__.endswith("checker.zip/autograder/__init__.py"), "the carried package"
from sympy import exp, symbols
z1, z2 = symbols("z1 z2", real=True)
chain = [exp(z1) / (exp(z1) + exp(z2)), r"\\frac{1}{1+e^{-z_1} e^{z_2}}", r"\\frac{1}{1+e^{-(z_1-z_2)}}"]

def sigmoid_softmax_equivalence():
    return chain

print("PASSED", check("sigmoid_softmax_equivalence"))

def sigmoid_softmax_equivalence():
    return [chain[0], chain[2]]

check.lang = "zh-TW"
print("PASSED", check("sigmoid_softmax_equivalence"))
""",
        encoding="utf-8",
    )
    code = (
        f"import sys, importlib.util; sys.path.insert(0, {str(site)!r}); "
        "assert importlib.util.find_spec('autograder') is None, 'no kit'; "
        f"exec(open({str(script)!r}).read())"
    )
    run = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    first, second = run.stdout.split("PASSED True")
    assert "Out" not in run.stdout
    assert "✓ every step follows from the one before, one move at a time, from the start to the goal" in first
    assert "→ sigmoid_softmax_equivalence: all 2 visible checks pass." in first
    assert "✗ 第 1 步正確但跨得太大" in second and "→ 這條推導可得本題 0% 的分數" in second
    assert "提示 1/3（概念）" in second and second.rstrip().endswith("PASSED False")


@pytest.mark.parametrize("kind", ["solution", "leap"])
def test_the_visible_tests_run_with_plain_pytest_and_the_carried_checker(tmp_path, kind):
    """Without the kit on the path the checker the notebook beside carries runs the visible tests, and says the same."""
    folder = tmp_path / "a4"
    folder.mkdir()
    for name in ("test_a4_derivations_visible.py", "conftest.py", "a4_derivations.ipynb"):
        (folder / name).write_text((FOLDER / name).read_text(encoding="utf-8"), encoding="utf-8")
    source = (paths.solutions_dir() / "a4_derivations.py").read_text(encoding="utf-8")
    if kind == "leap":
        source = source.replace("        1 / (1 + exp(z2) / exp(z1)),  # divide top and bottom by exp(z1)\n", "")
    (folder / "mine.py").write_text(source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # The editable kit is taken off the import system before pytest starts: only the carried package is there.
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import importlib.util, sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in getattr(f, '__module__', '')]\n"
        "sys.path_hooks[:] = [h for h in sys.path_hooks if '__editable__' not in getattr(h, '__module__', '')]\n"
        "sys.path_importer_cache.clear()\n"
        "assert importlib.util.find_spec('autograder') is None, 'the kit is still importable'\n",
        encoding="utf-8",
    )
    env["PYTHONPATH"] = str(blocker)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--submission=mine.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    if kind == "solution":
        assert run.returncode == 0, run.stdout[-3000:]
    else:
        assert run.returncode == 1 and "1 failed, 9 passed" in run.stdout, run.stdout[-3000:]
        assert (
            "step 1 is true but too large" in run.stdout
            and "this chain would earn 0 % of the problem's points" in run.stdout
        )
