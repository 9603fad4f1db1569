"""The checker that travels: the notebook's practice cell and the visible tests carry the kit's own modules,
and they run in a Python that has sympy, numpy and lark but neither the kit nor the ANTLR runtime."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import paths
from autograder.authoring.embed import expand, module_path, render

REPO = Path(__file__).resolve().parents[2]
FOLDER = paths.assignments_dir() / "a4_derivations"
MODULES = "messages runner tree symbols rebuild parse normal equivalence moves jobs chain practice".split()


def setup_cell() -> str:
    notebook = json.loads((FOLDER / "a4_derivations.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    (cell,) = [c for c in cells if "_kit_embed(" in c]
    return cell


def test_the_shipped_copies_are_the_kit_source_byte_for_byte():
    namespace = {}
    cell = setup_cell()
    start = cell.index("_kit_embed('_a4_checker', ")
    exec("sources = " + cell[start + len("_kit_embed('_a4_checker', "):cell.rindex(")")], namespace)
    sources = namespace["sources"]
    assert sorted(sources) == sorted(MODULES)
    for name, text in sources.items():
        assert text == module_path("autograder.symbolic", name).read_text(encoding="utf-8"), name
    tests = (FOLDER / "test_a4_derivations_visible.py").read_text(encoding="utf-8")
    assert render("autograder.symbolic", "_a4_checker", MODULES, "    ") in tests


def test_a_marker_line_is_replaced_at_its_indent():
    text = "if True:\n    # <kit-embed autograder.symbolic as _probe: runner>\n    import _probe.runner\n"
    code = expand(text)
    assert "# <kit-embed" not in code and code.startswith("if True:\n    # The kit's own runner")
    namespace = {}
    exec(compile(code, "<probe>", "exec"), namespace)
    assert sys.modules["_probe.runner"].InlineRunner().run([]) == []
    for name in [n for n in sys.modules if n.startswith("_probe")]:
        del sys.modules[name]


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


def test_the_practice_cell_runs_latex_steps_in_a_kernel_without_the_kit_or_antlr(tmp_path):
    site = _bare_python(tmp_path)
    script = tmp_path / "kernel.py"
    script.write_text(setup_cell() + '''

import importlib.util, sys
for missing in ("autograder", "antlr4"):
    assert importlib.util.find_spec(missing) is None, missing
from sympy import exp, symbols
z1, z2 = symbols("z1 z2", real=True)
chain = [exp(z1) / (exp(z1) + exp(z2)), r"\\frac{1}{1+e^{-z_1} e^{z_2}}", r"\\frac{1}{1+e^{-(z_1-z_2)}}"]
grade = check_chain("sigmoid_softmax_equivalence", chain, LANG)
print(report(grade))
leap = check_chain("sigmoid_softmax_equivalence", [chain[0], chain[2]], "zh-TW")
print(report(leap, 20))
''', encoding="utf-8")
    code = f"import sys; sys.path.insert(0, {str(site)!r}); exec(open({str(script)!r}).read())"
    run = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = run.stdout
    assert "✓ step 1 follows from step 0: divided top and bottom by exp(z1) (sympy proved it)" in out
    assert "✓ step 2 follows from step 1: used exp(a)·exp(b) = exp(a + b) (sympy proved it)" in out
    assert "→ this chain would earn 100 % of the problem's points" in out
    assert "✗ 第 1 步正確但跨得太大" in out and "→ 這條推導可得 20 分中的 8 分" in out


@pytest.mark.parametrize("kind", ["solution", "leap"])
def test_the_visible_tests_run_with_plain_pytest_and_the_carried_checker(tmp_path, kind):
    """Without the kit on the path the visible tests fall back to the copy they carry, and say the same."""
    folder = tmp_path / "a4"
    folder.mkdir()
    for name in ("test_a4_derivations_visible.py", "conftest.py"):
        (folder / name).write_text((FOLDER / name).read_text(encoding="utf-8"), encoding="utf-8")
    source = (paths.solutions_dir() / "a4_derivations.py").read_text(encoding="utf-8")
    if kind == "leap":
        source = source.replace("        1 / (1 + exp(z2) / exp(z1)),  # divide top and bottom by exp(z1)\n", "")
    (folder / "mine.py").write_text(source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # -I: no user site and no PYTHONPATH; the editable kit is hidden by running from a copy that blocks it
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\nclass _NoKit:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'autograder' or name.startswith('autograder.'):\n            raise ImportError(name)\n"
        "sys.meta_path.insert(0, _NoKit())\n", encoding="utf-8")
    env["PYTHONPATH"] = str(blocker)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--submission=mine.py"],
                         cwd=folder, capture_output=True, text=True, timeout=300, env=env)
    if kind == "solution":
        assert run.returncode == 0, run.stdout[-3000:]
    else:
        assert run.returncode == 1 and "1 failed, 9 passed" in run.stdout, run.stdout[-3000:]
        assert "step 1 is true but too large" in run.stdout and "this chain would earn 40 % of the problem's points" in run.stdout
