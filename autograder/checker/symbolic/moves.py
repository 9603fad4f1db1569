"""Is a (valid) step one move you could name, and which? Measured on the step itself, never counted.

A step a → b is ONE MOVE when one rule of the lecture's list, applied once (at one place, or at every place
where it applies in a at the same time), turns a into b up to trivial rearrangement (`normal.normal`: sympy's
own way of writing, and where the numbers and signs in front of sums sit). Before that, the context both
steps share is stripped (`normal.localize`), so multiplying both sides by an unsimplified 1 or carrying a
common term along changes nothing: a leap hidden inside a padded step is still a leap.

The rules (each a function giving the expressions one application can produce, with what to call it):

* rules of exponents: exp(a + b) = exp(a)·exp(b), in either direction (exp(a)/exp(b) = exp(a − b));
* rules of logarithms: the log of a product (or of a Product) is the sum (the Sum) of the logs, one level at
  a time, either direction; log(aᵇ) = b·log(a), either direction;
* a constant factor moves into or out of a sum; a sum of sums splits into sums (and back);
* multiply out (a product over a sum, or a small power of a sum);
* collect (or cancel) a common factor;
* divide or multiply top and bottom by the same thing;
* substitute the one-hot identity (y1 + y2 + y3 = 1, or y1 + y2 = 1 for two classes);
* substitute the softmax identity (s1 + s2 + s3 = 1, i.e. s2 = 1 − s1 for two classes), with s_k written out.

Rules are deliberately small: none of them is a normaliser (cancel, together, simplify), which would make any
true identity "one move". The work is bounded by counts, never by a clock: at most MAX_CANDIDATES applications
per rule and place, and steps larger than MOVE_NODES nodes are not searched at all (such a step is not one
move anyone would write), so the same two steps get the same answer on an idle or a busy machine.

Besides `find_move` (a → b in one move), the feedback uses `two_moves` (the two moves a step that is too large
combines, when two are enough), `one_move` (every expression one move from a step: the route's distance,
route.py) and `nearest_move` (the move a false step seems to have attempted, and what it gives).
This module builds sympy objects: the grader runs it inside a worker only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations

from sympy import Add, Expr, Integer, Mul, Pow, Product, Sum, exp, expand_multinomial, log

from .normal import (
    apart,
    as_expr,
    build,
    common,
    divides,
    factors,
    localize,
    nodes,
    normal,
    quotient,
    size,
    split_factor,
)
from .show import abbreviated
from .symbols import ONE_HOT

MAX_CANDIDATES = 400  # per rule and place: a bound on the work, far above what the derivations need
MAX_ONE_MOVE = 600  # expressions one move from a step, in all rules
TWO_MOVE_TRIES = 24  # first moves tried (the nearest to the target first) when naming the two moves of a leap
TWO_MOVE_WORK = 2_000  # ... and the candidates their second moves may examine, in all
MOVE_NODES = 500  # a step larger than this (nodes of sympy's tree) is not searched for moves
MAX_POWER_TERMS = 8  # a power of a sum is multiplied out only when the sum has at most this many terms
SHOW_CHARS = 60


@dataclass(frozen=True)
class Move:
    """A named move: `key` of the message in messages.py, `params` to fill it in (text, language-neutral)."""

    key: str
    params: dict = field(default_factory=dict)

    def to_dict(self, problem: str | None = None) -> dict:
        """As plain data: an expression among the params (the factor a move collects) printed in the
        derivation's own names (show.py), at most SHOW_CHARS characters."""
        params = {
            name: abbreviated(value, problem, SHOW_CHARS) if isinstance(value, Expr) else value
            for name, value in self.params.items()
        }
        return {"key": self.key, "params": params}


def _show(expr) -> Expr:
    """A param that is an expression stays one until the move is written out (`Move.to_dict`)."""
    return expr


def _transform(expr: Expr, rewrite: Callable) -> Expr:
    """Apply `rewrite` at every node where it applies, bottom-up, each node once (a complete development:
    what one application creates is not rewritten again)."""
    if not isinstance(expr, Expr) or not expr.args:
        out = rewrite(expr)
        return expr if out is None else out
    args = [_transform(a, rewrite) if isinstance(a, Expr) else a for a in expr.args]
    rebuilt = expr.func(*args) if any(x is not y for x, y in zip(args, expr.args)) else expr
    out = rewrite(rebuilt) if rebuilt.func == expr.func else None
    return rebuilt if out is None else out


