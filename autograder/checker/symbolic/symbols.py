"""The lecture's symbols by name, and `canonicalize`, which puts them (with their assumptions) into any expression.

Why by name: a submission may declare `z1 = Symbol("z1")` with no assumptions, and with complex symbols
log(∏p) ≠ Σ log p, or log(exp(z)) ≠ z. The grader decides what the symbols mean, so every Symbol,
IndexedBase and Idx is swapped for the canonical one of the same name, and anything that is not part of the
derivation (another name, a float, a function such as sin or an undefined f) is refused with a message.
The rebuild re-evaluates every node, so unevaluated trees (LaTeX parses, Mul(..., evaluate=False)) come out
in the form sympy writes them, which is what "the same expression" means in the chain checks. This module
builds sympy objects from the student's data: the grader runs it only inside its killable workers.
"""

from __future__ import annotations

from sympy import (
    Abs,
    Add,
    Basic,
    Derivative,
    Expr,
    Idx,
    Indexed,
    IndexedBase,
    Integer,
    Mul,
    Pow,
    Product,
    Rational,
    S,
    Sum,
    Symbol,
    Tuple,
    exp,
    log,
)
from sympy.core.numbers import Float

from . import messages
from .derivations import DERIVATIONS
from .normal import size

# --- the symbol table ---------------------------------------------------------------------------
z1, z2, z3, c = (Symbol(name, real=True) for name in ("z1", "z2", "z3", "c"))
y1, y2, y3 = (Symbol(name, nonnegative=True) for name in ("y1", "y2", "y3"))
n, i = (Symbol(name, integer=True, positive=True) for name in ("n", "i"))
N, K = (Symbol(name, integer=True, positive=True) for name in ("N", "K"))
p = IndexedBase("p", positive=True)
y = IndexedBase("y", nonnegative=True)

CANONICAL: dict[str, Basic] = {
    "z1": z1,
    "z2": z2,
    "z3": z3,
    "c": c,
    "y1": y1,
    "y2": y2,
    "y3": y3,
    "p": p,
    "y": y,
    "n": n,
    "i": i,
    "N": N,
    "K": K,
}
INDEXED = {"p", "y"}
SUMMATION_INDICES = {"n", "i"}
SOFTMAX_NAMES = {"s1", "s2", "s3"}


def kit_expression(text: str, table: dict) -> Expr:
    """An expression of the kit's own derivation data (derivations.py), built over `table` (name -> object).

    Only for that data: sympy's parser evaluates Python syntax, so a student's text never comes here (it goes
    through parse.py, which builds node by node and runs nothing)."""
    from sympy import Integer, Product, Sum, diff
    from sympy.parsing.sympy_parser import auto_number, parse_expr

    functions = {"exp": exp, "log": log, "diff": diff, "Sum": Sum, "Product": Product, "Integer": Integer}
    try:
        return parse_expr(str(text), local_dict=dict(table), global_dict=functions, transformations=(auto_number,))
    except (SyntaxError, NameError, TypeError) as exc:
        raise ValueError(f"derivation data: cannot read {text!r}: {exc}") from None


def with_abbreviations(derivation, table: dict | None = None) -> dict:
    """`table` (default: the canonical symbols) plus the derivation's abbreviations (s1 = exp(z1)/…), each built
    over the ones before it: the names its start, goal and facts are written in."""
    table = dict(CANONICAL if table is None else table)
    for name, text in derivation.where.items():
        table[name] = kit_expression(text, table)
    return table


# The names each derivation uses: anything else in a chain is refused with a message listing these.
PROBLEM_NAMES: dict[str, tuple[str, ...]] = {name: d.names for name, d in DERIVATIONS.items()}

# One-hot targets sum to 1: the problems whose identity needs it get this substitution before comparing.
ONE_HOT: dict[str, dict[Symbol, Expr]] = {
    name: {CANONICAL[target]: kit_expression(value, CANONICAL) for target, value in d.identities.items()}
    for name, d in DERIVATIONS.items()
    if d.identities
}

MAX_DEPTH = 200
MAX_NODES = 5_000  # a step larger than this is refused by size (no derivation step comes near)
DIFF_NODES = 400  # an unevaluated derivative written as text or LaTeX is computed only up to this size
MAX_INTEGER_BITS = 400
MAX_POWER_BITS = 20_000


