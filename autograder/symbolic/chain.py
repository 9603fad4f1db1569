"""Grading one derivation chain: does it start at the given expression, does every step follow, is the goal reached.

Vocabulary (the messages use it, so students can read them):

* step k is chain[k]; step 0 must be the given expression.
* "step k follows from step k−1" when sympy finds the two equal (proved, or equal at every sampled point),
  over the lecture's domain and, where the derivation says so, with one-hot targets summing to 1.
* a MOVE is a step that changes the expression as sympy writes it. sympy rewrites as it builds (it cancels
  exp(c) at once, and turns exp(z2)/exp(z1) into exp(z2 − z1)), so a step that comes out identical to the
  one before is valid but is not a move.
* the STEP POINTS (0.6 of the problem, shared equally by the steps) are earned step by step, but only by a
  chain that makes at least `min_moves` moves, one fewer than the reference chain in solutions/ makes
  (never fewer than 2). A chain [start, goal], or one that leaps where the lecture takes several moves,
  keeps its start and goal points but earns no step points: each of its moves is "too large".
* cross_entropy_is_nll must also pass through a SUM OF LOGS: some step after step 0 contains a Sum whose
  summand contains log(A) with A a Product or a power such as p[n, i]**y[n, i]; i.e. −Σₙ log ∏ᵢ p^y or
  −ΣₙΣᵢ log p^y (the goal's log(p[n, i]) does not count). Otherwise the step points are withheld too.
* "reaches the goal" (0.2): the last step is the goal as sympy writes it. For mse_softmax_gradient the goal
  is a form: the last step must equal 4·s1(1 − s1)(s1 − y1) (with y2 = 1 − y1) and SHOW THE FACTOR, i.e. as
  sympy writes it, it is a product some of whose factors multiply to c·s1·(1 − s1) for a nonzero number c
  (s1·s2 counts: it is the same factor). That problem has one more part (0.1, taken from the step points):
  at y1 = 1, y2 = 0, z2 = 0 the final expression must go to 0 as z1 → −∞ (|g| < 1e−9 at z1 = −30 and
  < 1e−20 at −60, evaluated with mpmath at 50 digits), where cross-entropy's s1 − y1 goes to −1.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from numbers import Integral, Real

import mpmath
from sympy import (
    Basic,
    Derivative,
    Expr,
    Indexed,
    IndexedBase,
    Integer,
    Mul,
    Pow,
    Product,
    Sum,
    cancel,
    diff,
    exp,
    log,
    srepr,
    sstr,
    symbols,
    together,
)

from . import messages
from .budget import DEFAULT_STEP_SECONDS, Job, default_budget, flush_cache
from .equivalence import CACHE_VERSION, Verdict, _Evaluator, _Point, decide, pair_key, verdict_from_outcome
from .parse import parse_step
from .symbols import PROBLEM_NAMES, DerivationInputError, apply_one_hot, canonicalize

MAX_CHAIN = 50
DISPLAY_CHARS = 120
STEP_SHARE = 0.6


@dataclass(frozen=True)
class ProblemSpec:
    name: str
    start: Expr
    start_forms: frozenset  # canonical forms accepted as "the given expression"
    goal: Expr  # for mse_softmax_gradient: the value the last step must equal
    goal_text: str
    one_hot: bool
    min_moves: int
    waypoint: bool = False
    factor_goal: bool = False


def _lecture_expressions(**assumptions) -> dict[str, tuple[Expr, Expr]]:
    """(start, goal) of each derivation, built with symbols carrying `assumptions` (as a stub might declare them)."""
    z1, z2, z3, c = symbols("z1 z2 z3 c", **assumptions)
    y1, y2, y3 = symbols("y1 y2 y3", **assumptions)
    n, i, N, K = symbols("n i N K", integer=True, positive=True)
    p, y = IndexedBase("p", **assumptions), IndexedBase("y", **assumptions)
    den3 = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den3, exp(z2) / den3, exp(z3) / den3
    den2 = exp(z1) + exp(z2)
    t1, t2 = exp(z1) / den2, exp(z2) / den2
    return {
        "sigmoid_softmax_equivalence": (exp(z1) / (exp(z1) + exp(z2)), 1 / (1 + exp(-(z1 - z2)))),
        "softmax_shift_invariance": (
            exp(z1 + c) / (exp(z1 + c) + exp(z2 + c) + exp(z3 + c)),
            exp(z1) / (exp(z1) + exp(z2) + exp(z3)),
        ),
        "cross_entropy_is_nll": (
            -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N))),
            Sum(-Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N)),
        ),
        "softmax_ce_gradient": (diff(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1), s1 - y1),
        "mse_softmax_gradient": (diff((y1 - t1) ** 2 + (y2 - t2) ** 2, z1), 4 * t1 * (1 - t1) * (t1 - y1)),
    }


# min_moves: the reference chain's moves (as sympy writes its steps) minus one, at least 2.
_MIN_MOVES = {
    "sigmoid_softmax_equivalence": 2,  # reference: 4 steps, 2 of them change the expression
    "softmax_shift_invariance": 2,  # reference: 3 steps, 2 moves
    "cross_entropy_is_nll": 3,  # reference: 4 moves
    "softmax_ce_gradient": 2,  # reference: 3 moves
    "mse_softmax_gradient": 3,  # reference: 4 moves
}
_GOAL_TEXT = {
    "sigmoid_softmax_equivalence": "1/(1 + exp(-(z1 - z2)))",
    "softmax_shift_invariance": "exp(z1)/(exp(z1) + exp(z2) + exp(z3))",
    "cross_entropy_is_nll": "Sum(-Sum(y[n, i]*log(p[n, i]), (i, 1, K)), (n, 1, N))",
    "softmax_ce_gradient": "s1 - y1",
    "mse_softmax_gradient": "4*s1*(1 - s1)*(s1 - y1), showing the factor s1*(1 - s1)",
}
WAYPOINT_EXAMPLE = "-Sum(log(Product(p[n, i]**y[n, i], (i, 1, K))), (n, 1, N))"


def _build_specs() -> dict[str, ProblemSpec]:
    variants = [_lecture_expressions(real=True), _lecture_expressions(), _lecture_expressions(positive=True)]
    specs = {}
    for name in PROBLEM_NAMES:
        start, goal = (canonicalize(e, name) for e in variants[0][name])
        forms = set()
        for table in variants:
            forms.add(canonicalize(table[name][0], name))
        specs[name] = ProblemSpec(
            name=name,
            start=start,
            start_forms=frozenset(forms),
            goal=goal,
            goal_text=_GOAL_TEXT[name],
            one_hot=name in ("softmax_ce_gradient", "mse_softmax_gradient"),
            min_moves=_MIN_MOVES[name],
            waypoint=name == "cross_entropy_is_nll",
            factor_goal=name == "mse_softmax_gradient",
        )
    return specs


SPECS: dict[str, ProblemSpec] = _build_specs()


@dataclass
class Part:
    name: str
    weight: float
    passed: bool
    message: str

    @property
    def score(self) -> float:
        return self.weight if self.passed else 0.0


@dataclass
class ChainGrade:
    """The graded parts of one chain; `score` is the passed fraction (0..1) of the problem's points."""

    problem: str
    parts: list[Part] = field(default_factory=list)
    verdicts: list = field(default_factory=list)  # one per step (None where the step was not checked)

    @property
    def score(self) -> float:
        return round(sum(part.score for part in self.parts), 12)

    @property
    def passed(self) -> bool:
        return all(part.passed for part in self.parts)

    @property
    def feedback(self) -> str:
        return "\n".join(("✓ " if part.passed else "✗ ") + part.message for part in self.parts)

    def as_dict(self) -> dict:
        return {
            "problem": self.problem,
            "score": self.score,
            "parts": [{"name": p.name, "weight": p.weight, "passed": p.passed, "message": p.message} for p in self.parts],
        }