def _at_each(expr: Expr, kind: Callable, variants: Callable, limit: int = 40) -> Iterable:
    """One rewrite at one node: for every node where `kind` holds, each of `variants(node)` put in its place."""
    for node in nodes(expr, kind, limit):
        for new, params in variants(node):
            yield expr.xreplace({node: new}), params


# --- rules of exponents -------------------------------------------------------------------------
def _exp_split(e):
    if isinstance(e, exp) and e.args[0].is_Add:
        return Mul(*(exp(t) for t in e.args[0].args))
    return None


def _exp_factors(m: Expr) -> list:
    return [
        f for f in Mul.make_args(m) if isinstance(f, exp) or (f.is_Pow and isinstance(f.base, exp) and f.exp.is_Integer)
    ]


def _exp_combine(e):
    if e.is_Mul:
        found = _exp_factors(e)
        if len(found) >= 2:
            total = Add(*((f.args[0] if isinstance(f, exp) else f.base.args[0] * f.exp) for f in found))
            rest = [f for f in Mul.make_args(e) if f not in found]
            return Mul(exp(total), *rest)
    return None


def rule_exp_split(x, problem):
    yield _transform(x, _exp_split), {}


def rule_exp_combine(x, problem):
    yield _transform(x, _exp_combine), {}


# --- rules of logarithms ------------------------------------------------------------------------
def _log_product(e):
    if isinstance(e, log):
        arg = e.args[0]
        if arg.is_Mul:
            return Add(*(log(f) for f in arg.args))
        if isinstance(arg, Product):
            limits = arg.limits
            inner = Product(arg.function, *limits[:-1]) if len(limits) > 1 else arg.function
            return Sum(log(inner), limits[-1])
    return None


def _log_combine(e):
    if e.is_Add:
        logs = [t for t in e.args if isinstance(t, log)]
        if len(logs) >= 2:
            rest = [t for t in e.args if t not in logs]
            return Add(log(Mul(*(t.args[0] for t in logs))), *rest)
    if isinstance(e, Sum) and isinstance(e.function, log):
        limits = e.limits
        inner = e.function.args[0]
        if len(limits) == 1:
            return log(Product(inner, limits[0]))
        return Sum(log(Product(inner, limits[0])), *limits[1:])
    return None


def _log_power(e):
    if isinstance(e, log) and e.args[0].is_Pow:
        return e.args[0].exp * log(e.args[0].base)
    return None


def _log_power_back(e):
    if e.is_Mul:
        logs = [f for f in e.args if isinstance(f, log)]
        if len(logs) == 1:
            rest = [f for f in e.args if f is not logs[0]]
            return log(Pow(logs[0].args[0], Mul(*rest)))
    return None


def rule_log_product(x, problem):
    yield _transform(x, _log_product), {}


def rule_log_combine(x, problem):
    yield _transform(x, _log_combine), {}


def rule_log_power(x, problem):
    yield _transform(x, _log_power), {}


def rule_log_power_back(x, problem):
    yield _transform(x, _log_power_back), {}
    yield from _at_each(
        x, lambda e: e.is_Mul, lambda e: [(_log_power_back(e), {})] if _log_power_back(e) is not None else []
    )


# --- sums ---------------------------------------------------------------------------------------
def _indices(limits) -> set:
    return {limit[0] for limit in limits}


def _sum_in_variants(node):
    """c·Σ…Σ f → the constant moved into one of the nested sums (a Sum with k limits is k nested sums)."""
    sums = [f for f in node.args if isinstance(f, Sum)]
    if len(sums) != 1:
        return []
    total = sums[0]
    constant = Mul(*(f for f in node.args if f is not total))
    number, rest = constant.as_coeff_Mul()
    one = Integer(1)
    splits = [(constant, one), (rest, number), (number, rest)]  # (moved in, left outside)
    if number.is_negative:
        splits += [(Integer(-1), -constant), (-rest, -number)]
    limits = total.limits
    out = []
    for moved, kept in splits:
        if moved == 1:
            continue
        for j in range(len(limits)):
            inner = Sum(total.function, *limits[:j]) if j else total.function
            if moved.free_symbols & _indices(limits[j:]):
                continue
            out.append((kept * Sum(moved * inner, *limits[j:]), {"factor": _show(moved)}))
    return out


