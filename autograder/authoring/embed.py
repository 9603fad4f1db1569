"""Kit modules that travel inside what students get (a notebook cell, a conftest.py), as their own source.

A plain Jupyter or Colab kernel has no kit installed and nothing beside the notebook, yet its checks should
run the same code the grader runs, not a copy that drifts. So a template marks a place with one line,
indented as the code around it:

    # <kit-embed checker>              the visible checks' comparisons, messages and runner (conftest.py)
    # <kit-embed notebook-checker>     the same, plus the visible checks themselves and `check()` (a notebook)

and `expand(text, bundles)` replaces that line with generated code holding those modules'
source, verbatim from the kit's files, the catalogue entries they speak (carried.py says which), and a small
import hook that serves them as the package `_kit`, laid out as the kit is (autograder/grading/compare.py is
`_kit.grading.compare`), so relative imports between them work as in the kit. After it,
`from _kit.grading.compare import expect_array` works with nothing but numpy (and sympy, lark for a4). A
carried module must not import the rest of the kit (a relative import of a module left out raises
ImportError, which such a module can catch to fall back).

Where the kit is installed, the grading engine runs the visible checks with the kit itself standing in for
`_kit` (`kit_stands_in`): the same source, the kit's own classes, its killable workers.

`autograder generate` expands the markers, so regenerating is the only way the shipped copies change, and
the drift check (`autograder generate --check`, release) keeps them byte-for-byte equal to the kit.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KitError

ALIAS = "_kit"
KIT = "autograder"
MARKER = re.compile(r"^(?P<indent>[ \t]*)# <kit-embed (?P<bundle>[\w-]+)>[ \t]*$", re.M)
CALL = (
    f"_kit_embed({ALIAS!r}, "  # how a carried bundle starts in a file, and how it ends (the leak check reads it back)
)
END = "# </kit-embed>"

_BOOTSTRAP = '''\
import importlib.util as _kit_importlib_util


class _KitCarried:
    """Serves <alias>.<module> from the sources below (an import hook: finder and loader in one)."""

    def __init__(self, alias, sources, values):
        self.alias, self.sources, self.values = alias, sources, values
        names = list(sources) + list(values)
        self.packages = {""} | {n for n in sources if any(m.startswith(n + ".") for m in names)}
        self.packages |= {".".join(n.split(".")[:i]) for n in names for i in range(1, n.count(".") + 1)}

    def find_spec(self, name, path=None, target=None):
        if name != self.alias and not name.startswith(self.alias + "."):
            return None
        short = name[len(self.alias) + 1:]
        if short in self.packages:
            return _kit_importlib_util.spec_from_loader(name, self, is_package=True)
        if short in self.sources or short in self.values:
            return _kit_importlib_util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        short = module.__name__[len(self.alias) + 1:]
        if short in self.sources:
            module.__file__ = "<" + self.alias + "/" + short.replace(".", "/") + ".py>"
            exec(compile(self.sources[short], module.__file__, "exec"), module.__dict__)
        module.__dict__.update(self.values.get(short, {}))


def _kit_embed(alias, sources, values):
    import sys
    for name in [n for n in sys.modules if n == alias or n.startswith(alias + ".")]:
        del sys.modules[name]  # run again (a re-executed cell): the source below is the one to use
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "alias", None) != alias]
    sys.meta_path.insert(0, _KitCarried(alias, sources, values))
'''


@dataclass
class Bundle:
    """What one marker carries: kit modules (dotted names under autograder/; a package's name carries its
    __init__), other sources (the visible checks), and data modules (plain values, e.g. catalogue entries)."""

    modules: list
    sources: dict = field(default_factory=dict)  # dotted name -> source text that is not a kit module
    values: dict = field(default_factory=dict)  # dotted name -> {attribute: plain value}


def module_path(name: str) -> Path:
    """The file of kit module `name` ("grading.compare", or "catalogue" for the package's __init__.py)."""
    spec = importlib.util.find_spec(f"{KIT}.{name}")
    if spec is None or spec.origin is None:
        raise KitError(f"kit-embed: no module {KIT}.{name}")
    return Path(spec.origin)


def _literal(text: str, indent: str) -> str:
    """A source text as a readable string literal: one quoted line per source line, in parentheses."""
    lines = text.splitlines(keepends=True) or [""]
    body = "\n".join(f"{indent}    {line!r}" for line in lines)
    return f"(\n{body}\n{indent})"


def render(bundle: Bundle, indent: str = "") -> str:
    """The code that defines `_kit` as a package of the bundle's modules, at `indent`."""
    sources = {name: module_path(name).read_text(encoding="utf-8") for name in bundle.modules}
    sources.update(bundle.sources)
    head = (
        f"# The kit's own {', '.join(bundle.modules)} (autograder/), carried here by `autograder generate`:\n"
        f"# the same code the grader runs. Edit the kit, never this copy.\n"
    )
    listed = "\n".join(f"    {name!r}: {_literal(text, '    ')}," for name, text in sources.items())
    values = json.dumps(bundle.values, ensure_ascii=False, indent=1, sort_keys=True)  # JSON of text is Python too
    code = head + _BOOTSTRAP + f"\n\n{CALL}{{\n{listed}\n}}, {values})\n{END}\n"
    return "\n".join((indent + line) if line.strip() else "" for line in code.splitlines())


def expand(text: str, bundles) -> str:
    """`text` with every marker line replaced by its generated code; `bundles(name)` gives each marker's Bundle."""
    return MARKER.sub(lambda match: render(bundles(match["bundle"]), match["indent"]), text)


def has_marker(text: str) -> bool:
    return MARKER.search(text) is not None


def carried_in(text: str) -> list:
    """Every bundle carried in a text (a cell, a file): [(sources by name, values by name)], read back without
    running anything, so that a leak check sees the modules as their source, not as escaped literals."""
    found = []
    start = text.find(CALL)
    while start != -1:
        end = text.find(END, start)
        try:
            call = ast.parse(text[start : end if end != -1 else len(text)].strip(), mode="eval").body
            alias, sources, values = (ast.literal_eval(arg) for arg in call.args)
            found.append((sources, values))
        except (SyntaxError, ValueError, TypeError, AttributeError):
            found.append(None)  # a carried bundle that cannot be read back: the leak check refuses it
        start = text.find(CALL, start + 1)
    return found


# ---- where the kit is installed: the kit itself stands in for its carried copy -------------------------
class _StandIn:
    """Imports `_kit.X` as the kit's own `autograder.X` (the same module object, not a copy)."""

    def __init__(self, alias: str):
        self.alias = alias

    def find_spec(self, name, path=None, target=None):
        if name == self.alias or name.startswith(self.alias + "."):
            return importlib.util.spec_from_loader(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        # The import system takes whatever sys.modules holds under the name once this returns.
        sys.modules[module.__name__] = importlib.import_module(KIT + module.__name__[len(self.alias) :])


def kit_stands_in(alias: str = ALIAS) -> None:
    """From now on `import _kit.grading.compare` in this process gives autograder.grading.compare itself.

    The hook goes first on sys.meta_path (pytest's assertion rewriter, installed later, would otherwise load a
    second copy of the kit's files under the alias); a copy imported before is forgotten."""
    stale = [
        n
        for n in sys.modules
        if (n == alias or n.startswith(alias + ".")) and not sys.modules[n].__name__.startswith(KIT)
    ]
    for name in stale:
        del sys.modules[name]
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "alias", None) != alias]
    sys.meta_path.insert(0, _StandIn(alias))


__all__ = ["ALIAS", "Bundle", "expand", "render", "has_marker", "carried_in", "kit_stands_in", "MARKER"]