class DerivationInputError(ValueError):
    """A step that cannot be taken into the check (unknown name, float, forbidden construct); it is never run."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(key)

    def __str__(self) -> str:  # rendered when read, not when raised (workers raise many and show few)
        return self.message()

    def as_message(self):
        """What is wrong, as a catalogue Message (a (key, params) param names a nested sentence)."""
        return messages.as_message((self.key, self.params))

    def message(self, lang: str = messages.SOURCE_LANGUAGE) -> str:
        return self.as_message().render(messages.lang_or_default(lang))


def allowed_names(problem: str | None) -> tuple[str, ...]:
    if problem is None:
        return tuple(CANONICAL)
    try:
        return PROBLEM_NAMES[problem]
    except KeyError:
        raise ValueError(f"unknown derivation {problem!r}; known: {', '.join(PROBLEM_NAMES)}") from None


def describe_allowed(problem: str | None) -> str:
    return ", ".join(allowed_names(problem))


def resolve_name(name: str, problem: str | None) -> Basic:
    """The canonical object called `name` in this derivation, or a DerivationInputError saying why not."""
    names = allowed_names(problem)
    if name in names:
        return CANONICAL[name]
    if name in SOFTMAX_NAMES:
        raise DerivationInputError("softmax_symbol", name=name)
    if name == "e":
        raise DerivationInputError("unknown_symbol_e", allowed=describe_allowed(problem))
    shown = name if len(name) <= 40 else name[:39] + "…"
    raise DerivationInputError("unknown_symbol", name=shown, allowed=describe_allowed(problem))


def guard_power(base: Expr, exponent: Expr) -> None:
    """Refuse number**number whose exact value would be huge (2**2**2**2**2**2 would hang the grader)."""
    if not (isinstance(base, Rational) and isinstance(exponent, Rational)):
        return
    if exponent.q > 64 or abs(exponent.p) > 10_000:
        raise DerivationInputError("number_too_large", what=f"{base}**{exponent}")
    base_bits = max(int(abs(base.p)).bit_length(), int(base.q).bit_length())
    if base_bits * abs(exponent.p) > MAX_POWER_BITS:
        raise DerivationInputError("number_too_large", what=f"{base}**{exponent}")


def guard_integer(value: Rational) -> None:
    if max(int(abs(value.p)).bit_length(), int(value.q).bit_length()) > MAX_INTEGER_BITS:
        raise DerivationInputError("number_too_large", what=str(value)[:40] + "…")


def _not_allowed(node: Basic, problem: str | None) -> DerivationInputError:
    if isinstance(node, Float):
        return DerivationInputError("float_literal", value=str(node))
    if node.is_Function or getattr(node, "is_Function", False):
        name = getattr(node.func, "__name__", type(node).__name__)
        what = ("what:function", {"name": name})
    elif node.is_number and not node.args:
        what = ("what:constant", {"name": str(node)})
    else:
        what = ("what:node", {"name": type(node).__name__})
    return DerivationInputError("not_allowed", what=what, allowed=describe_allowed(problem))


# Node types that may appear in a derivation; each is rebuilt from its rebuilt arguments.
# Abs is not in the text language but sympy makes it (sqrt(z1**2) = |z1| for real z1).
_REBUILT = (Add, Mul, Pow, exp, log, Abs, Sum, Product, Derivative)


class _Canonicalizer:
    def __init__(self, problem: str | None, rename=None):
        self.problem = problem
        self.rename = rename
        self.nodes = 0
        self.memo: dict[Basic, Basic] = {}

    def symbol(self, name: str, node: Basic) -> Basic:
        if self.rename is not None:
            replaced = self.rename(name)
            if replaced is not None:
                if isinstance(replaced, (Symbol, IndexedBase)):
                    return self.symbol_by_name(replaced.name if isinstance(replaced, Symbol) else str(replaced.label))
                return self.walk(replaced, 0)
        return self.symbol_by_name(name)

    def symbol_by_name(self, name: str) -> Basic:
        obj = resolve_name(name, self.problem)
        if isinstance(obj, IndexedBase):
            raise DerivationInputError("indexed_needs_index", name=name)
        return obj

    def walk(self, node: Basic, depth: int) -> Basic:
        if depth > MAX_DEPTH:
            raise DerivationInputError("too_deep", limit=MAX_DEPTH)
        try:
            return self.memo[node]
        except KeyError:
            pass
        except TypeError:  # unhashable: not a sympy tree we know
            raise _not_allowed(node, self.problem) from None
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise DerivationInputError("too_big", limit=MAX_NODES)
        out = self._walk(node, depth)
        self.memo[node] = out
        return out

    def _walk(self, node: Basic, depth: int) -> Basic:
        if isinstance(node, Float):
            raise DerivationInputError("float_literal", value=str(node))
        if isinstance(node, Rational):
            guard_integer(node)
            return node
        if node is S.Exp1:
            return node
        if isinstance(node, Idx):
            return self.symbol(str(node.label), node)
        if isinstance(node, Symbol):  # Dummy included: identified by name like the rest
            return self.symbol(node.name, node)
        if isinstance(node, IndexedBase):
            name = str(node.label)
            obj = resolve_name(name, self.problem)
            if not isinstance(obj, IndexedBase):
                raise DerivationInputError("not_indexable", name=name)
            return obj
        if isinstance(node, Indexed):
            base = node.base
            name = str(base.label)
            obj = resolve_name(name, self.problem)
            if not isinstance(obj, IndexedBase):
                raise DerivationInputError("not_indexable", name=name)
            if len(node.indices) != 2:
                raise DerivationInputError("indexed_rank", name=name)
            indices = tuple(self.walk(k, depth + 1) for k in node.indices)
            return obj[indices]
        if isinstance(node, _REBUILT):
            args = []
            for position, arg in enumerate(node.args):
                if isinstance(arg, Tuple):
                    if not isinstance(node, (Sum, Product, Derivative)) or position == 0:
                        raise DerivationInputError(
                            "not_allowed", what=("what:tuple", {}), allowed=describe_allowed(self.problem)
                        )
                    args.append(Tuple(*(self.walk(a, depth + 1) for a in arg.args)))
                else:
                    args.append(self.walk(arg, depth + 1))
            if isinstance(node, Pow):
                guard_power(args[0], args[1])
            if isinstance(node, (Sum, Product)):
                for limit in args[1:]:
                    if not (
                        isinstance(limit, Tuple)
                        and len(limit) == 3
                        and isinstance(limit[0], Symbol)
                        and limit[0].name in SUMMATION_INDICES
                    ):
                        raise DerivationInputError("limits_form", name=type(node).__name__)
            if isinstance(node, Derivative):  # written as text or LaTeX, a derivative is an instruction: computed
                if size(args[0], DIFF_NODES) > DIFF_NODES:
                    raise DerivationInputError("too_big", limit=DIFF_NODES)
                for var in args[1:]:
                    var = var[0] if isinstance(var, Tuple) else var
                    if not isinstance(var, Symbol):
                        raise DerivationInputError("diff_var", allowed=describe_allowed(self.problem))
                return self.walk(node.func(*args).doit(), depth + 1)
            return node.func(*args)
        raise _not_allowed(node, self.problem)


def canonicalize(expr, problem: str | None = None, *, one_hot: bool = False, rename=None) -> Expr:
    """`expr` rebuilt over the lecture's symbols (whatever assumptions it was built with), or DerivationInputError.

    `problem` limits the names to those of one derivation; `one_hot=True` also applies that derivation's
    targets-sum-to-1 substitution; `rename(name)` lets a parser map its own names (LaTeX's z_{1}) first.
    """
    if isinstance(expr, bool) or not isinstance(expr, (Basic, int)):
        raise DerivationInputError("element_type", k="?", type=type(expr).__name__)
    if isinstance(expr, int):
        expr = Integer(expr)
    try:
        out = _Canonicalizer(problem, rename).walk(expr, 0)
    except RecursionError:
        raise DerivationInputError("too_deep", limit=MAX_DEPTH) from None
    if not isinstance(out, Expr):
        raise _not_allowed(out, problem)
    if one_hot:
        out = apply_one_hot(out, problem)
    return out


def apply_one_hot(expr: Expr, problem: str | None) -> Expr:
    """Targets sum to 1: replace the last target by 1 minus the others, where the derivation needs it."""
    substitution = ONE_HOT.get(problem or "")
    return expr.xreplace(substitution) if substitution else expr


def symbol_kind(name: str) -> str:
    """How the numeric check samples a name: logits, targets, sizes, or indexed probabilities/targets."""
    if name in ("z1", "z2", "z3", "c"):
        return "logit"
    if name in ("y1", "y2", "y3"):
        return "target"
    if name in ("N", "K"):
        return "size"
    if name in ("n", "i"):
        return "index"
    return "indexed"


__all__ = [
    "CANONICAL",
    "PROBLEM_NAMES",
    "ONE_HOT",
    "DerivationInputError",
    "canonicalize",
    "apply_one_hot",
    "kit_expression",
    "with_abbreviations",
    "allowed_names",
    "resolve_name",
    "guard_power",
    "symbol_kind",
    "z1",
    "z2",
    "z3",
    "c",
    "y1",
    "y2",
    "y3",
    "n",
    "i",
    "N",
    "K",
    "p",
    "y",
]
