"""Steps written as text: a small Python-expression language, or LaTeX; built node by node, never executed.

A student's string is untrusted. Python syntax is read with `ast.parse` and the tree is walked here against a
whitelist (the derivation's names, exp/log/ln/sqrt/Sum/Product/diff, p[n, i], integers, + - * / **, unary
minus, parentheses, and tuples only as Sum/Product limits); every sympy object is built by this walker, so
nothing is looked up by name in a namespace and no code is run. Floats are refused because a check that
must be exact cannot start from 0.1. `diff(f, z1)` is an instruction: the derivative is computed.
LaTeX (a backslash, `_{` or `^{`) goes to sympy's Lark-based LaTeX parser (`parse_latex(..., backend="lark")`,
no ANTLR runtime needed), which only builds sympy objects; its result is then mapped (e → Euler's number,
z_{1} → z1, p_{n,i} → p[n, i]) and passed through the same whitelist by `canonicalize`. Where the grammar
reads the text two ways that are not the same expression, the step is refused and both readings are shown.

Parsing is sympy work on the student's text, so the grader calls this only inside its killable workers, and
its cost is bounded by size before it starts: the LaTeX grammar needs up to about 8 ms a character, so a LaTeX
step has at most MAX_LATEX_CHARS characters (a chain at most chain.CHAIN_LATEX_CHARS in all), and `diff`
differentiates at most DIFF_NODES nodes.
"""

from __future__ import annotations

import ast
import re
import warnings

from sympy import Add, Derivative, E, Expr, Integer, Mul, Pow, Product, Sum, Symbol, Tuple, exp, log, sqrt

from .normal import size
from .symbols import (
    CANONICAL,
    INDEXED,
    SUMMATION_INDICES,
    DerivationInputError,
    allowed_names,
    canonicalize,
    describe_allowed,
    guard_integer,
    guard_power,
    resolve_name,
)

MAX_CHARS = 2000
MAX_LATEX_CHARS = 400
DIFF_NODES = 400
MAX_DEPTH = 100
MAX_CHAIN_TERMS = 1000
MAX_LATEX_DEPTH = 40
FUNCTIONS = ("exp", "log", "ln", "sqrt", "Sum", "Product", "diff")
CONSTANTS = {"E": E}
_OPERATOR_TEXT = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.Not: "not",
}
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def looks_like_latex(text: str) -> bool:
    return "\\" in text or "_{" in text or "^{" in text or text.strip().startswith("$")


def parse_step(text: str, problem: str | None = None) -> Expr:
    """One step written as text → a canonical sympy expression, or DerivationInputError saying what is refused."""
    if not isinstance(text, str):
        raise DerivationInputError("element_type", k="?", type=type(text).__name__)
    if len(text) > MAX_CHARS:
        raise DerivationInputError("too_long", length=len(text), limit=MAX_CHARS)
    if not text.strip():
        raise DerivationInputError("empty_text")
    if looks_like_latex(text):
        return parse_latex_step(text, problem)
    return parse_python_step(text, problem)


# --- Python syntax ------------------------------------------------------------------------------
def parse_python_step(text: str, problem: str | None = None) -> Expr:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise DerivationInputError("syntax", detail=exc.msg) from None
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, absurd nesting
        raise DerivationInputError("syntax", detail=type(exc).__name__) from None
    _screen(tree, problem)
    builder = _Builder(problem)
    try:
        expr = builder.build(tree.body, 0)
    except RecursionError:
        raise DerivationInputError("too_deep", limit=MAX_DEPTH) from None
    return canonicalize(expr, problem)


def _not_allowed(kind: str, problem: str | None, **params) -> DerivationInputError:
    return DerivationInputError("not_allowed", what=(f"what:{kind}", params), allowed=describe_allowed(problem))


