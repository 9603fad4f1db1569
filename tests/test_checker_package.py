"""The student-safe package (autograder/checker/) travels alone: its modules import only each other, the standard
library, numpy, sympy (with its mpmath) and lark, switch on no ImportError of the kit, and import, every one of
them, in a process where the rest of the kit cannot be imported at all."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

from autograder import paths

PACKAGE = paths.PACKAGE_DIR / "checker"
THIRD_PARTY = {"numpy", "sympy", "mpmath", "lark"}
ALLOWED = THIRD_PARTY | set(sys.stdlib_module_names) | {"__future__"}


def _modules() -> dict:
    """Dotted name (autograder.checker.x) -> parsed module, every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(paths.PACKAGE_DIR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _package_of(name: str, path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _imports(name: str, path, tree) -> list:
    """(line, absolute module) of every import statement, nested ones included, relative ones resolved."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package_of(name, path).split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                found += [(node.lineno, module if node.module else f"{module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def test_the_package_imports_only_itself_the_standard_library_numpy_sympy_and_lark():
    wrong = []
    for name, (path, tree) in _modules().items():
        for line, module in _imports(name, path, tree):
            top = module.split(".")[0]
            inside = module == "autograder.checker" or module.startswith("autograder.checker.")
            if (top == "autograder" and not inside) or (top != "autograder" and top not in ALLOWED):
                wrong.append(f"{path.relative_to(paths.PACKAGE_DIR)}:{line} imports {module}")
    assert not wrong, "the student-safe package imports outside its rule:\n" + "\n".join(wrong)


def test_no_module_of_the_package_switches_on_an_import_error_of_its_own():
    """An `except ImportError` may only guard a third-party package a bare kernel may lack (lark), never a module
    of the kit: what the checker needs is provided (sources.py), not looked for."""
    wrong = []
    for name, (path, tree) in _modules().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try):
                continue
            caught = {
                getattr(t, "id", None)
                for handler in node.handlers
                for t in (handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type])
                if t is not None
            }
            if not caught & {"ImportError", "ModuleNotFoundError"}:
                continue
            guarded = [m for line, m in _imports(name, path, ast.Module(body=node.body, type_ignores=[]))]
            if not guarded or any(m.split(".")[0] not in THIRD_PARTY for m in guarded):
                wrong.append(f"{path.relative_to(paths.PACKAGE_DIR)}:{node.lineno} guards {guarded or 'no import'}")
    assert not wrong, "\n".join(wrong)


def test_the_rules_see_what_they_should():
    tree = ast.parse("from ..grading import engine\nfrom . import message\nimport yaml\n")
    found = [m for _, m in _imports("autograder.checker.symbolic.chain", PACKAGE / "symbolic" / "chain.py", tree)]
    assert found == ["autograder.checker.grading", "autograder.checker.symbolic.message", "yaml"]
    tree = ast.parse("from .. import paths")
    found = [m for _, m in _imports("autograder.checker.compare", PACKAGE / "compare.py", tree)]
    assert found == ["autograder.paths"]


DRIVER = textwrap.dedent(
    """
    import importlib, importlib.abc, sys

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            top = name.split(".")[0]
            if top in ("yaml", "jsonschema", "nbformat", "rich", "jinja2", "pytest", "matplotlib", "IPython"):
                raise ImportError("not a dependency of the student-safe package: " + name)
            return None

    archive = sys.argv[1]
    sys.meta_path.insert(0, Refuse())
    sys.path.insert(0, archive)
    from autograder.checker.carried import adopt

    adopt(archive)
    for name in sys.argv[2:]:
        module = importlib.import_module(name)
        assert module.__file__.startswith(archive), (name, module.__file__)
    assert not [n for n in sys.modules if n.split(".")[0] == "autograder" and not n.startswith("autograder.checker")
                and n != "autograder"]
    print("imported", len(sys.argv) - 2)
    """
)


def test_every_module_imports_from_the_archive_alone(tmp_path):
    """In the notebook's world: the archive a set-up cell carries, nothing else of the kit reachable."""
    from autograder.authoring.carry import archive
    from autograder.course import load_course

    assignment = next(a for a in load_course().assignments.values() if a.is_derivation)
    zipped = tmp_path / "checker.zip"
    zipped.write_bytes(archive(assignment, "en", "VISIBLE = True\n"))
    names = sorted(_modules())
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(zipped), *names], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == f"imported {len(names)}"
