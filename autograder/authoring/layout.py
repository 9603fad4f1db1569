"""Read a solution or stub module as parts: the setup code, then one piece per public function.

Notebooks put each piece in its own cell and READMEs list the functions, so both read the layout here.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass


@dataclass(frozen=True)
class Function:
    name: str
    signature: str  # e.g. "softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray"
    doc: str  # the cleaned docstring
    code: str  # the full source of the function (with comments and decorators)

    @property
    def summary(self) -> str:
        """The docstring's first paragraph on one line."""
        return " ".join(self.doc.split("\n\n")[0].split())


@dataclass(frozen=True)
class Module:
    doc: str
    setup: str  # imports, module-level names and given (private) functions: the code before the first public function
    functions: tuple  # Function, in file order
    imports: frozenset  # top-level packages the module imports (numpy, sympy, ...)


def _signature(node: ast.FunctionDef, lines: list[str]) -> str:
    """The def line as written (joined when it spans lines), without `def` and the colon."""
    text = " ".join(line.strip() for line in lines[node.lineno - 1 : node.body[0].lineno - 1])
    text = text.split("def ", 1)[1].rstrip()
    text = text[:-1].rstrip() if text.endswith(":") else text
    # One parameter per line (how a formatter lays out a long def) reads back as one line: "f(a, b) -> T".
    return text.replace("( ", "(").replace(", )", ")").replace(" )", ")")


def _imports(tree: ast.Module) -> frozenset:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return frozenset(names)


def chain_ends(function: Function) -> tuple:
    """For a derivation exercise: the source of its `start` and `goal` (None when absent)."""
    ends = {}
    for node in ast.walk(ast.parse(function.code)):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            ends.setdefault(node.targets[0].id, ast.unparse(node.value))
    return ends.get("start"), ends.get("goal")


def _trim(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def read_module(source: str) -> Module:
    """Cut a module so that setup + every function piece covers every line after the docstring."""
    tree = ast.parse(source)
    lines = source.splitlines()
    body = tree.body
    start = 0
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(getattr(body[0], "value", None), ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        start = body[0].end_lineno
        body = body[1:]
    public = [n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")]
    functions = []
    cursor = start
    setup = None
    for node in public:
        first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
        # comment lines directly above a function belong to it
        while first > cursor and lines[first - 1].lstrip().startswith("#"):
            first -= 1
        if setup is None:
            setup = _trim(lines[cursor:first])
        else:  # anything between two public functions travels with the later one
            first = cursor
        end = node.end_lineno
        # indented comment lines right after the body (e.g. "    ### END SOLUTION") still belong to the function
        while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].lstrip().startswith("#"):
            end += 1
        functions.append(
            Function(
                node.name,
                _signature(node, lines),
                inspect.cleandoc(ast.get_docstring(node, clean=False) or ""),
                _trim(lines[first:end]),
            )
        )
        cursor = end
    if setup is None:
        setup = _trim(lines[cursor:])
    elif _trim(lines[cursor:]):
        last = functions[-1]
        functions[-1] = Function(last.name, last.signature, last.doc, last.code + "\n" + _trim(lines[cursor:]))
    return Module(doc=ast.get_docstring(tree) or "", setup=setup, functions=tuple(functions), imports=_imports(tree))