def _sum_out_variants(node):
    """Σ c·g → c·Σ g for a c free of the sum's indices (at the outermost level of a nested sum)."""
    out = []
    limits = node.limits
    for j in range(len(limits)):
        outer = limits[j:]
        body = node.function
        parts = Mul.make_args(body)
        free = [f for f in parts if not (f.free_symbols & _indices(limits))]
        if j == 0 and free and len(free) < len(parts) + 1:
            constant = Mul(*free)
            if constant != 1:
                rest = Mul(*(f for f in parts if f not in free))
                out.append((constant * Sum(rest, *limits), {"factor": _show(constant)}))
        if j and body.is_Mul:
            inner = [f for f in parts if isinstance(f, Sum)]
            if len(inner) == 1:
                constant = Mul(*(f for f in parts if f is not inner[0]))
                if not (constant.free_symbols & _indices(outer)):
                    out.append((constant * Sum(inner[0], *outer), {"factor": _show(constant)}))
    return out


def rule_sum_in(x, problem):
    yield from _at_each(x, lambda e: e.is_Mul and any(isinstance(f, Sum) for f in e.args), _sum_in_variants)


def rule_sum_out(x, problem):
    yield from _at_each(x, lambda e: isinstance(e, Sum), _sum_out_variants)


def _sum_split(e):
    if isinstance(e, Sum) and e.function.is_Add:
        return Add(*(Sum(t, *e.limits) for t in e.function.args))
    return None


def rule_sum_split(x, problem):
    yield _transform(x, _sum_split), {}


def _sum_join_variants(node):
    sums = [t for t in node.args if isinstance(t, Sum)]
    out = []
    for first, second in combinations(sums, 2):
        if first.limits == second.limits:
            rest = [t for t in node.args if t is not first and t is not second]
            out.append((Add(Sum(first.function + second.function, *first.limits), *rest), {}))
    return out


def rule_sum_join(x, problem):
    yield from _at_each(x, lambda e: e.is_Add, _sum_join_variants)


# --- multiply out -------------------------------------------------------------------------------
def _distribute_variants(node):
    out = []
    if node.is_Mul:
        parts = list(node.args)
        sums = [k for k, f in enumerate(parts) if f.is_Add]
        for k in sums:
            others = Mul(*(f for j, f in enumerate(parts) if j != k))
            out.append((Add(*(others * t for t in parts[k].args)), {}))
        if len(sums) > 1:
            from sympy import expand_mul

            out.append((expand_mul(node, deep=False), {}))
    elif (
        node.is_Pow
        and node.base.is_Add
        and node.exp.is_Integer
        and 2 <= abs(int(node.exp)) <= 4
        and len(node.base.args) <= MAX_POWER_TERMS
    ):
        expanded = expand_multinomial(Pow(node.base, abs(int(node.exp))))
        out.append((expanded if node.exp > 0 else Pow(expanded, -1), {}))
    return out


def _distribute_all(e):
    variants = _distribute_variants(e) if (e.is_Mul or e.is_Pow) else []
    return variants[0][0] if variants else None


def rule_distribute(x, problem):
    yield _transform(x, _distribute_all), {}
    yield from _at_each(
        x,
        lambda e: (e.is_Mul and any(f.is_Add for f in e.args)) or (e.is_Pow and e.base.is_Add and e.exp.is_Integer),
        _distribute_variants,
    )


# --- collect or cancel a common factor ----------------------------------------------------------
def _terms(add: Expr, spread: bool) -> list:
    """The terms of a sum, each product over a sum multiplied out first when `spread`."""
    if not spread:
        return list(add.args)
    out = []
    for t in add.args:
        variants = _distribute_variants(t) if t.is_Mul and any(f.is_Add for f in t.args) else []
        out.extend(Add.make_args(variants[0][0]) if len(variants) == 1 else [t])
    return out


def _candidate_factors(terms: list) -> list:
    tables = [factors(t)[1] for t in terms]
    found = []
    for i, j in combinations(range(len(tables)), 2):
        shared = common([tables[i], tables[j]])
        if shared and shared not in found:
            found.append(shared)
        for base, power in shared.items():
            single = {base: power}
            if single not in found:
                found.append(single)
    return found[:12]


def _collect(terms: list, factor: dict) -> Expr | None:
    inside, outside = [], []
    for t in terms:
        coefficient, table = factors(t)
        if divides(factor, table):
            inside.append(build(coefficient, quotient(table, factor)))
        else:
            outside.append(t)
    if len(inside) < 2 and not (inside and not outside):
        return None
    return Add(Mul(as_expr(factor), Add(*inside)), *outside)


