"""The work a chain needs, as jobs that run inside a worker and answer in plain data.

Everything that builds or evaluates a sympy expression from a student's step is here: reading a step
(rebuilding a tree, parsing text or LaTeX), checking one link of the chain (equal? which move?), comparing
with the start or the goal, a goal that is a form and a fact the result must show. Each job takes plain
data (trees of strings, text) and returns plain data (trees, digests, verdicts as dicts, notes), so the
grading process never holds a sympy object built from a submission, and results can be cached in a JSON
file a batch shares.
Every job's last argument is the runner's backstop in seconds, which no job reads: what a job decides is
bounded by the size of its input and by counts of work (equivalence.py, moves.py), never by a clock, so the
same chain gets the same answers on an idle and on a busy machine. The backstop (the runner kills a job
that outlives it) is far above what any step the checker accepts costs.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import mpmath
from sympy import Integer, Mul, cancel, together

from .derivations import DERIVATIONS
from .equivalence import SEED, Verdict, _Evaluator, _Point, decide
from .moves import find_move, nearest_move, searchable, two_moves
from .normal import digest, normal, size
from .parse import MAX_CHARS, parse_step
from .rebuild import rebuild, shown, to_tree
from .route import locate as route_locate
from .show import abbreviated
from .symbols import (
    CANONICAL,
    DerivationInputError,
    apply_one_hot,
    guard_integer,
    kit_expression,
    symbol_kind,
    with_abbreviations,
)
from .tree import SympyTree

SHOWN_CHARS = 160
FACTOR_NODES = 600  # a last step larger than this is not searched for the goal's factor
FACTOR_CANDIDATES = 8  # factors tried, in products of up to FACTOR_COMBINED of them
FACTOR_COMBINED = 4


def error_note(exc: DerivationInputError) -> dict:
    """A refused input as a note (key, params; a nested (key, params) pair as a nested note), to render later."""
    params = {}
    for name, value in exc.params.items():
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            params[name] = {"key": value[0], "params": dict(value[1])}
        else:
            params[name] = value
    return {"key": exc.key, "params": params}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


# --- reading one step ---------------------------------------------------------------------------
def read_step(raw: tuple, problem: str | None, seconds: float) -> dict:
    """("tree", root) | ("text", str) | ("int", digits) → the canonical expression as plain data:
    {"tree", "key" (digest), "normal" (digest of the trivially rearranged form), "shown"} or {"error", "shown"}."""
    kind, payload = raw
    text = ""
    try:
        if kind == "tree":
            text = _short(shown(payload))
            expr = rebuild(payload, problem)
            text = abbreviated(expr, problem, SHOWN_CHARS)  # built with sympy: printed in the student's names
        elif kind == "text":
            text = _short(payload.strip())
            if len(payload) > MAX_CHARS:
                raise DerivationInputError("too_long", length=len(payload), limit=MAX_CHARS)
            expr = parse_step(payload, problem)
        else:
            text = _short(payload)
            expr = Integer(int(payload))
            guard_integer(expr)
    except DerivationInputError as exc:
        return {"error": error_note(exc), "shown": text}
    return {"tree": to_tree(expr), "key": digest(expr), "normal": digest(normal(expr)), "shown": text}


# --- one link of the chain ----------------------------------------------------------------------
def check_link(tree_a, tree_b, problem: str | None, one_hot: bool, seed: int, pair: str, seconds: float) -> dict:
    """Is b equal to a (with the derivation's identities), and if so which single move turns a into b?

    {"verdict": Verdict dict, "move": {"key", "params"} | None, "move_status": "found"|"none"|"too_big"|"-"}.
    """
    a, b = rebuild(tree_a, problem), rebuild(tree_b, problem)
    sa, sb = (apply_one_hot(a, problem), apply_one_hot(b, problem)) if one_hot else (a, b)
    verdict = Verdict("proved", "structure") if sa == sb else decide(sa, sb, problem, seed, pair)
    out = {"verdict": verdict.to_dict(), "move": None, "move_status": "-"}
    if not verdict.valid:
        return out
    if not searchable(a, b):
        out["move_status"] = "too_big"
        return out
    move = _quietly(find_move, a, b, problem)
    out["move"] = move.to_dict(problem) if move is not None else None
    out["move_status"] = "found" if move is not None else "none"
    return out


def leap_moves(tree_a, tree_b, problem: str, seconds: float) -> list | None:
    """The two moves a true step that is too large combines (notes), when two moves of the list make it."""
    path = _quietly(two_moves, rebuild(tree_a, problem), rebuild(tree_b, problem), problem)
    return [m.to_dict(problem) for m in path] if path else None


def attempted(tree_a, tree_b, problem: str, seconds: float) -> dict | None:
    """For a false step: the move of the list whose result comes nearest to what was written, and that result
    ({"move", "gives"}), or None when no move comes nearer than the step before."""
    found = _quietly(nearest_move, rebuild(tree_a, problem), rebuild(tree_b, problem), problem)
    if found is None:
        return None
    move, gives = found
    return {"move": move.to_dict(problem), "gives": abbreviated(gives, problem, SHOWN_CHARS)}


def _quietly(search, *args):
    """A move search, or None where a rule cannot handle some shape (no move is named then)."""
    try:
        return search(*args)
    except Exception:
        return None


def locate(tree, problem: str, seconds: float) -> dict:
    """How far along the lecture's route an expression is ({"distance": moves to the goal | None, "via": the
    move to the milestone | None}), see route.py."""
    distance, via = route_locate(rebuild(tree, problem), problem)
    return {"distance": distance, "via": via}


def compare(tree_a, tree_b, problem: str | None, one_hot: bool, seed: int, pair: str, seconds: float) -> dict:
    """The verdict alone (the chain's end against the goal, check_equivalent)."""
    a, b = rebuild(tree_a, problem), rebuild(tree_b, problem)
    if one_hot:
        a, b = apply_one_hot(a, problem), apply_one_hot(b, problem)
    verdict = Verdict("proved", "structure") if a == b else decide(a, b, problem, seed, pair)
    return verdict.to_dict()


# --- a goal that is a form, a fact the result must show ---------------------------------------------
def shows_factor(tree, problem: str, seconds: float) -> bool:
    """Is the expression a product some of whose factors (those free of the targets) multiply to c·F, with F
    the derivation's goal factor and c a nonzero number?"""
    derivation = DERIVATIONS[problem]
    expr = rebuild(tree, problem)
    if size(expr, FACTOR_NODES) > FACTOR_NODES:
        return False
    target = kit_expression(derivation.goal_factor, with_abbreviations(derivation))
    targets = [CANONICAL[name] for name in derivation.names if symbol_kind(name) == "target"]
    factors = []
    for factor in Mul.make_args(expr):
        if factor.is_number:
            continue
        base, power = factor.as_base_exp()
        if power.is_Integer and 1 < abs(int(power)) <= 6:
            factors.extend([base ** (1 if power > 0 else -1)] * abs(int(power)))
        else:
            factors.append(factor)
    candidates = [f for f in factors if not f.has(*targets)][:FACTOR_CANDIDATES]
    tried = set()
    for count in range(1, min(len(candidates), FACTOR_COMBINED) + 1):
        for combo in combinations(candidates, count):
            product = Mul(*combo)
            if product in tried:
                continue
            tried.add(product)
            try:
                ratio = cancel(together(product / target))
            except Exception:
                continue
            if ratio.is_number and ratio.is_zero is False and ratio.is_finite is not False:
                return True
    return False


def vanishing(tree, problem: str, seconds: float) -> dict:
    """The final expression ("values": [re, im] each) and the fact's `beside` expression ("beside") at the
    derivation's point, its `along` name taking each of the fact's values (mpmath, 50 digits)."""
    derivation = DERIVATIONS[problem]
    fact = derivation.vanishes
    expr = rebuild(tree, problem)
    beside = kit_expression(fact.beside, with_abbreviations(derivation))
    out = {"values": [], "beside": []}
    for value in fact.values:
        at = {name: Fraction(number) for name, number in fact.at.items()}
        point = _Point({**at, fact.along: Fraction(value)}, {}, None)
        with mpmath.workdps(50):
            try:
                found = _Evaluator(point)(expr)
            except Exception as exc:
                return {"error": f"{type(exc).__name__}: {exc}"}
            other = _Evaluator(point)(beside)
        out["values"].append([float(mpmath.re(found)), float(mpmath.im(found))])
        out["beside"].append(float(mpmath.re(other)))
    return out


def compare_raw(raw_a: tuple, raw_b: tuple, problem: str | None, seed: int, seconds: float) -> dict:
    """Read two steps and compare them (check_equivalent's job): {"verdict"} or {"error"}."""
    read_a = read_step(raw_a, problem, seconds)
    read_b = read_step(raw_b, problem, seconds)
    for read in (read_a, read_b):
        if "error" in read:
            return {"error": read["error"]}
    pair = f"{read_a['key']}|{read_b['key']}"
    return {"verdict": compare(read_a["tree"], read_b["tree"], problem, True, seed, pair, seconds)}


__all__ = [
    "read_step",
    "check_link",
    "leap_moves",
    "attempted",
    "locate",
    "compare",
    "shows_factor",
    "vanishing",
    "compare_raw",
    "digest",
    "error_note",
    "SEED",
    "SympyTree",
]
