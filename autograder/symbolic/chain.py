"""Grading one derivation chain: does it start at the given expression, does every step follow in one move,
is the goal reached. The grading process only orchestrates: every piece of sympy work on the student's steps
runs as a job (jobs.py) in a killable worker, and what comes back is plain data.

Vocabulary (the messages use it, so students can read them):

* step k is chain[k]; step 0 must be the given expression, as written up to trivial rearrangement (order,
  signs, number factors), not something that only equals it (an unevaluated Derivative is refused outright).
* "step k follows from step k−1" when sympy finds the two equal (proved, or equal at every sampled point: the
  message says which), over the lecture's domain and, where the derivation says so, with one-hot targets
  summing to 1.
* a step is ONE MOVE when one rule of the lecture's list, applied once, turns one side into the other
  (moves.py measures it on the step itself; the move is named in the feedback). A step that sympy writes
  the same as the one before is not counted at all: it neither earns nor loses points.
* the STEP POINTS (0.6 of the problem; 0.5 for mse_softmax_gradient) are shared equally by the counted steps.
  A false step, a step that cannot be read or decided, loses its own share. A true step that is not one move
  (a leap) earns nothing, and while a chain leaps anywhere none of its steps earns points: padding a leap
  with steps that add and remove an unsimplified 1 cannot buy them back.
* "reaches the goal" (0.2): the last step is the goal as written (up to trivial rearrangement). For
  mse_softmax_gradient the goal is a form: the last step must equal 4·s1(1 − s1)(s1 − y1) (with y2 = 1 − y1)
  and SHOW THE FACTOR, i.e. as sympy writes it, it is a product some of whose factors multiply to
  c·s1·(1 − s1) for a nonzero number c (s1·s2 counts). That problem has one more part (0.1): at y1 = 1,
  y2 = 0, z2 = 0 the final expression must go to 0 as z1 → −∞ (|g| < 1e−9 at z1 = −30 and < 1e−20 at −60,
  evaluated with mpmath at 50 digits), where cross-entropy's s1 − y1 goes to −1.

A chain is graded once, its parts kept as catalogue Messages, and read in any language (`ChainGrade.in_language`); the whole chain shares one
deadline (`chain_seconds`, by default CHAIN_STEPS × the step budget), so a long hostile chain costs a bounded
time however many steps it has.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from numbers import Integral, Real

from sympy import Basic, Expr, IndexedBase, Product, Sum, diff, exp, log, sstr, symbols

from ..catalogue import SOURCE_LANGUAGE, Message
from . import messages
from .equivalence import CACHE_VERSION, SEED, Verdict
from .jobs import check_link, compare, digest, read_step, saturation, shows_factor
from .normal import normal
from .parse import MAX_CHARS, looks_like_latex, preload_latex
from .rebuild import to_tree
from .runner import DEFAULT_STEP_SECONDS, InlineRunner, Job
from .symbols import PROBLEM_NAMES, canonicalize
from .tree import InvalidTree, SympyTree, from_sympy

MAX_CHAIN = 50
MAX_INT_DIGITS = 1_000
STEP_SHARE = 0.6
CHAIN_STEPS = 5  # a chain's deadline, in step budgets

_SEED_DEFAULT = SEED


@dataclass(frozen=True)
class ProblemSpec:
    name: str
    start: Expr
    start_keys: frozenset  # digests of the canonical forms accepted as "the given expression"
    start_normals: frozenset
    start_tree: tuple
    goal: Expr  # for mse_softmax_gradient: the value the last step must equal
    goal_key: str
    goal_normal: str
    goal_tree: tuple
    goal_text: str
    start_text: str
    one_hot: bool
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


_GOAL_TEXT = {
    "sigmoid_softmax_equivalence": "1/(1 + exp(-(z1 - z2)))",
    "softmax_shift_invariance": "exp(z1)/(exp(z1) + exp(z2) + exp(z3))",
    "cross_entropy_is_nll": "Sum(-Sum(y[n, i]*log(p[n, i]), (i, 1, K)), (n, 1, N))",
    "softmax_ce_gradient": "s1 - y1",
    "mse_softmax_gradient": "4*s1*(1 - s1)*(s1 - y1), showing the factor s1*(1 - s1)",
}


def _build_specs() -> dict[str, ProblemSpec]:
    """From the kit's own expressions (trusted): built here once, never from a submission."""
    variants = [_lecture_expressions(real=True), _lecture_expressions(), _lecture_expressions(positive=True)]
    specs = {}
    for name in PROBLEM_NAMES:
        start, goal = (canonicalize(e, name) for e in variants[0][name])
        forms = {canonicalize(table[name][0], name) for table in variants}
        specs[name] = ProblemSpec(
            name=name, start=start,
            start_keys=frozenset(digest(f) for f in forms), start_normals=frozenset(digest(normal(f)) for f in forms),
            start_tree=to_tree(start), goal=goal, goal_key=digest(goal), goal_normal=digest(normal(goal)),
            goal_tree=to_tree(goal), goal_text=_GOAL_TEXT[name], start_text=_short_text(sstr(start)),
            one_hot=name in ("softmax_ce_gradient", "mse_softmax_gradient"),
            factor_goal=name == "mse_softmax_gradient",
        )
    return specs