# --- small pieces ------------------------------------------------------------------------------------
def show(expr) -> str:
    """An expression as a student would type it, shortened for a message."""
    text = sstr(expr) if isinstance(expr, Basic) else str(expr)
    return text if len(text) <= DISPLAY_CHARS else text[: DISPLAY_CHARS - 1] + "…"


def _element(step, k: int, problem: str, lang: str) -> tuple[Expr | None, str | None]:
    """(canonical expression, None) or (None, the message saying why step k cannot be used)."""
    try:
        if step is None:
            return None, messages.text("element_none", lang, k=k)
        if step is Ellipsis:
            return None, messages.text("element_ellipsis", lang, k=k)
        if isinstance(step, bool):
            return None, messages.text("element_type", lang, k=k, type="bool")
        if isinstance(step, Integral):
            return canonicalize(Integer(int(step)), problem), None
        if isinstance(step, Real) and not isinstance(step, Basic):
            return None, messages.text("element_float", lang, k=k, value=repr(float(step)))
        if isinstance(step, str):
            return parse_step(step, problem), None
        if isinstance(step, Basic):
            return canonicalize(step, problem), None
        return None, messages.text("element_type", lang, k=k, type=type(step).__name__)
    except DerivationInputError as exc:
        return None, messages.text("element_error", lang, k=k, reason=exc.message(lang))


