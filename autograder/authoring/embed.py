"""Kit modules that travel inside what students get (a notebook cell, a visible-test file), as their own source.

A plain Jupyter or Colab kernel has no kit installed and nothing beside the notebook, yet a practice cell
should run the same checker the grader runs, not a copy that drifts. So a template marks a place with one
line, indented as the code around it:

    # <kit-embed autograder.symbolic as _a4_checker: messages symbols tree runner ...>

and `expand(text)` replaces that line with generated code holding those modules' source, verbatim from the
kit's files, plus a small import hook that serves them as the package `_a4_checker` (relative imports between
them work as in the kit). After it, `from _a4_checker.chain import grade_chain` works with nothing but the
modules' own dependencies installed. The embedded modules must not import the rest of the kit (a relative
import of a module left out raises ImportError, which such a module can catch to fall back).

`autograder generate` expands the markers, so regenerating is the only way the shipped copies change, and
the drift check (`autograder generate --check`, release) keeps them byte-for-byte equal to the kit.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from ..errors import KitError

MARKER = re.compile(r"^(?P<indent>[ \t]*)# <kit-embed (?P<package>[\w.]+) as (?P<alias>\w+): (?P<modules>[\w ]+)>[ \t]*$", re.M)

_BOOTSTRAP = '''\
import importlib.util as _kit_importlib_util


class _KitEmbedded:
    """Serves <alias>.<module> from the source below (an import hook: finder and loader in one)."""

    def __init__(self, alias, sources):
        self.alias, self.sources = alias, sources

    def find_spec(self, name, path=None, target=None):
        if name == self.alias:
            return _kit_importlib_util.spec_from_loader(name, self, is_package=True)
        if name.startswith(self.alias + ".") and name[len(self.alias) + 1:] in self.sources:
            return _kit_importlib_util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        short = module.__name__[len(self.alias) + 1:]
        if short:
            code = compile(self.sources[short], "<" + self.alias + "/" + short + ".py>", "exec")
            exec(code, module.__dict__)


def _kit_embed(alias, sources):
    import sys
    for name in [n for n in sys.modules if n == alias or n.startswith(alias + ".")]:
        del sys.modules[name]  # run again (a re-executed cell): the source above is the one to use
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "alias", None) != alias]
    sys.meta_path.insert(0, _KitEmbedded(alias, sources))
'''


def module_path(package: str, module: str) -> Path:
    spec = importlib.util.find_spec(f"{package}.{module}")
    if spec is None or spec.origin is None:
        raise KitError(f"kit-embed: no module {package}.{module}")
    return Path(spec.origin)


def _literal(text: str, indent: str) -> str:
    """A source text as a readable string literal: one quoted line per source line, in parentheses."""
    lines = text.splitlines(keepends=True) or [""]
    body = "\n".join(f"{indent}    {line!r}" for line in lines)
    return f"(\n{body}\n{indent})"


def render(package: str, alias: str, modules: list[str], indent: str = "") -> str:
    """The code that defines `alias` as a package of `modules` of the kit's `package`, at `indent`."""
    head = (f"# The kit's own {', '.join(modules)} ({package.replace('.', '/')}/), carried here by `autograder generate`:\n"
            f"# the same code the grader runs. Edit the kit, never this copy.\n")
    sources = "\n".join(f"    {name!r}: {_literal(module_path(package, name).read_text(encoding='utf-8'), '    ')},"
                        for name in modules)
    code = (head + _BOOTSTRAP + f"\n\n_kit_embed({alias!r}, {{\n{sources}\n}})\n")
    return "\n".join((indent + line) if line.strip() else "" for line in code.splitlines())


def expand(text: str) -> str:
    """`text` with every kit-embed marker line replaced by its generated code."""
    def replace(match: re.Match) -> str:
        return render(match["package"], match["alias"], match["modules"].split(), match["indent"])
    return MARKER.sub(replace, text)


def has_marker(text: str) -> bool:
    return MARKER.search(text) is not None


__all__ = ["expand", "render", "has_marker", "MARKER"]