def _short_text(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


SPECS: dict[str, ProblemSpec] = _build_specs()


# --- what a grade holds -------------------------------------------------------------------------
def _note(key: str, **params) -> dict:
    return {"key": key, "params": params}


@dataclass
class Part:
    """One graded part: its name and what the grade says about it, as catalogue Messages (any language)."""

    title: Message
    weight: float
    passed: bool
    says: Message
    lang: str = SOURCE_LANGUAGE  # the language `name` and `message` are read in

    @property
    def name(self) -> str:
        return self.title.render(self.lang)

    @property
    def message(self) -> str:
        return self.says.render(self.lang)

    @property
    def score(self) -> float:
        return self.weight if self.passed else 0.0


@dataclass
class ChainGrade:
    """The graded parts of one chain; `score` is the passed fraction (0..1) of the problem's points."""

    problem: str
    parts: list[Part] = field(default_factory=list)
    verdicts: list = field(default_factory=list)  # one per step 1..n (None where the step was not checked)
    moves: list = field(default_factory=list)  # one per step 1..n: {"key", "params"} of the move, or None
    lang: str = SOURCE_LANGUAGE

    @property
    def score(self) -> float:
        return round(sum(part.score for part in self.parts), 12)

    @property
    def passed(self) -> bool:
        return all(part.passed for part in self.parts)

    @property
    def feedback(self) -> str:
        return "\n".join(("✓ " if part.passed else "✗ ") + part.message for part in self.parts)

    def in_language(self, lang: str) -> "ChainGrade":
        """The same grade read in `lang` (nothing is checked or rendered again)."""
        lang = messages.lang_or_default(lang)
        return ChainGrade(self.problem, [replace(p, lang=lang) for p in self.parts], list(self.verdicts),
                          list(self.moves), lang)

    def as_dict(self) -> dict:
        return {
            "problem": self.problem,
            "score": self.score,
            "parts": [{"name": p.name, "weight": p.weight, "passed": p.passed, "message": p.message} for p in self.parts],
        }


class _Builder:
    def __init__(self, problem: str, lang: str):
        self.grade = ChainGrade(problem, lang=lang)
        self.lang = lang

    def add(self, name_note: dict, weight: float, passed: bool, message_note) -> None:
        self.grade.parts.append(Part(messages.as_message(name_note), weight, passed, messages.as_message(message_note),
                                     self.lang))


def _fail_all(problem: str, lang: str, message: dict, mse: bool) -> ChainGrade:
    out = _Builder(problem, lang)
    out.add(_note("part_start"), 0.2, False, message)
    out.add(_note("part_steps_none"), 0.5 if mse else STEP_SHARE, False, message)
    out.add(_note("part_goal"), 0.2, False, message)
    if mse:
        out.add(_note("part_saturation"), 0.1, False, message)
    return out.grade


# --- the elements of a chain, as plain data -----------------------------------------------------------
def _raw(step, k: int) -> tuple:
    """(raw job input, None) or (None, a note saying why step k cannot be used); nothing is built here."""
    if step is None:
        return None, _note("element_none", k=k)
    if step is Ellipsis:
        return None, _note("element_ellipsis", k=k)
    if isinstance(step, bool):
        return None, _note("element_type", k=k, type="bool")
    if isinstance(step, Basic):  # a caller on its own side (a test, a notebook, plain pytest)
        step = from_sympy(step)
    if isinstance(step, SympyTree):
        return ("tree", step.root), None
    if isinstance(step, InvalidTree):
        return None, _note("element_error", k=k, reason={"key": step.key, "params": step.param_dict})
    if isinstance(step, Integral):
        digits = str(int(step))
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            return None, _note("element_error", k=k, reason=_note("number_too_large", what=digits[:20] + "…"))
        return ("int", digits), None
    if isinstance(step, Real):
        return None, _note("element_float", k=k, value=repr(float(step)))
    if isinstance(step, str):
        if len(step) > MAX_CHARS:
            return None, _note("element_error", k=k, reason=_note("too_long", length=len(step), limit=MAX_CHARS))
        return ("text", step), None
    type_name = getattr(step, "type_name", None) or type(step).__name__
    return None, _note("element_type", k=k, type=str(type_name)[:60])


def _key(kind: str, *parts) -> str:
    return hashlib.sha256("|".join([kind, CACHE_VERSION, *map(str, parts)]).encode("utf-8")).hexdigest()


def _default_runner():
    """The kit's pool of killable workers; a plain InlineRunner where the kit is not around (a notebook)."""
    try:
        from .budget import default_budget
    except ImportError:
        return _inline()
    return default_budget()


_INLINE: InlineRunner | None = None


def _inline() -> InlineRunner:
    global _INLINE
    if _INLINE is None:
        _INLINE = InlineRunner()
    return _INLINE


# --- grading ------------------------------------------------------------------------------------
def grade_chain(problem: str, steps, lang: str = SOURCE_LANGUAGE, step_seconds: float = DEFAULT_STEP_SECONDS, *,
                seed: int = _SEED_DEFAULT, runner=None, chain_seconds: float | None = None) -> ChainGrade:
    """Grade a chain (sympy expressions, trees from the wire, or text) for one of the five derivations.

    `step_seconds` bounds each piece of sympy work (course.yml's `step_seconds`), `chain_seconds` the whole
    chain; `seed` seeds the sampled points (the grader passes the course's secret seed); `runner` runs the
    jobs (default: the kit's pool of killable workers, cached, shared by a batch).
    """
    if problem not in SPECS:
        raise ValueError(f"unknown derivation {problem!r}; known: {', '.join(SPECS)}")
    spec = SPECS[problem]
    lang = messages.lang_or_default(lang)
    seconds = float(step_seconds)
    total_seconds = float(chain_seconds) if chain_seconds is not None else CHAIN_STEPS * seconds
    deadline = time.monotonic() + total_seconds
    runner = runner or _default_runner()
    mse = spec.factor_goal
    step_share = 0.5 if mse else STEP_SHARE

    if not isinstance(steps, (list, tuple)):
        type_name = getattr(steps, "type_name", None) or type(steps).__name__
        return _fail_all(problem, lang, _note("chain_not_list", type=str(type_name)[:60]), mse)
    if len(steps) == 0:
        return _fail_all(problem, lang, _note("chain_empty"), mse)
    if len(steps) > MAX_CHAIN:
        return _fail_all(problem, lang, _note("chain_too_long", count=len(steps), limit=MAX_CHAIN), mse)

    # --- 1. read every step (in workers) ---
    raws, errors = zip(*(_raw(step, k) for k, step in enumerate(steps)))
    raws, errors = list(raws), list(errors)
    if any(r is not None and r[0] == "text" and looks_like_latex(r[1]) for r in raws) and not isinstance(runner, InlineRunner):
        preload_latex()  # build the grammar once here, so the workers forked from now on share it
    reads: list[dict | None] = [None] * len(steps)
    jobs, where = [], []
    for k, raw in enumerate(raws):
        if raw is not None:
            jobs.append(Job(read_step, (raw, problem), _key("read", problem, raw[0], repr(raw[1]))))
            where.append(k)
    for k, outcome in zip(where, runner.run(jobs, seconds, deadline)):
        if outcome.status == "ok" and "error" not in outcome.value:
            reads[k] = outcome.value
        elif outcome.status == "ok":
            errors[k] = _note("element_error", k=k, reason=outcome.value["error"])
        elif outcome.status == "skipped" or outcome.value == "deadline":
            errors[k] = _note("element_skipped", k=k, seconds=f"{total_seconds:g}")
        elif outcome.status == "timeout":
            errors[k] = _note("element_unreadable_in_time", k=k, seconds=f"{seconds:g}")
        else:
            errors[k] = _note("element_error", k=k, reason=_note("malformed_expression"))
    shown = [r["shown"] if r else "" for r in reads]

    # --- 2. every link, the start, the goal (in workers, in parallel) ---
    jobs, slots = [], {}

    def add(name: str, job: Job) -> None:
        slots[name] = len(jobs)
        jobs.append(job)

    links = range(1, len(steps))
    for k in links:
        a, b = reads[k - 1], reads[k]
        if a and b and a["key"] != b["key"]:
            add(f"link{k}", Job(check_link, (a["tree"], b["tree"], problem, spec.one_hot, seed),
                                _key("link", problem, seed, seconds, a["key"], b["key"])))
    first, last = reads[0], reads[-1]
    if first and first["key"] not in spec.start_keys and first["normal"] not in spec.start_normals:
        add("start", Job(compare, (first["tree"], spec.start_tree, problem, spec.one_hot, seed),
                         _key("compare", problem, seed, seconds, first["key"], "start")))
    if last:
        if mse or (last["key"] != spec.goal_key and last["normal"] != spec.goal_normal):
            add("goal", Job(compare, (last["tree"], spec.goal_tree, problem, spec.one_hot, seed),
                            _key("compare", problem, seed, seconds, last["key"], "goal")))
        if mse:
            add("factor", Job(shows_factor, (last["tree"],), _key("factor", last["key"])))
            add("saturation", Job(saturation, (last["tree"],), _key("saturation", last["key"])))
    outcomes = runner.run(jobs, seconds, deadline) if jobs else []
    result = {name: outcomes[index] for name, index in slots.items()}
    runner.flush()

    out = _Builder(problem, lang)
    out.grade.verdicts = [None] * (len(steps) - 1)
    out.grade.moves = [None] * (len(steps) - 1)

    # --- start ---
    if errors[0]:
        out.add(_note("part_start"), 0.2, False, errors[0])
    elif first["key"] in spec.start_keys:
        out.add(_note("part_start"), 0.2, True, _note("start_ok"))
    elif first["normal"] in spec.start_normals:
        out.add(_note("part_start"), 0.2, True, _note("start_rearranged"))
    elif _valid(result.get("start")):
        out.add(_note("part_start"), 0.2, False, _note("start_equal_not_written", start=spec.start_text))
    else:
        out.add(_note("part_start"), 0.2, False, _note("start_wrong", start=spec.start_text, got=shown[0]))

    # --- steps ---
    if len(steps) == 1:
        out.add(_note("part_steps_none"), step_share, False, _note("steps_none"))
    else:
        _steps(out, steps, reads, errors, shown, result, spec, seconds, total_seconds, step_share)

    # --- goal ---
    goal_outcome = result.get("goal")
    goal_verdict = _verdict(goal_outcome) if goal_outcome is not None else None
    if errors[-1]:
        out.add(_note("part_goal"), 0.2, False, _note("goal_bad", reason=errors[-1]))
    elif mse:
        out.add(_note("part_goal"), 0.2, *_mse_goal(shown[-1], goal_verdict, result, seconds))
    elif last["key"] == spec.goal_key:
        out.add(_note("part_goal"), 0.2, True, _note("goal_ok", goal=spec.goal_text))
    elif last["normal"] == spec.goal_normal:
        out.add(_note("part_goal"), 0.2, True, _note("goal_rearranged", goal=spec.goal_text))
    elif goal_verdict is not None and goal_verdict.valid:
        out.add(_note("part_goal"), 0.2, False, _note("goal_equal_not_written", end=shown[-1], goal=spec.goal_text))
    else:
        out.add(_note("part_goal"), 0.2, False, _note("goal_wrong", end=shown[-1], goal=spec.goal_text))

    if mse:
        out.add(_note("part_saturation"), 0.1, *_saturation(errors[-1], goal_verdict, result))
    return out.grade


def _verdict(outcome) -> Verdict:
    if outcome.status == "ok" and isinstance(outcome.value, dict):
        return Verdict.from_dict(outcome.value.get("verdict", outcome.value))
    if outcome.status in ("timeout", "skipped"):
        return Verdict("undecided", "timeout")
    return Verdict("undecided", f"error: {outcome.value}")


def _valid(outcome) -> bool:
    return outcome is not None and _verdict(outcome).valid


def _reason(note: dict) -> dict:
    """What is wrong with an element, without the "step k:" its own note starts with."""
    return note["params"]["reason"] if note.get("key") == "element_error" else note


def _move_note(move: dict) -> dict:
    return {"key": move["key"], "params": dict(move.get("params") or {})}


def _how(verdict: Verdict, move: dict, k: int) -> dict:
    if verdict.kind == "numeric":
        sizes = _note("sizes_sampled", top=verdict.sizes) if verdict.sizes else ""
        return _note("step_numeric", k=k, j=k - 1, move=_move_note(move), count=verdict.points, sizes=sizes)
    return _note("step_proved", k=k, j=k - 1, move=_move_note(move))


def _steps(out, steps, reads, errors, shown, result, spec, seconds, total_seconds, share) -> None:
    """One part per link; shares split among the counted links; a leap anywhere withholds them all."""
    status: dict[int, str] = {}
    details: dict[int, dict] = {}
    for k in range(1, len(steps)):
        if errors[k]:
            status[k], details[k] = "bad", _note("step_bad_side", k=k, reason=_reason(errors[k]))
            continue
        if errors[k - 1]:
            status[k], details[k] = "bad", _note("step_neighbour_unreadable", k=k, bad=k - 1, reason=_reason(errors[k - 1]))
            continue
        if reads[k - 1]["key"] == reads[k]["key"]:
            status[k], details[k] = "same", _note("step_same", k=k, j=k - 1)
            out.grade.verdicts[k - 1] = Verdict("proved", "structure")
            continue
        outcome = result[f"link{k}"]
        if outcome.status == "skipped" or (outcome.status == "timeout" and outcome.value == "deadline"):
            status[k], details[k] = "bad", _note("step_skipped", k=k, seconds=f"{total_seconds:g}")
            continue
        verdict = _verdict(outcome)
        out.grade.verdicts[k - 1] = verdict
        if verdict.kind == "refuted":
            a_text, b_text = messages.fmt_pair(verdict.a_value, verdict.b_value)
            status[k], details[k] = "bad", _note("step_false", k=k, j=k - 1, point=messages.fmt_point(verdict.point),
                                                 a=a_text, b=b_text)
            continue
        if verdict.kind != "proved" and verdict.kind != "numeric":
            status[k], details[k] = "bad", _note("step_undecided", k=k, j=k - 1, seconds=f"{seconds:g}")
            continue
        value = outcome.value
        move = value.get("move")
        out.grade.moves[k - 1] = move
        if move:
            status[k], details[k] = "move", _how(verdict, move, k)
        elif value.get("move_status") == "timeout":
            status[k], details[k] = "leap", _note("step_move_unknown", k=k, a=shown[k - 1], b=shown[k], seconds=f"{seconds:g}")
        else:
            status[k], details[k] = "leap", _note("step_too_large", k=k, a=shown[k - 1], b=shown[k])
    counted = [k for k in status if status[k] != "same"]
    leaps = [k for k in counted if status[k] == "leap"]
    weight = share / len(counted) if counted else 0.0
    for k in range(1, len(steps)):
        name = _note("part_step", k=k, j=k - 1)
        if status[k] == "same":
            out.add(name, 0.0, True, details[k])
        elif status[k] == "move" and leaps:
            move = out.grade.moves[k - 1]
            listed = _note("leap_list", steps=", ".join(str(j) for j in leaps))
            out.add(name, weight, False, _note("steps_withheld", k=k, j=k - 1, move=_move_note(move), leaps=listed))
        else:
            out.add(name, weight, status[k] == "move", details[k])
    if not counted:
        out.add(_note("part_steps_none"), share, False, _note("steps_no_move"))


def _mse_goal(end: str, verdict: Verdict | None, result: dict, seconds: float) -> tuple:
    if verdict is None or verdict.kind == "undecided":
        return False, _note("goal_mse_undecided", end=end, seconds=f"{seconds:g}")
    if verdict.kind == "refuted":
        a_text, b_text = messages.fmt_pair(verdict.a_value, verdict.b_value)
        return False, _note("goal_mse_not_equal", end=end, point=messages.fmt_point(verdict.point), a=a_text, b=b_text)
    factor = result.get("factor")
    if factor is None or factor.status != "ok" or not factor.value:
        return False, _note("goal_mse_no_factor", end=end)
    return True, _note("goal_mse_ok", end=end)


def _saturation(error, goal_verdict, result) -> tuple:
    if error:
        return False, _note("saturation_unchecked", reason=error)
    outcome = result.get("saturation")
    if outcome is None or outcome.status != "ok" or "error" in (outcome.value or {"error": 1}):
        reason = (outcome.value or {}).get("error") if outcome is not None and outcome.status == "ok" else (outcome.status if outcome else "?")
        return False, _note("saturation_unchecked", reason=str(reason))
    values = outcome.value
    g30, g60 = complex(*values["g30"]), complex(*values["g60"])
    params = dict(g30=messages.fmt_number(g30), g60=messages.fmt_number(g60), c30=messages.fmt_number(values["c30"]))
    tends_to_zero = abs(g30) < 1e-9 and abs(g60) < 1e-20
    if tends_to_zero and goal_verdict is not None and goal_verdict.valid:
        return True, _note("saturation_ok", **params)
    if tends_to_zero:
        return False, _note("saturation_not_gradient", **params)
    return False, _note("saturation_wrong", **params)


# --- two steps, outside a chain -------------------------------------------------------------------
def check_equivalent(a, b, problem: str | None = None, budget: float = DEFAULT_STEP_SECONDS, *,
                     seed: int = _SEED_DEFAULT, runner=None) -> Verdict:
    """Is b equal to a (sympy expressions or text), over the lecture's domain for `problem`?

    `budget` is the wall-clock seconds the check may take. Input that is refused (unknown symbol, float,
    forbidden construct) raises DerivationInputError.
    """
    from .jobs import compare_raw
    from .symbols import DerivationInputError

    raws = []
    for step in (a, b):
        raw, error = _raw(step, 0)
        if error is not None:
            reason = error["params"].get("reason", error)
            raise DerivationInputError(reason["key"], **reason.get("params", {}))
        raws.append(raw)
    runner = runner or _default_runner()
    outcome, = runner.run([Job(compare_raw, (raws[0], raws[1], problem, seed),
                               _key("pair", problem, seed, budget, repr(raws[0]), repr(raws[1])))], float(budget))
    if outcome.status == "ok" and "error" in outcome.value:
        note = outcome.value["error"]
        params = {name: (value["key"], value.get("params", {})) if isinstance(value, dict) else value
                  for name, value in note.get("params", {}).items()}
        raise DerivationInputError(note["key"], **params)
    if outcome.status == "ok":
        return Verdict.from_dict(outcome.value["verdict"])
    return _verdict(outcome)


__all__ = ["grade_chain", "check_equivalent", "ChainGrade", "Part", "ProblemSpec", "SPECS"]
