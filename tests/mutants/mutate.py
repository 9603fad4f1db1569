"""Single-point mutants of the reference functions, of the kinds students make: how strong the hidden checks are.

A mutant is the reference solution with one function changed at one place (an operator, an `axis`, `keepdims`
dropped, sum for mean, max for min, a constant, the clip or the max subtraction removed, two arguments swapped,
a transpose added or dropped, an index off by one, `np.where`'s branches swapped, a dtype cast, a copy dropped, a
check that raises dropped, the result's sign flipped). It is graded like a student's file: the reference with the
mutated function appended, so it replaces the right one (as tests/corpus/ does). A mutant is *killed* when its
problem loses points under every identity graded.

Some mutants change nothing a caller can see within the contract (`np.max` for `np.max` of a one-element axis,
a dtype cast the next line undoes, ...): equivalent.yml beside this file lists them, each with the reason, keyed
by the function and the statement before and after the change. The mutation score of a problem is
killed / (mutants − equivalent ones). Used by bench/mutants.py and tests/test_mutants.py.

No library does this: general mutation tools (mutmut, cosmic-ray) change operators and constants but know
nothing of numpy's axes, reductions, clipping or broadcasting, which are where this course's bugs live.
"""

from __future__ import annotations

import ast
import copy
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ASSIGNMENTS = ("a1_encoding", "a2_losses", "a3_gradients")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


@dataclass(frozen=True)
class Mutant:
    assignment: str
    function: str  # the problem it mutates
    kind: str  # which operator made it (binop, axis, reduction, ...)
    line: int  # in solutions/<assignment>.py
    before: str  # the statement as the reference writes it (ast.unparse)
    after: str  # the same statement, mutated
    code: str  # the whole mutated function, appended to the reference

    @property
    def key(self) -> str:
        """Stable while the function's code stays the same: the function and the statement, before and after."""
        return f"{self.function} | {self.before} | {self.after}"

    @property
    def ident(self) -> str:
        return f"{self.function}-{hashlib.sha256(self.key.encode()).hexdigest()[:10]}"

    def submission(self) -> str:
        reference = (ROOT / "solutions" / f"{self.assignment}.py").read_text(encoding="utf-8")
        return f"{reference}\n\n# ---- mutant {self.ident} ({self.kind}, line {self.line}) ----\n{self.code}\n"


# ---- the operators: each yields (kind, replacement node) for one node -----------------------------------------
_BINOP_SWAPS = {
    ast.Add: [ast.Sub],
    ast.Sub: [ast.Add],
    ast.Mult: [ast.Div, ast.Add],
    ast.Div: [ast.Mult, ast.FloorDiv],
    ast.Pow: [ast.Mult],
    ast.MatMult: [ast.Mult],
}
_CMP_SWAPS = {
    ast.Gt: [ast.GtE, ast.Lt],
    ast.GtE: [ast.Gt, ast.LtE],
    ast.Lt: [ast.LtE, ast.Gt],
    ast.LtE: [ast.Lt, ast.GtE],
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
}
_CALL_SWAPS = {  # numpy functions and methods a student confuses
    "sum": ["mean"],
    "mean": ["sum"],
    "max": ["min"],
    "min": ["max"],
    "log": ["log1p", "log10"],
    "exp": ["expm1"],
    "prod": ["sum"],
    "maximum": ["minimum"],
    "minimum": ["maximum"],
    "logaddexp": ["add"],
}
_AXIS_VALUES = (-1, 0, 1, None)