def _collect_variants(node):
    out = []
    for spread in (False, True):
        terms = _terms(node, spread)
        for factor in _candidate_factors(terms):
            collected = _collect(terms, factor)
            if collected is not None:
                out.append((collected, {"factor": _show(as_expr(factor))}))
    return out


def rule_collect(x, problem):
    yield from _at_each(x, lambda e: e.is_Add, _collect_variants, limit=20)
    # the same factor out of every sum that has it, at once (numerator and denominator alike)
    adds = nodes(x, lambda e: e.is_Add, 20)
    seen = []
    for node in adds:
        for factor in _candidate_factors(list(node.args)):
            if factor in seen:
                continue
            seen.append(factor)
            mapping = {}
            for other in adds:
                collected = _collect(list(other.args), factor)
                if collected is not None:
                    mapping[other] = collected
            if len(mapping) > 1:
                yield x.xreplace(mapping), {"factor": _show(as_expr(factor))}


# --- top and bottom -----------------------------------------------------------------------------
def _split_fraction(node: Expr) -> tuple:
    top, bottom = [], []
    for f in Mul.make_args(node):
        if f.is_Pow and f.exp.is_negative and f.exp.is_Integer:
            bottom.append(Pow(f.base, -f.exp))
        elif f.is_Rational and f.q != 1:
            top.append(Integer(f.p))
            bottom.append(Integer(f.q))
        else:
            top.append(f)
    return Mul(*top), Mul(*bottom)


def _divide(part: Expr, by: Expr) -> Expr:
    if part.is_Add:
        return Add(*(t / by for t in part.args))
    if part.is_Mul:
        sums = [f for f in part.args if f.is_Add]
        if len(sums) == 1:
            rest = Mul(*(f for f in part.args if f is not sums[0]))
            return rest * Add(*(t / by for t in sums[0].args))
    return part / by


def _divide_variants(node, hints):
    top, bottom = _split_fraction(node)
    if bottom == 1:
        return []
    pool = []
    for part in (top, bottom):
        for term in Add.make_args(part):
            for f in Mul.make_args(term):
                if not f.is_Number:
                    pool.append(f)
    pool.extend(hints)
    out, seen = [], set()
    for f in pool:
        for by in (f, 1 / f):
            if by in seen:
                continue
            seen.add(by)
            new = Mul(_divide(top, by), Pow(_divide(bottom, by), -1))
            name, how = (1 / by, "multiply") if _looks_inverted(by) else (by, "divide")
            out.append((new, {"factor": _show(name), "how": how}))
    return out


def _looks_inverted(f: Expr) -> bool:
    """exp(−u) or u**−k: dividing by it reads better as multiplying by its inverse."""
    if isinstance(f, exp):
        return f.args[0].could_extract_minus_sign()
    return bool(f.is_Pow and f.exp.is_negative)


def _fraction_hints(y: Expr) -> list:
    top, bottom = _split_fraction(y)
    return [
        f for part in (top, bottom) for term in Add.make_args(part) for f in Mul.make_args(term) if not f.is_Number
    ][:12]


def rule_divide(x, problem, target=None):
    hints = _fraction_hints(target) if target is not None else []

    def is_fraction(e):
        return e.is_Mul and any(f.is_Pow and f.exp.is_negative for f in e.args) or (e.is_Pow and e.exp.is_negative)

    for node in nodes(x, is_fraction, 10):
        for new, params in _divide_variants(node, hints):
            yield x.xreplace({node: new}), params


# --- identities of the derivation: one-hot targets, softmax outputs ---------------------------------
def _target_names(problem) -> list:
    substitution = ONE_HOT.get(problem or "", {})
    if not substitution:
        return []
    ((last, rest),) = substitution.items()
    return sorted({last} | rest.free_symbols, key=lambda s: s.name)


def rule_one_hot(x, problem):
    targets = _target_names(problem)
    if not targets:
        return
    identity = " + ".join(t.name for t in targets) + " = 1"
    params = {"identity": identity}
    for t in targets:  # substitute one target by 1 minus the others, everywhere
        others = Add(*(u for u in targets if u != t))
        yield x.xreplace({t: 1 - others}), params

    def replace_sum(e):  # the sum of the targets (with one coefficient) inside a longer sum becomes that coefficient
        if e.is_Add:
            coefficients = {}
            for term in e.args:
                c, rest = term.as_coeff_Mul()
                if rest in targets:
                    coefficients[rest] = c
            if len(coefficients) == len(targets) and len(set(coefficients.values())) == 1:
                c = next(iter(coefficients.values()))
                rest = [term for term in e.args if term.as_coeff_Mul()[1] not in targets]
                return Add(c, *rest)
        return None

    yield _transform(x, replace_sum), params


