"""The checker that travels: the notebook's set-up cell and the conftest carry the kit's own modules and the
catalogue entries they speak, and they run in a Python that has sympy, numpy and lark but neither the kit,
PyYAML nor the ANTLR runtime."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import paths
from autograder.authoring import carried
from autograder.authoring.embed import Bundle, carried_in, expand, module_path
from autograder.authoring.visible import TEMPLATES
from autograder.course import load_course

FOLDER = paths.assignments_dir() / "a4_derivations"


def setup_cell() -> str:
    notebook = json.loads((FOLDER / "a4_derivations.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    (cell,) = [c for c in cells if "_kit_embed(" in c]
    return cell


@pytest.mark.parametrize("where", ["notebook", "conftest"])
def test_the_shipped_copies_are_the_kit_source_byte_for_byte(where):
    text = setup_cell() if where == "notebook" else (FOLDER / "conftest.py").read_text(encoding="utf-8")
    ((sources, values),) = carried_in(text)
    modules = carried.modules(load_course().assignment("a4_derivations"), notebook=where == "notebook")
    assert sorted(set(sources) - {"selfcheck.visible"}) == sorted(modules)
    for name in modules:
        assert sources[name] == module_path(name).read_text(encoding="utf-8"), name
    if where == "notebook":  # the visible checks themselves, as the folder's test file holds them
        assert sources["selfcheck.visible"] == (TEMPLATES / "visible_a4_derivations.py").read_text(encoding="utf-8")
    entries = values["catalogue.carried"]["ENTRIES"]
    assert set(entries) == {"en", "zh-TW"} and "derivation:step_false" in entries["zh-TW"]
    assert not any(key.startswith("check:a4_derivations:") for key in entries["en"]), "no hidden check's name travels"
    assert values["selfcheck.course"]["ASSIGNMENT"] == "a4_derivations"


def test_a_marker_line_is_replaced_at_its_indent():
    text = "if True:\n    # <kit-embed probe>\n    import _kit.symbolic.runner\n"
    code = expand(text, lambda name: Bundle(["symbolic.runner"], values={"probe": {"NAME": name}}))
    assert "# <kit-embed" not in code and code.startswith("if True:\n    # The kit's own symbolic.runner")
    namespace = {}
    try:
        exec(compile(code, "<probe>", "exec"), namespace)
        assert sys.modules["_kit.symbolic.runner"].InlineRunner().run([]) == []
        import _kit.probe

        assert _kit.probe.NAME == "probe"
    finally:
        for name in [n for n in sys.modules if n == "_kit" or n.startswith("_kit.")]:
            del sys.modules[name]
        sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "alias", None) != "_kit"]


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
for missing in ("autograder", "antlr4", "yaml"):
    assert importlib.util.find_spec(missing) is None, missing
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
    code = f"import sys; sys.path.insert(0, {str(site)!r}); exec(open({str(script)!r}).read())"
    run = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    first, second = run.stdout.split("PASSED True")
    assert "✓ every step follows from the one before, one move at a time, from the start to the goal" in first
    assert "→ sigmoid_softmax_equivalence: all 2 visible checks pass." in first
    assert "✗ 第 1 步正確但跨得太大" in second and "→ 這條推導可得本題 0% 的分數" in second
    assert "提示 1/3（概念）" in second and second.rstrip().endswith("PASSED False")


@pytest.mark.parametrize("kind", ["solution", "leap"])
def test_the_visible_tests_run_with_plain_pytest_and_the_carried_checker(tmp_path, kind):
    """Without the kit on the path the conftest's carried checker runs the visible tests, and says the same."""
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
        "sys.meta_path.insert(0, _NoKit())\n",
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