def _screen(tree: ast.AST, problem: str | None) -> None:
    """Refuse the dangerous shapes anywhere in the tree before building anything (attributes, dunders, lambdas)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS):
            name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)[:40]
            raise _not_allowed("call", problem, name=name)
        if isinstance(node, ast.Attribute):
            raise _not_allowed("attribute", problem, name=node.attr)
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            raise _not_allowed("dunder", problem, name=node.id)
        if isinstance(node, ast.Lambda):
            raise _not_allowed("lambda", problem)
        if isinstance(node, _COMPREHENSIONS):
            raise _not_allowed("comprehension", problem)
        if isinstance(node, (ast.JoinedStr, ast.FormattedValue)):
            raise _not_allowed("string", problem)
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            raise _not_allowed("string", problem)


class _Builder:
    def __init__(self, problem: str | None):
        self.problem = problem
        self.names = allowed_names(problem)

    def build(self, node: ast.AST, depth: int):
        if depth > MAX_DEPTH:
            raise DerivationInputError("too_deep", limit=MAX_DEPTH)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise self._refuse(node)
        return method(node, depth + 1)

    def _refuse(self, node: ast.AST) -> DerivationInputError:
        if isinstance(node, ast.Tuple):
            return _not_allowed("tuple", self.problem)
        if isinstance(node, ast.Starred):
            return _not_allowed("starred", self.problem)
        if isinstance(node, (ast.Compare, ast.BoolOp)):
            return _not_allowed("comparison", self.problem)
        if isinstance(node, (ast.List, ast.Set, ast.Dict)):
            return _not_allowed(type(node).__name__.lower(), self.problem)  # list, set, dict
        if isinstance(node, ast.IfExp):
            return _not_allowed("conditional", self.problem)
        if isinstance(node, ast.Slice):
            return _not_allowed("slice", self.problem)
        if isinstance(node, ast.NamedExpr):
            return _not_allowed("operator", self.problem, name=":=")
        return _not_allowed("node", self.problem, name=type(node).__name__)

    # leaves
    def _Constant(self, node: ast.Constant, depth: int):
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise _not_allowed("constant", self.problem, name=repr(value))
        if isinstance(value, int):
            out = Integer(value)
            guard_integer(out)
            return out
        if isinstance(value, float):
            raise DerivationInputError("float_literal", value=repr(value))
        if isinstance(value, complex):
            raise _not_allowed("constant", self.problem, name=repr(value))
        raise _not_allowed("string", self.problem)

    def _Name(self, node: ast.Name, depth: int):
        name = node.id
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            raise DerivationInputError(
                "call_arity", name=name, expected=("arity:argument", {"example": _EXAMPLES[name]})
            )
        obj = resolve_name(name, self.problem)
        if name in INDEXED:
            raise DerivationInputError("indexed_needs_index", name=name)
        return obj

    # operators
    def _BinOp(self, node: ast.BinOp, depth: int):
        op = type(node.op)
        if op is ast.BitXor:
            raise DerivationInputError("caret")
        if op not in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow):
            raise _not_allowed("operator", self.problem, name=_OPERATOR_TEXT.get(op, op.__name__))
        if op is ast.Pow:
            left = self.build(node.left, depth)
            right = self.build(node.right, depth)
            guard_power(left, right)
            return left**right
        # a*b*c/d and a+b-c are built as one Mul / Add, as sympy's printed form means them: built pairwise,
        # 2*(y2 - s2)*x would first distribute 2 over (y2 - s2) and come out as a different tree.
        chain_ops = (ast.Mult, ast.Div) if op in (ast.Mult, ast.Div) else (ast.Add, ast.Sub)
        operands = []
        current = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, chain_ops):
            operands.append((type(current.op), current.right))
            current = current.left
            if len(operands) > MAX_CHAIN_TERMS:
                raise DerivationInputError("too_big", limit=MAX_CHAIN_TERMS)
        operands.append((None, current))
        terms = []
        for kind, operand in reversed(operands):
            value = self.build(operand, depth)
            if kind is ast.Div:
                value = Pow(value, -1)
            elif kind is ast.Sub:
                value = -value
            terms.append(value)
        return Mul(*terms) if chain_ops[0] is ast.Mult else Add(*terms)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int):
        op = type(node.op)
        if op is ast.USub:
            return -self.build(node.operand, depth)
        if op is ast.UAdd:
            return self.build(node.operand, depth)
        raise _not_allowed("operator", self.problem, name=_OPERATOR_TEXT.get(op, op.__name__))

    def _Subscript(self, node: ast.Subscript, depth: int):
        if not isinstance(node.value, ast.Name):
            raise _not_allowed("node", self.problem, name="indexing of an expression")
        name = node.value.id
        obj = resolve_name(name, self.problem)
        if name not in INDEXED:
            raise DerivationInputError("not_indexable", name=name)
        index = node.slice
        if not isinstance(index, ast.Tuple) or len(index.elts) != 2:
            raise DerivationInputError("indexed_rank", name=name)
        return obj[tuple(self.build(k, depth) for k in index.elts)]

    def _Call(self, node: ast.Call, depth: int):
        if not isinstance(node.func, ast.Name):
            raise _not_allowed("node", self.problem, name="calling an expression")
        name = node.func.id
        if name not in FUNCTIONS:
            raise _not_allowed("call", self.problem, name=name)
        if node.keywords:
            keyword = node.keywords[0].arg or "**"
            raise _not_allowed("keyword", self.problem, name=keyword)
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise _not_allowed("starred", self.problem)
        args = node.args
        if name in ("exp", "log", "ln", "sqrt"):
            if len(args) != 1:
                raise DerivationInputError(
                    "call_arity", name=name, expected=("arity:one_argument", {"example": _EXAMPLES[name]})
                )
            inner = self.build(args[0], depth)
            return {"exp": exp, "log": log, "ln": log, "sqrt": sqrt}[name](inner)
        if name in ("Sum", "Product"):
            if len(args) < 2:
                raise DerivationInputError("limits_form", name=name)
            body = self.build(args[0], depth)
            limits = [self._limit(name, a, depth) for a in args[1:]]
            return (Sum if name == "Sum" else Product)(body, *limits)
        # diff: an instruction, computed here (this runs in a worker, under the step's deadline)
        if len(args) < 2:
            raise DerivationInputError(
                "call_arity", name=name, expected=("arity:expression_and_variable", {"example": "diff(f, z1)"})
            )
        body = self.build(args[0], depth)
        if size(body, DIFF_NODES) > DIFF_NODES:
            raise DerivationInputError("too_big", limit=DIFF_NODES)
        variables = []
        for a in args[1:]:
            if not (isinstance(a, ast.Name) and a.id in self.names and a.id not in INDEXED):
                raise DerivationInputError("diff_var", allowed=describe_allowed(self.problem))
            variables.append(CANONICAL[a.id])
        return Derivative(body, *variables).doit()

    def _limit(self, name: str, node: ast.AST, depth: int):
        if not (
            isinstance(node, ast.Tuple)
            and len(node.elts) == 3
            and isinstance(node.elts[0], ast.Name)
            and node.elts[0].id in SUMMATION_INDICES
        ):
            raise DerivationInputError("limits_form", name=name)
        index = resolve_name(node.elts[0].id, self.problem)
        return Tuple(index, self.build(node.elts[1], depth), self.build(node.elts[2], depth))


_EXAMPLES = {
    "exp": "exp(z1)",
    "log": "log(p[n, i])",
    "ln": "ln(p[n, i])",
    "sqrt": "sqrt(z1)",
    "Sum": "Sum(f, (i, 1, K))",
    "Product": "Product(f, (i, 1, K))",
    "diff": "diff(f, z1)",
}


# --- LaTeX --------------------------------------------------------------------------------------
_LATEX_PAIR_INDEX = re.compile(r"\b([py])_\{\s*([ni])\s*,\s*([ni])\s*\}")
_LATEX_SUBSCRIPT = re.compile(r"^([A-Za-z]+)_\{?([0-9A-Za-z*,]+)\}?$")


def _latex_rename(name: str):
    """LaTeX's names → the table's: e → E, z_{1} → z1, p_{n i} (parsed as p_{i*n}) → p[n, i]."""
    if name == "e":
        return E
    match = _LATEX_SUBSCRIPT.match(name)
    if not match:
        return None
    stem, sub = match.groups()
    if sub.isdigit():
        return Symbol(stem + sub)
    if stem in INDEXED:
        letters = sorted(set(re.sub(r"[^a-z]", "", sub)))
        if letters == ["i", "n"]:
            return CANONICAL[stem][CANONICAL["n"], CANONICAL["i"]]
    return None


_ADJACENT_POWER = re.compile(r"\}\s*(?=e\^)")  # e^{a} e^{b}: the grammar needs a product sign between


def _strip_delimiters(source: str) -> str:
    for opener, closer in (("$$", "$$"), ("$", "$"), ("\\[", "\\]"), ("\\(", "\\)")):
        if source.startswith(opener) and source.endswith(closer) and len(source) >= len(opener) + len(closer):
            return source[len(opener) : len(source) - len(closer)].strip()
    return source


def preload_latex() -> bool:
    """Build sympy's Lark LaTeX grammar now (~0.4 s, once per process; workers forked later inherit it).

    False when lark is not installed."""
    try:
        from sympy.parsing.latex.lark import latex_parser as module
    except ImportError:
        return False
    return getattr(module, "_lark_latex_parser", None) is not None


_LATEX_TOWER = re.compile(r"[0-9]\s*\^\s*\{[^}]*\^")  # 9^{9^{9}}: the parser would compute it
_LATEX_REFUSED = (("!", "!"), ("\\binom", "\\binom"), ("\\choose", "\\choose"))


def parse_latex_step(text: str, problem: str | None = None) -> Expr:
    source = _strip_delimiters(text.strip())
    if len(source) > MAX_LATEX_CHARS:
        raise DerivationInputError("latex_too_long", length=len(source), limit=MAX_LATEX_CHARS)
    depth = deepest = 0
    for char in source:  # the grammar is an Earley parser: nesting costs it dearly, and no derivation needs much
        depth += (char in "{(") - (char in "})")
        deepest = max(deepest, depth)
    if deepest > MAX_LATEX_DEPTH:
        raise DerivationInputError("too_deep", limit=MAX_LATEX_DEPTH)
    # sympy's LaTeX parser evaluates what it reads (numbers included): refuse what it would compute at length
    if _LATEX_TOWER.search(source):
        raise DerivationInputError("number_too_large", what=_LATEX_TOWER.search(source).group(0) + "…")
    for token, name in _LATEX_REFUSED:
        if token in source:
            raise DerivationInputError(
                "not_allowed", what=("what:operator", {"name": name}), allowed=describe_allowed(problem)
            )
    # p_{n,i}: the LaTeX grammar has no comma subscripts; p_{ni} reads as one subscripted name
    source = _LATEX_PAIR_INDEX.sub(lambda m: f"{m.group(1)}_{{{m.group(2)}{m.group(3)}}}", source)
    source = _ADJACENT_POWER.sub(lambda m: "} \\cdot ", source)
    from sympy.parsing.latex import parse_latex

    try:
        import lark  # noqa: F401  (sympy's LaTeX grammar; a dependency of the kit, which a bare kernel may lack)
    except ImportError:
        raise DerivationInputError("latex_missing") from None
    try:
        with warnings.catch_warnings():  # the grammar's own deprecated sympy calls are not the student's concern
            warnings.simplefilter("ignore")
            raw = parse_latex(source, backend="lark")
    except RecursionError:
        raise DerivationInputError("too_deep", limit=MAX_DEPTH) from None
    except Exception as exc:  # the parser reports malformed input with several exception types
        lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
        detail = lines[0] if lines else type(exc).__name__
        raise DerivationInputError("latex_syntax", detail=detail[:200]) from None
    readings = _readings(raw)
    built = []
    first_error = None
    for reading in readings:
        try:
            expr = canonicalize(reading, problem, rename=_latex_rename)
        except DerivationInputError as exc:
            first_error = first_error or exc
            continue
        if expr not in built:
            built.append(expr)
    if not built:
        raise first_error or DerivationInputError("latex_syntax", detail="?")
    if len(built) > 1:
        from sympy import sstr

        raise DerivationInputError("latex_ambiguous", first=sstr(built[0]), second=sstr(built[1]))
    return built[0]


def _readings(raw) -> list:
    """The parse, or each reading the grammar found when the text is ambiguous (a lark `_ambig` tree)."""
    if getattr(raw, "data", None) == "_ambig":
        out = []
        for child in getattr(raw, "children", []):
            out.extend(_readings(child))
        return out
    return [raw]