def _softmax_denominators(x: Expr) -> list:
    found = []
    for node in nodes(x, lambda e: e.is_Add and len(e.args) >= 2 and all(isinstance(t, exp) for t in e.args), 20):
        if node not in found:
            found.append(node)
    return found


def _softmax_identity(den) -> str:
    k = len(den.args)
    return " + ".join(f"s{j}" for j in range(1, k + 1)) + " = 1"


def _replace_share(x: Expr, den: Expr, k: int) -> Expr:
    """Every exp(u_k)/den inside a product replaced by 1 − (the other shares), where den = Σ exp(u_j)."""
    top = den.args[k]
    others = Add(*(t / den for j, t in enumerate(den.args) if j != k))

    base, power = split_factor(top)
    share = {base: power, den: -1}

    def rewrite(e):
        if not e.is_Mul:
            return None
        coefficient, table = factors(e)
        if not divides(share, table):
            return None
        return build(coefficient, quotient(table, share)) * (1 - others)

    return _transform(x, rewrite)


def _restore_share(x: Expr, den: Expr, k: int) -> Expr:
    """1 − (the other shares) → exp(u_k)/den, inside any sum."""
    shares = [t / den for j, t in enumerate(den.args) if j != k]

    def rewrite(e):
        if not e.is_Add:
            return None
        constants = [t for t in e.args if t.is_Number]
        if len(constants) != 1:
            return None
        c = constants[0]
        wanted = [-c * s for s in shares]
        if all(w in e.args for w in wanted):
            rest = [t for t in e.args if t not in wanted and t is not c]
            return Add(c * den.args[k] / den, *rest)
        return None

    return _transform(x, rewrite)


def rule_softmax(x, problem):
    for den in _softmax_denominators(x):
        params = {"identity": _softmax_identity(den)}
        for k in range(len(den.args)):
            yield _replace_share(x, den, k), params
            yield _restore_share(x, den, k), params


# --- the catalogue --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    key: str
    produce: Callable
    wants_target: bool = False


RULES = (
    Rule("move_exp_split", rule_exp_split),
    Rule("move_exp_combine", rule_exp_combine),
    Rule("move_log_product", rule_log_product),
    Rule("move_log_combine", rule_log_combine),
    Rule("move_log_power", rule_log_power),
    Rule("move_log_power_back", rule_log_power_back),
    Rule("move_one_hot", rule_one_hot),
    Rule("move_softmax", rule_softmax),
    Rule("move_sum_in", rule_sum_in),
    Rule("move_sum_out", rule_sum_out),
    Rule("move_sum_split", rule_sum_split),
    Rule("move_sum_join", rule_sum_join),
    Rule("move_distribute", rule_distribute),
    Rule("move_collect", rule_collect),
    Rule("move_divide", rule_divide, wants_target=True),
)


def _matches(rule: Rule, x: Expr, y: Expr, problem, memo: dict, work: list | None = None):
    """The params of the first application of `rule` to x that gives y (up to trivial rearrangement); `work`
    ([count]) is a budget of candidates shared by several searches, spent as they are examined."""
    produced = rule.produce(x, problem, y) if rule.wants_target else rule.produce(x, problem)
    for count, (candidate, params) in enumerate(produced):
        if count >= MAX_CANDIDATES:
            return None
        if work is not None:
            work[0] -= 1
            if work[0] < 0:
                return None
        if candidate is None or candidate == x:
            continue
        if candidate == y or normal(candidate, memo) == y:
            return params
    return None


def searchable(*exprs) -> bool:
    """Small enough to look for moves in (a bound by size, so the answer never depends on the machine)."""
    return all(size(e, MOVE_NODES) <= MOVE_NODES for e in exprs)


def _named(rule: Rule, params: dict, a: Expr, b: Expr) -> Move:
    """The move a rule's application is called: dividing by exp(−u) reads as multiplying, a collected factor
    that no longer shows was cancelled."""
    params = dict(params)
    key = rule.key
    if key == "move_divide" and params.pop("how", "divide") == "multiply":
        key = "move_multiply"
    params.pop("how", None)
    if key == "move_collect" and _cancelled(a, b, params):
        key = "move_cancel"
    return Move(key, params)