def _name(node) -> str | None:
    """`np.sum` -> "sum", `x.sum` -> "sum", `sum` -> "sum"."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _const(value) -> ast.expr:
    if isinstance(value, (int, float)) and value < 0:
        return ast.UnaryOp(ast.USub(), ast.Constant(-value))
    return ast.Constant(value)


def _constant_variants(value) -> list:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    if isinstance(value, int):
        return [value + 1, value - 1] if value not in (0,) else [1]
    out = []
    if value == 0.0:
        out = [1.0]
    elif value == 1.0:
        out = [0.0, 2.0]
    elif value == 2.0:
        out = [1.0, 4.0]
    elif 0 < abs(value) < 1e-3:  # an eps: gone, or far larger
        out = [0.0, value * 1e6]
    else:
        out = [value * 2, value / 2]
    return out


def _variants(node: ast.AST, parent: ast.AST | None) -> Iterator[tuple[str, ast.AST]]:
    """(kind, replacement) for every single-point change of `node` itself."""
    if isinstance(node, ast.BinOp):
        for op in _BINOP_SWAPS.get(type(node.op), []):
            yield "operator", ast.BinOp(node.left, op(), node.right)
        if isinstance(node.op, (ast.Add, ast.Sub)):
            yield "missing term", node.left  # the right-hand term dropped (the max subtraction, a bias, ...)
        if isinstance(node.op, (ast.Mult, ast.Div)):
            yield "missing factor", node.left  # a factor or a division dropped (2, N, ...)
        if isinstance(node.op, ast.Mult):
            yield "missing factor", node.right
        if isinstance(node.op, ast.MatMult):
            yield "transpose", ast.BinOp(node.left, ast.MatMult(), _transposed(node.right))
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        for op in _CMP_SWAPS.get(type(node.ops[0]), []):
            yield "comparison", ast.Compare(node.left, [op()], node.comparators)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "sign", node.operand
    elif isinstance(node, ast.Constant) and not isinstance(parent, ast.keyword):
        if isinstance(parent, ast.UnaryOp):  # -1: changed through its UnaryOp
            return
        for value in _constant_variants(node.value):
            yield "constant", _const(value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        value = -node.operand.value if isinstance(node.operand.value, (int, float)) else None
        for other in _constant_variants(value) if value is not None else []:
            yield "constant", _const(other)
    elif isinstance(node, ast.Call):
        yield from _call_variants(node)
    elif isinstance(node, ast.Attribute) and node.attr == "T":
        yield "transpose", node.value
    elif isinstance(node, ast.Subscript):
        yield from _subscript_variants(node)
    elif isinstance(node, ast.Name) and node.id == "eps" and isinstance(node.ctx, ast.Load):
        yield "constant", ast.Constant(0.0)


def _transposed(node: ast.expr) -> ast.expr:
    return ast.Attribute(node, "T", ast.Load())


def _call_variants(node: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    name = _name(node.func)
    for other in _CALL_SWAPS.get(name or "", []):
        func = copy.deepcopy(node.func)
        if isinstance(func, ast.Attribute):
            func.attr = other
        else:
            func.id = other
        yield (
            "reduction" if name in ("sum", "mean", "max", "min", "prod") else "function",
            ast.Call(func, node.args, node.keywords),
        )
    keywords = {k.arg: k for k in node.keywords}
    if "axis" in keywords:
        current = keywords["axis"].value
        current_value = current.value if isinstance(current, ast.Constant) else None
        if isinstance(current, ast.UnaryOp) and isinstance(current.operand, ast.Constant):
            current_value = -current.operand.value
        for value in _AXIS_VALUES:
            if value == current_value and isinstance(current, (ast.Constant, ast.UnaryOp)):
                continue
            if value is None and not isinstance(current, (ast.Constant, ast.UnaryOp)):
                continue
            new = [k for k in node.keywords if k.arg != "axis"] + [ast.keyword("axis", _const(value))]
            yield "axis", ast.Call(node.func, node.args, new)
        yield "axis", ast.Call(node.func, node.args, [k for k in node.keywords if k.arg != "axis"])
    if "keepdims" in keywords:
        yield "keepdims", ast.Call(node.func, node.args, [k for k in node.keywords if k.arg != "keepdims"])
    if "dtype" in keywords:
        for cast in ("np.float32", "int"):
            new = [k for k in node.keywords if k.arg != "dtype"] + [ast.keyword("dtype", ast.parse(cast).body[0].value)]
            yield "dtype", ast.Call(node.func, node.args, new)
        yield "dtype", ast.Call(node.func, node.args, [k for k in node.keywords if k.arg != "dtype"])
    if "copy" in keywords:
        yield "copy", ast.Call(node.func, node.args, [k for k in node.keywords if k.arg != "copy"])
    if name == "array" and isinstance(node.func, ast.Attribute):  # np.array(x, ...) -> np.asarray(x, ...): no copy
        func = copy.deepcopy(node.func)
        func.attr = "asarray"
        yield "copy", ast.Call(func, node.args, [k for k in node.keywords if k.arg != "copy"])
    if name == "copy" and isinstance(node.func, ast.Attribute) and not node.args:
        yield "copy", node.func.value  # x.copy() -> x
    if name == "astype" and node.args:
        yield "dtype", node.func.value  # x.astype(t) -> x
        yield "dtype", ast.Call(node.func, [ast.parse("np.float32").body[0].value], [])
    if name == "clip" and node.args:
        yield "clip", node.args[0]  # the clip removed
    if name == "where" and len(node.args) == 3:
        yield "where", ast.Call(node.func, [node.args[0], node.args[2], node.args[1]], node.keywords)
    if name == "float" and len(node.args) == 1:
        yield "dtype", ast.Call(ast.Name("int", ast.Load()), node.args, [])
    if len(node.args) >= 2 and name not in ("where", "clip", "full", "zeros", "range", "stack", "broadcast_arrays"):
        yield "argument order", ast.Call(node.func, [node.args[1], node.args[0], *node.args[2:]], node.keywords)


def _subscript_variants(node: ast.Subscript) -> Iterator[tuple[str, ast.AST]]:
    """An index off by one: a constant index (or one in a tuple of indices) moved by one."""
    index = node.slice
    parts = list(index.elts) if isinstance(index, ast.Tuple) else [index]
    for i, part in enumerate(parts):
        value = part.value if isinstance(part, ast.Constant) and isinstance(part.value, int) else None
        if isinstance(part, ast.UnaryOp) and isinstance(part.operand, ast.Constant):
            value = -part.operand.value
        if value is None or isinstance(value, bool):
            continue
        for other in (value + 1, value - 1):
            new_parts = list(parts)
            new_parts[i] = _const(other)
            new_index = ast.Tuple(new_parts, ast.Load()) if isinstance(index, ast.Tuple) else new_parts[0]
            yield "index", ast.Subscript(node.value, new_index, node.ctx)


# ---- walking the reference ----------------------------------------------------------------------------------
def _solution_lines(source: str) -> list[tuple[int, int]]:
    """The (first, last) line numbers of every BEGIN/END SOLUTION region."""
    regions, start = [], None
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN in line:
            start = number
        elif END in line and start is not None:
            regions.append((start, number))
            start = None
    return regions


def _statement_of(function: ast.FunctionDef, target: ast.AST) -> ast.stmt:
    """The innermost statement of `function` holding `target`."""
    best = None
    for node in ast.walk(function):
        if isinstance(node, ast.stmt) and node is not function:
            if any(child is target for child in ast.walk(node)):
                if best is None or (node.lineno >= best.lineno and node.end_lineno <= best.end_lineno):
                    best = node
    return best


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST):
        self.target, self.replacement = target, replacement

    def generic_visit(self, node):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                setattr(node, field, [self.replacement if item is self.target else item for item in value])
            elif value is self.target:
                setattr(node, field, self.replacement)
        return super().generic_visit(node)


def _statement_mutants(function: ast.FunctionDef, lines: tuple[int, int]) -> Iterator[tuple[str, ast.stmt, list]]:
    """Whole-statement changes: a guard that raises dropped, a restore or an update dropped, the result negated."""
    for node in ast.walk(function):
        if not isinstance(node, ast.stmt) or not (lines[0] <= getattr(node, "lineno", 0) <= lines[1]):
            continue
        if isinstance(node, ast.If) and any(isinstance(s, ast.Raise) for s in node.body):
            yield "guard dropped", node, [ast.Pass()]
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
            yield "statement dropped", node, [ast.Pass()]
        if isinstance(node, ast.AugAssign):
            yield "statement dropped", node, [ast.Pass()]
        if isinstance(node, ast.Return) and node.value is not None and not isinstance(node.value, ast.Tuple):
            inner = node.value
            if isinstance(inner, ast.Call) and _name(inner.func) == "float":
                negated = ast.Call(inner.func, [ast.UnaryOp(ast.USub(), inner.args[0])], [])
            else:
                negated = ast.UnaryOp(ast.USub(), inner)
            yield "sign", node, [ast.Return(negated)]
            if not (isinstance(inner, ast.Call) and _name(inner.func) in ("float", "tuple")):
                yield "transpose", node, [ast.Return(ast.parse("np.transpose(_r)").body[0].value)]


def mutants(assignment: str) -> list[Mutant]:
    """Every single-point mutant of every function of `assignment`'s reference, inside its solution regions."""
    source = (ROOT / "solutions" / f"{assignment}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    regions = _solution_lines(source)
    out: list[Mutant] = []
    seen: set[str] = set()
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef) or function.name.startswith("_"):
            continue
        mine = [r for r in regions if function.lineno <= r[0] <= function.end_lineno]
        if not mine:
            continue
        lines = mine[0]

        def emit(
            kind: str, statement: ast.stmt, mutated_function: ast.FunctionDef, mutated_statement, name: str
        ) -> None:
            ast.fix_missing_locations(mutated_function)
            try:
                code = ast.unparse(mutated_function)
                compile(code, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError):
                return
            before = ast.unparse(statement)
            after = mutated_statement if isinstance(mutated_statement, str) else ast.unparse(mutated_statement)
            if before == after:
                return
            mutant = Mutant(assignment, name, kind, statement.lineno, before, after, code)
            if mutant.key not in seen:
                seen.add(mutant.key)
                out.append(mutant)

        nodes = [
            (node, parent)
            for parent in ast.walk(function)
            for node in ast.iter_child_nodes(parent)
            if lines[0] <= getattr(node, "lineno", 0) <= lines[1]
        ]
        for index, (node, parent) in enumerate(nodes):
            for kind, replacement in _variants(node, parent):
                clone = copy.deepcopy(function)
                clone_nodes = [
                    (n, p)
                    for p in ast.walk(clone)
                    for n in ast.iter_child_nodes(p)
                    if lines[0] <= getattr(n, "lineno", 0) <= lines[1]
                ]
                target = clone_nodes[index][0]
                statement = _statement_of(clone, target)
                if statement is None:
                    continue
                before = copy.deepcopy(statement)
                _Replace(target, copy.deepcopy(replacement)).visit(clone)
                emit(kind, before, clone, statement, function.name)
        for kind, statement, replacement in list(_statement_mutants(function, lines)):
            clone = copy.deepcopy(function)
            position = [n for n in ast.walk(function) if isinstance(n, ast.stmt)].index(statement)
            target = [n for n in ast.walk(clone) if isinstance(n, ast.stmt)][position]
            if kind == "transpose":  # return np.transpose(value): bind the value first
                value = target.value
                replacement = [ast.Assign([ast.Name("_r", ast.Store())], value), *replacement]
            for new in replacement:
                ast.fix_missing_locations(ast.copy_location(new, statement))
            _Replace(target, None).visit(clone)  # placeholder, then splice the statements in
            _splice(clone, replacement)
            shown = "; ".join(ast.unparse(s) for s in replacement)
            emit(kind, statement, clone, shown, function.name)
    return out


def _splice(function: ast.FunctionDef, replacement: list) -> None:
    """Replace the one None left in a statement list by `replacement`'s statements."""
    for node in ast.walk(function):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if isinstance(body, list) and any(item is None for item in body):
                index = body.index(None)
                body[index : index + 1] = replacement
                return


# ---- equivalent mutants, as data -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Equivalent:
    function: str
    before: str
    after: str
    reason: str

    @property
    def key(self) -> str:
        return f"{self.function} | {self.before} | {self.after}"


def equivalents(path: Path = HERE / "equivalent.yml") -> dict[str, Equivalent]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for item in data.get("equivalent", []):
        entry = Equivalent(item["function"], item["before"], item["after"], item["reason"])
        out[entry.key] = entry
    return out


def all_mutants() -> list[Mutant]:
    return [m for a in ASSIGNMENTS for m in mutants(a)]


if __name__ == "__main__":
    import collections

    found = all_mutants()
    print(len(found), "mutants")
    print(collections.Counter(m.function for m in found))
    print(collections.Counter(m.kind for m in found))
