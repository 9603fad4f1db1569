"""The kit's modules import only downward, never in a circle, and never a module of the kit by a name in a string.

Every module under autograder/ is read with `ast`: its imports at the top and inside functions alike (an import in a
function is one that runs later, not one that does not count), relative ones resolved. Importing
`autograder.a.b` from outside package `a` also runs `autograder/a/__init__.py`, so that counts as an import of the
package too; the root package (autograder/__init__.py) is left out of that rule, since it runs first for every
module of the kit, whoever imports what.

LAYERS, lowest first; a module may import its own unit and any unit of a lower layer, never one of its own layer
(the units of one layer are independent of each other) or of a higher one:

 0. checker — the student-safe package: travels alone to notebooks, so it imports nothing else of the kit (what it
    needs is provided to it, checker/sources.py; tests/test_checker_package.py holds its third-party rule).
 1. catalogue — every sentence the kit shows: the checker's catalogue, given the kit's YAML files.
 2. errors, paths, atomic, heavy_imports, version — the vocabulary every part uses: the error a user can fix (in the
    catalogue's words), where things are, atomic writes, how heavy libraries are imported, the version.
 3. roster, student_files, derivation_data — what the kit reads from files before it grades anything: the class,
    a student's files read safely, the derivations declared beside the graders.
 4. course, submission — course.yml (with its roster) and one student's submission (read from student files).
 5. sandbox — the isolated student process and its wire; it speaks the checker's values (checker/values.py,
    checker/symbolic/tree.py), which sit below it, and knows nothing of grading.
 6. grading — the engine: runs a submission in the sandbox, scores it, writes results.json.
 7. graders, authoring — course data and what is made from it: the hidden checks (loaded by the engine from
    their file, as plugins, never imported by it), and the student material generated from solutions/ (which
    needs the course and the checker, not the engine: grading never imports authoring).
 8. reporting — pages, the class report and similarity, from results; it does not know how a class was graded.
 9. batch — grading a class: discovers, schedules (local threads or Dask), stores results, then writes the
    pages and the report through reporting.
10. gradebook, integrations — the doors over batches and over other systems (nbgrader, Gradescope, Classroom,
    Canvas), each built on the grading and the batches below.
11. dry_run — `check-course --dry-run`: every door tried on the reference, so it sits above the doors.
12. cli, the root package — the `autograder` command, which reaches every part (lazily, inside each command), and
    the package's wiring (autograder/__init__.py), which provides the checker its sources from the layers below.
13. __main__ — `python -m autograder`.

BY_NAME lists the only places a module is imported by a name in a string (`__import__`, `import_module`), with why:
such an import is invisible to the rules above.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

from autograder import paths

LAYERS = [
    ("checker",),
    ("catalogue",),
    ("errors", "paths", "atomic", "heavy_imports", "version"),
    ("roster", "student_files", "derivation_data"),
    ("course", "submission"),
    ("sandbox",),
    ("grading",),
    ("graders", "authoring"),
    ("reporting",),
    ("batch",),
    ("gradebook", "integrations"),
    ("dry_run",),
    ("cli", ""),  # "": the root package, autograder/__init__.py
    ("__main__",),
]
BY_NAME = {
    "batch/cluster.py": "a worker's first check: `importlib.import_module` sent to the worker as a standard-library "
    "call that imports the kit there (a call naming the kit's own function could not even be read by a worker "
    "without the kit); nothing is imported in this process",
}
ROOT = "autograder"


def _modules(package: Path = paths.PACKAGE_DIR) -> dict:
    """Dotted name -> (path, parsed module), every module of the package."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = (package.name, *path.relative_to(package).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _imported(name: str, path: Path, tree: ast.AST, known: set) -> list:
    """(line, module) of every module of `known` this module imports, at any depth; `from a import b` is module a.b
    when that is a module, else a; relative imports resolved."""
    found = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` of a name inside a module: the module
                target = target.rpartition(".")[0]
            if target:
                found.append((node.lineno, target))
    return found


def _graph(modules: dict) -> dict:
    """module -> {imported module: first line}, package __init__s run on the way included (the root's excepted)."""
    known = set(modules)
    graph: dict = {name: {} for name in modules}
    for name, (path, tree) in modules.items():
        for line, target in _imported(name, path, tree, known):
            parts = target.split(".")
            runs = [".".join(parts[:i]) for i in range(2, len(parts))] + [target]
            for module in runs:
                inside = name == module or name.startswith(module + ".")
                if module != name and module in known and not (inside and module != target):
                    graph[name].setdefault(module, line)
    return graph


def _unit(module: str, root: str = ROOT) -> str:
    """The unit of LAYERS a module belongs to: its folder (or its own name) under the root; "" for the root."""
    return "" if module == root else module.split(".")[1]


def _layer_of(unit: str, layers: list = LAYERS) -> int | None:
    return next((i for i, units in enumerate(layers) if unit in units), None)


def _wrong_way(graph: dict, modules: dict, layers: list = LAYERS, root: str = ROOT) -> list:
    """Every import of a unit of the same or a higher layer, as 'file:line: a -> b (why)'."""
    wrong = []
    for name, targets in sorted(graph.items()):
        unit = _unit(name, root)
        for target, line in sorted(targets.items()):
            other = _unit(target, root)
            if other == unit:
                continue
            mine, theirs = _layer_of(unit, layers), _layer_of(other, layers)
            if theirs > mine:
                why = f"layer {theirs} above {mine}"
            elif theirs == mine:
                why = f"both of layer {mine}, which are independent"
            else:
                continue
            path = modules[name][0]
            depth = len(name.split(".")) - (0 if path.name == "__init__.py" else 1)
            wrong.append(f"{path.relative_to(path.parents[depth]).as_posix()}:{line}: {name} -> {target} ({why})")
    return wrong


def _cycle(graph: dict) -> list:
    """One circle of imports (module, module, ..., first module again), or [] when there is none."""
    try:
        graphlib.TopologicalSorter({name: set(targets) for name, targets in graph.items()}).prepare()
    except graphlib.CycleError as exc:
        return list(exc.args[1])
    return []


def _by_name(modules: dict, package: Path = paths.PACKAGE_DIR) -> dict:
    """file (relative to the package) -> lines where `__import__` or `import_module` is used (called or passed)."""
    found: dict = {}
    for _, (path, tree) in modules.items():
        for node in ast.walk(tree):
            named = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if named in ("__import__", "import_module") or (
                isinstance(node, ast.ImportFrom) and any(a.name == "import_module" for a in node.names)
            ):
                found.setdefault(path.relative_to(package).as_posix(), set()).add(node.lineno)
    return {where: sorted(lines) for where, lines in found.items()}


# ---- the kit ---------------------------------------------------------------------------------------------------
def test_every_module_has_a_layer():
    units = {_unit(name) for name in _modules()}
    placed = {unit for layer in LAYERS for unit in layer}
    assert not units - placed, f"modules of no layer (add them to LAYERS, with why): {sorted(units - placed)}"
    assert not placed - units, f"layers name what is not there any more: {sorted(placed - units)}"
    assert sum(len(layer) for layer in LAYERS) == len(placed), "a unit is in two layers"


def test_no_import_from_a_higher_layer():
    modules = _modules()
    wrong = _wrong_way(_graph(modules), modules)
    assert not wrong, "imports against the layers (see this file's docstring):\n" + "\n".join(wrong)


def test_no_circle_between_modules():
    cycle = _cycle(_graph(_modules()))
    assert not cycle, "modules import each other in a circle: " + " -> ".join(cycle)


def test_no_module_is_imported_by_a_name_in_a_string():
    found = _by_name(_modules())
    new = sorted(set(found) - set(BY_NAME))
    assert not new, "imports by name (import plainly, inside the function if it must be lazy): " + ", ".join(
        f"autograder/{where}:{found[where]}" for where in new
    )
    gone = sorted(set(BY_NAME) - set(found))
    assert not gone, f"no longer imported by name there, delete from BY_NAME: {gone}"


# ---- the rules themselves --------------------------------------------------------------------------------------
def _package(tmp_path: Path, files: dict) -> dict:
    package = tmp_path / "kit"
    for relative, text in files.items():
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return _modules(package)


def test_the_rules_see_what_they_should(tmp_path):
    """Nested and relative imports are seen, a package's __init__ runs when a module inside it is imported from
    outside, an upward import and one between independent units fail, a circle through a function's import is
    found, and an import by name is found whether called or passed."""
    modules = _package(
        tmp_path,
        {
            "__init__.py": "",
            "low.py": "def f():\n    from .top import g\n",  # upward, inside a function
            "mid/__init__.py": "from .b import y\n",
            "mid/a.py": "from ..low import f\nfrom . import b\n",
            "mid/b.py": "def h():\n    from kit.mid import a\n",  # a circle a -> b -> a, through a function
            "side.py": "import kit.mid.a\n",  # runs mid/__init__.py too
            "top.py": "import importlib\nimportlib.import_module('kit.low')\nx = __import__\n",
        },
    )
    layers = [("low",), ("mid", "side"), ("top", "")]
    graph = _graph(modules)
    assert graph["kit.low"] == {"kit.top": 2}
    assert set(graph["kit.mid.a"]) == {"kit.low", "kit.mid.b"} and graph["kit.mid.b"] == {"kit.mid.a": 2}
    assert set(graph["kit.side"]) == {"kit.mid", "kit.mid.a"}
    wrong = _wrong_way(graph, modules, layers, root="kit")
    assert any("kit.low -> kit.top (layer 2 above 0)" in line for line in wrong)
    assert any("kit.side -> kit.mid.a (both of layer 1" in line for line in wrong)
    assert len(wrong) == 3  # low -> top, side -> mid, side -> mid.a: nothing else
    cycle = _cycle(graph)
    assert set(cycle) == {"kit.mid.a", "kit.mid.b"}
    assert _by_name(modules, tmp_path / "kit") == {"top.py": [2, 3]}