def find_move(a: Expr, b: Expr, problem: str | None = None, work: list | None = None) -> Move | None:
    """The move that turns step a into step b, or None when no single move of the list does (a leap).

    a and b are canonical (rebuild/parse) and different; the caller has checked that b equals a. `work`
    ([count]): a budget of candidates to examine, shared with other searches (None: each rule's own bound).
    """
    if not searchable(a, b):
        return None
    memo: dict = {}
    na, nb = normal(a, memo), normal(b, memo)
    if na == nb:
        return Move("move_rearranged")
    places = localize(na, nb)
    tries = [places] if places == [(na, nb)] else [places, [(na, nb)]]
    for pairs in tries:
        pairs = [(normal(x, memo), normal(y, memo)) for x, y in pairs]
        for rule in RULES:
            found = []
            for x, y in pairs:
                params = _matches(rule, x, y, problem, memo, work)
                if params is None:
                    break
                found.append(params)
            else:
                if found:
                    return _named(rule, found[0], a, b)
    return None


def one_move(a: Expr, problem: str | None = None, memo: dict | None = None) -> list:
    """Every expression one move of the list from a (each once, in sympy's form with trivial rearrangement
    undone, `normal.normal`), with the move: [(expression, Move)], at most MAX_ONE_MOVE of them."""
    memo = {} if memo is None else memo
    na = normal(a, memo)
    out, seen = [], {na}
    for rule in RULES:
        produced = rule.produce(na, problem, None) if rule.wants_target else rule.produce(na, problem)
        try:
            for count, (candidate, params) in enumerate(produced):
                if count >= MAX_CANDIDATES or len(out) >= MAX_ONE_MOVE:
                    break
                if candidate is None:
                    continue
                candidate = normal(candidate, memo)
                if candidate in seen:
                    continue
                seen.add(candidate)
                out.append((candidate, _named(rule, params, na, candidate)))
        except Exception:  # a rule that cannot handle some shape offers nothing here
            continue
    return out


def two_moves(a: Expr, b: Expr, problem: str | None = None) -> list[Move] | None:
    """Two moves of the list that turn a into b (the first move tried nearest to b first, TWO_MOVE_TRIES of them),
    or None: the moves a step that is too large combines."""
    if not searchable(a, b):
        return None
    memo: dict = {}
    nb = normal(b, memo)
    first = one_move(a, problem, memo)
    ranked = sorted(range(len(first)), key=lambda k: (apart(first[k][0], nb), k))
    work = [TWO_MOVE_WORK]
    for k in ranked[:TWO_MOVE_TRIES]:
        if work[0] <= 0:
            break
        candidate, move = first[k]
        second = find_move(candidate, nb, problem, work)
        if second is not None and second.key != "move_rearranged":
            return [move, second]
    return None


def nearest_move(a: Expr, b: Expr, problem: str | None = None) -> tuple[Move, Expr] | None:
    """For a false step a → b: the move whose result comes nearest to b where the two differ, and the whole
    expression it gives, when that result is nearer to b than a itself (else None: no move seems attempted)."""
    if not searchable(a, b):
        return None
    memo: dict = {}
    na, nb = normal(a, memo), normal(b, memo)
    places = localize(na, nb)
    x, y = places[0] if len(places) == 1 else (na, nb)
    if x is not na and na.xreplace({x: Integer(0)}) == na:  # stripped context: x is not a piece of a as written
        x, y = na, nb
    best = None
    for candidate, move in one_move(x, problem, memo):
        if move.key == "move_rearranged":
            continue
        gap = apart(candidate, y)
        if best is None or gap < best[0]:
            best = (gap, candidate, move)
    if best is None or best[0] >= apart(x, y):
        return None
    _, candidate, move = best
    whole = candidate if x is na else normal(na.xreplace({x: candidate}), memo)
    return move, whole


def _cancelled(a: Expr, b: Expr, params: dict) -> bool:
    """A collected factor that no longer shows in b at all was cancelled against the rest (sympy does it at once)."""
    factor = params.get("factor")
    if not isinstance(factor, Expr):
        return False
    return not all(b.has(base) for base in factors(factor)[1])


__all__ = ["Move", "find_move", "one_move", "two_moves", "nearest_move", "searchable", "RULES"]