def is_sum_of_logs(expr: Expr) -> bool:
    """The waypoint of cross_entropy_is_nll: a Sum whose summand holds log(Product(...)) or log(base**power)."""
    for total in expr.atoms(Sum):
        for logarithm in total.function.atoms(log):
            argument = logarithm.args[0]
            if isinstance(argument, Product) or (isinstance(argument, Pow) and argument.has(Indexed)):
                return True
    return False


def _key(kind: str, *parts) -> str:
    text = "|".join([kind, CACHE_VERSION] + [srepr(p) if isinstance(p, Basic) else str(p) for p in parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _softmax_two():
    from .symbols import z1, z2

    den = exp(z1) + exp(z2)
    return exp(z1) / den


def shows_factor(expr: Expr, seconds: float) -> bool:
    """Worker job: is `expr` a product some of whose factors multiply to c·s1·(1 − s1), c a nonzero number?"""
    from .symbols import y1, y2

    s1 = _softmax_two()
    target = s1 * (1 - s1)
    factors = []
    for factor in Mul.make_args(expr):
        if factor.is_number:
            continue
        base, power = factor.as_base_exp()
        if power.is_Integer and 1 < abs(int(power)) <= 6:
            factors.extend([base ** (1 if power > 0 else -1)] * abs(int(power)))
        else:
            factors.append(factor)
    candidates = [f for f in factors if not f.has(y1, y2)][:10]
    tried = set()
    for size in range(1, len(candidates) + 1):
        for combo in combinations(candidates, size):
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


def saturation(expr: Expr, seconds: float) -> dict:
    """Worker job: the final expression and cross-entropy's s1 − y1 at y1 = 1, y2 = 0, z2 = 0, z1 = −30 and −60."""
    if expr.has(Derivative):
        expr = expr.doit()
    s1 = _softmax_two()
    from .symbols import y1

    out = {}
    for z in (-30, -60):
        point = _Point({"z1": Fraction(z), "z2": Fraction(0), "y1": Fraction(1), "y2": Fraction(0)}, {}, None)
        with mpmath.workdps(50):
            try:
                value = _Evaluator(point)(expr)
            except Exception as exc:
                return {"error": f"{type(exc).__name__}: {exc}"}
            ce = _Evaluator(point)(s1 - y1)
        out[f"g{-z}"] = [float(mpmath.re(value)), float(mpmath.im(value))]
        out[f"c{-z}"] = float(mpmath.re(ce))
    return out


def doit(expr: Expr, seconds: float) -> Expr:
    """Worker job: evaluate the derivatives in a step written with diff(...) (a gradient chain's step 0)."""
    return expr.doit()


# --- grading ------------------------------------------------------------------------------------
def _fail_all(problem: str, lang: str, message: str, mse: bool) -> ChainGrade:
    grade = ChainGrade(problem)
    grade.parts.append(Part(messages.text("part_start", lang), 0.2, False, message))
    grade.parts.append(Part(messages.text("part_steps_none", lang), 0.5 if mse else STEP_SHARE, False, message))
    grade.parts.append(Part(messages.text("part_goal", lang), 0.2, False, message))
    if mse:
        grade.parts.append(Part(messages.text("part_saturation", lang), 0.1, False, message))
    return grade


def grade_chain(problem: str, steps, lang: str = "en", step_seconds: float = DEFAULT_STEP_SECONDS) -> ChainGrade:
    """Grade a chain (a list of sympy expressions or strings) for one of the five derivations.

    `step_seconds` is the wall-clock budget of each sympy check (course.yml's `step_seconds`); checks run in
    parallel in killable worker processes and are cached, so a batch checks each distinct step once.
    """
    if problem not in SPECS:
        raise ValueError(f"unknown derivation {problem!r}; known: {', '.join(SPECS)}")
    spec = SPECS[problem]
    lang = messages.lang_or_default(lang)
    seconds = float(step_seconds)
    mse = spec.factor_goal
    step_share = 0.5 if mse else STEP_SHARE

    if not isinstance(steps, (list, tuple)):
        return _fail_all(problem, lang, messages.text("chain_not_list", lang, type=type(steps).__name__), mse)
    if len(steps) == 0:
        return _fail_all(problem, lang, messages.text("chain_empty", lang), mse)
    if len(steps) > MAX_CHAIN:
        return _fail_all(problem, lang, messages.text("chain_too_long", lang, count=len(steps), limit=MAX_CHAIN), mse)

    plain: list[Expr | None] = []
    errors: list[str | None] = []
    for k, step in enumerate(steps):
        expr, error = _element(step, k, problem, lang)
        plain.append(expr)
        errors.append(error)
    substituted = [apply_one_hot(e, problem) if e is not None and spec.one_hot else e for e in plain]
    last = len(steps) - 1

    # --- every sympy job of this chain, run together (in parallel, cached) ---
    budget = default_budget()
    jobs: list[Job] = []
    slots: dict[str, int] = {}

    def add(name: str, job: Job) -> None:
        slots[name] = len(jobs)
        jobs.append(job)

    first = plain[0]
    start_sub = apply_one_hot(spec.start, problem) if spec.one_hot else spec.start
    if first is not None and first not in spec.start_forms:
        if first.has(Derivative):
            add("start", Job(doit, (first,), _key("doit", first)))
        add("start_value", Job(decide, (substituted[0], start_sub, problem), pair_key(substituted[0], start_sub, problem, seconds)))
    step_pairs: list[int] = []
    for k in range(1, len(steps)):
        a, b = substituted[k - 1], substituted[k]
        if a is not None and b is not None and plain[k - 1] != plain[k] and a != b:
            add(f"step{k}", Job(decide, (a, b, problem), pair_key(a, b, problem, seconds)))
            step_pairs.append(k)
    final = plain[last]
    goal_sub = apply_one_hot(spec.goal, problem) if spec.one_hot else spec.goal
    if final is not None:
        if mse or final != spec.goal:
            add("goal", Job(decide, (substituted[last], goal_sub, problem), pair_key(substituted[last], goal_sub, problem, seconds)))
        if mse:
            add("factor", Job(shows_factor, (final,), _key("factor", final)))
            add("saturation", Job(saturation, (final,), _key("saturation", final)))
    outcomes = budget.run(jobs, seconds) if jobs else []
    result = {name: outcomes[index] for name, index in slots.items()}

    grade = ChainGrade(problem)

    # --- start ---
    start_name = messages.text("part_start", lang)
    if errors[0]:
        grade.parts.append(Part(start_name, 0.2, False, errors[0]))
    else:
        candidate = first
        if "start" in result and result["start"].status == "ok":
            candidate = result["start"].value
        if first in spec.start_forms or candidate in spec.start_forms:
            grade.parts.append(Part(start_name, 0.2, True, messages.text("start_ok", lang)))
        elif "start_value" in result and verdict_from_outcome(result["start_value"]).valid:
            grade.parts.append(Part(start_name, 0.2, False, messages.text("start_equal_not_written", lang, start=show(spec.start))))
        else:
            grade.parts.append(Part(start_name, 0.2, False, messages.text("start_wrong", lang, start=show(spec.start), got=show(first))))

    # --- steps ---
    verdicts: list[Verdict | None] = [None] * len(steps)
    for k in range(1, len(steps)):
        if plain[k - 1] is not None and plain[k] is not None:
            if plain[k - 1] == plain[k] or substituted[k - 1] == substituted[k]:
                verdicts[k] = Verdict("proved", "structure")
            else:
                verdicts[k] = verdict_from_outcome(result[f"step{k}"])
    grade.verdicts = verdicts[1:]
    moves = sum(1 for k in range(1, len(steps)) if plain[k - 1] is not None and plain[k] is not None and plain[k - 1] != plain[k])
    waypoint_ok = (not spec.waypoint) or any(e is not None and is_sum_of_logs(e) for e in plain[1:])
    eligible = moves >= spec.min_moves and waypoint_ok

    if len(steps) == 1:
        grade.parts.append(Part(messages.text("part_steps_none", lang), step_share, False, messages.text("steps_none", lang)))
    else:
        weight = step_share / (len(steps) - 1)
        for k in range(1, len(steps)):
            name = messages.text("part_step", lang, k=k, j=k - 1)
            grade.parts.append(_step_part(name, weight, k, steps, plain, errors, verdicts[k], eligible, moves, waypoint_ok, spec, lang, seconds))

    # --- goal ---
    goal_name = messages.text("part_goal", lang)
    goal_verdict = verdict_from_outcome(result["goal"]) if "goal" in result else None
    if errors[last]:
        grade.parts.append(Part(goal_name, 0.2, False, messages.text("goal_bad", lang, reason=errors[last])))
    elif mse:
        grade.parts.append(_mse_goal_part(goal_name, final, goal_verdict, result, lang, seconds))
    elif final == spec.goal:
        grade.parts.append(Part(goal_name, 0.2, True, messages.text("goal_ok", lang, goal=spec.goal_text)))
    elif goal_verdict is not None and goal_verdict.valid:
        grade.parts.append(Part(goal_name, 0.2, False, messages.text("goal_equal_not_written", lang, end=show(final), goal=spec.goal_text)))
    else:
        grade.parts.append(Part(goal_name, 0.2, False, messages.text("goal_wrong", lang, end=show(final), goal=spec.goal_text)))

    # --- the saturation fact (mse only) ---
    if mse:
        grade.parts.append(_saturation_part(final, errors[last], goal_verdict, result, lang))

    flush_cache()
    return grade


def _step_part(name, weight, k, steps, plain, errors, verdict, eligible, moves, waypoint_ok, spec, lang, seconds) -> Part:
    for index in (k - 1, k):
        if errors[index]:
            return Part(name, weight, False, messages.text("step_bad_side", lang, k=k, reason=errors[index]))
    is_move = plain[k - 1] != plain[k]
    if verdict.kind == "refuted":
        a_text, b_text = messages.fmt_pair(verdict.a_value, verdict.b_value)
        message = messages.text("step_false", lang, k=k, j=k - 1, point=messages.fmt_point(verdict.point), a=a_text, b=b_text)
        return Part(name, weight, False, message)
    if verdict.kind == "undecided":
        return Part(name, weight, False, messages.text("step_undecided", lang, k=k, j=k - 1, seconds=f"{seconds:g}"))
    if not eligible:
        if not waypoint_ok and moves >= spec.min_moves:
            message = messages.text("step_no_waypoint", lang, a=show(plain[k - 1]), b=show(plain[k]), waypoint=WAYPOINT_EXAMPLE)
        elif is_move:
            message = messages.text("step_too_large", lang, a=show(plain[k - 1]), b=show(plain[k]), moves=moves, minimum=spec.min_moves)
        else:
            reason = (messages.text("steps_withheld", lang, moves=moves, minimum=spec.min_moves) if waypoint_ok
                      else messages.text("step_no_waypoint", lang, a=show(plain[0]), b=show(plain[-1]), waypoint=WAYPOINT_EXAMPLE))
            message = messages.join(lang, messages.text("step_same", lang, k=k, j=k - 1), reason)
        return Part(name, weight, False, message)
    if not is_move:
        return Part(name, weight, True, messages.text("step_same", lang, k=k, j=k - 1))
    if verdict.kind == "numeric":
        return Part(name, weight, True, messages.text("step_numeric", lang, k=k, j=k - 1, count=verdict.points))
    return Part(name, weight, True, messages.text("step_proved", lang, k=k, j=k - 1))


def _mse_goal_part(name, final, verdict, result, lang, seconds) -> Part:
    end = show(final)
    if verdict is None or verdict.kind == "undecided":
        return Part(name, 0.2, False, messages.text("goal_mse_undecided", lang, end=end, seconds=f"{seconds:g}"))
    if verdict.kind == "refuted":
        a_text, b_text = messages.fmt_pair(verdict.a_value, verdict.b_value)
        return Part(name, 0.2, False, messages.text("goal_mse_not_equal", lang, end=end, point=messages.fmt_point(verdict.point), a=a_text, b=b_text))
    factor = result.get("factor")
    if factor is None or factor.status != "ok" or not factor.value:
        return Part(name, 0.2, False, messages.text("goal_mse_no_factor", lang, end=end))
    return Part(name, 0.2, True, messages.text("goal_mse_ok", lang, end=end))


def _saturation_part(final, error, goal_verdict, result, lang) -> Part:
    name = messages.text("part_saturation", lang)
    if error:
        return Part(name, 0.1, False, messages.text("saturation_unchecked", lang, reason=error))
    outcome = result.get("saturation")
    if outcome is None or outcome.status != "ok" or "error" in (outcome.value or {"error": 1}):
        reason = (outcome.value or {}).get("error") if outcome is not None and outcome.status == "ok" else (outcome.status if outcome else "?")
        return Part(name, 0.1, False, messages.text("saturation_unchecked", lang, reason=reason))
    values = outcome.value
    g30, g60 = complex(*values["g30"]), complex(*values["g60"])
    params = dict(g30=messages.fmt_number(g30), g60=messages.fmt_number(g60), c30=messages.fmt_number(values["c30"]))
    tends_to_zero = abs(g30) < 1e-9 and abs(g60) < 1e-20
    if tends_to_zero and goal_verdict is not None and goal_verdict.valid:
        return Part(name, 0.1, True, messages.text("saturation_ok", lang, **params))
    if tends_to_zero:
        return Part(name, 0.1, False, messages.text("saturation_not_gradient", lang, **params))
    return Part(name, 0.1, False, messages.text("saturation_wrong", lang, **params))


__all__ = ["grade_chain", "ChainGrade", "Part", "ProblemSpec", "SPECS", "is_sum_of_logs", "shows_factor"]
