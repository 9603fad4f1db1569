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
* the STEP POINTS (the derivation's `steps` share) are shared equally by the counted steps. A false step, a
  step that cannot be read or decided, loses its own share. A true step that is not one move (a leap) earns
  nothing, and while a chain leaps anywhere none of its steps earns points: padding a leap with steps that
  add and remove an unsimplified 1 cannot buy them back.
* "reaches the goal" (the `goal` share): the last step is the goal as written (up to trivial rearrangement).
  Where the goal is a form (`goal_factor`), the last step must equal the goal and SHOW THE FACTOR, i.e. as
  sympy writes it, it is a product some of whose factors multiply to a nonzero number times the factor.
* a derivation may name a fact its result must show (`vanishes`, its own share): at a given point, the final
  expression must go to 0 as one name runs through given values (evaluated with mpmath at 50 digits).

What each derivation starts from, where it ends, its names, identities, facts and shares is data declared
beside its grader (derivations.py reads it); nothing here knows a derivation by name. Every part carries its
`section` (start, steps, goal, vanishes), which is how a grader picks the parts it scores.

A chain is graded once, its parts kept as catalogue Messages, and read in any language
(`ChainGrade.in_language`); the whole chain shares one deadline (`chain_seconds`, by default CHAIN_STEPS ×
the step budget), so a long hostile chain costs a bounded time however many steps it has.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from numbers import Integral, Real

from sympy import Basic, Expr, IndexedBase, Symbol, sstr

from ..catalogue import SOURCE_LANGUAGE, Message
from . import messages
from .derivations import DERIVATIONS
from .equivalence import CACHE_VERSION, SEED, Verdict
from .jobs import check_link, compare, digest, read_step, shows_factor, vanishing
from .normal import normal
from .parse import MAX_CHARS, looks_like_latex, preload_latex
from .rebuild import to_tree
from .runner import DEFAULT_STEP_SECONDS, InlineRunner, Job
from .symbols import CANONICAL, INDEXED, canonicalize, kit_expression, symbol_kind, with_abbreviations
from .tree import InvalidTree, SympyTree, from_sympy

MAX_CHAIN = 50
MAX_INT_DIGITS = 1_000
CHAIN_STEPS = 5  # a chain's deadline, in step budgets

_SEED_DEFAULT = SEED


@dataclass(frozen=True)
class ProblemSpec:
    name: str
    start: Expr
    start_keys: frozenset  # digests of the canonical forms accepted as "the given expression"
    start_normals: frozenset
    start_tree: tuple
    goal: Expr  # with a factor goal: the value the last step must equal
    goal_key: str
    goal_normal: str
    goal_tree: tuple
    goal_text: str
    start_text: str
    one_hot: bool  # the derivation's targets sum to 1 (substituted before comparing)
    factor_goal: bool = False  # the goal is a form: the last step must equal it and show a factor
    parts: dict = field(default_factory=dict)  # start, steps, goal (and vanishes) -> share of the points
    vanishes: object = None  # derivations.Vanishes: a fact the final expression must show


def _variant_table(**assumptions) -> dict:
    """The lecture's names as a stub might declare them (with `assumptions`); indices and sizes stay integers."""
    table = {}
    for name, canonical in CANONICAL.items():
        if name in INDEXED:
            table[name] = IndexedBase(name, **assumptions)
        elif symbol_kind(name) in ("index", "size"):
            table[name] = canonical
        else:
            table[name] = Symbol(name, **assumptions)
    return table


def _ends(derivation, table: dict) -> tuple[Expr, Expr]:
    """(start, goal) of a derivation, built over `table` and the derivation's abbreviations."""
    table = with_abbreviations(derivation, table)
    return kit_expression(derivation.start, table), kit_expression(derivation.goal, table)


def _build_specs() -> dict[str, ProblemSpec]:
    """From the derivations' data (trusted, declared beside their graders): built here once, never from a submission.

    Each start is built three ways (symbols real, with no assumptions, positive), as a stub might build it, and
    every canonical form of those is accepted as the given expression."""
    variants = [_variant_table(real=True), _variant_table(), _variant_table(positive=True)]
    specs = {}
    for name, derivation in DERIVATIONS.items():
        ends = [_ends(derivation, table) for table in variants]
        start, goal = (canonicalize(e, name) for e in ends[0])
        forms = {canonicalize(variant[0], name) for variant in ends}
        specs[name] = ProblemSpec(
            name=name,
            start=start,
            start_keys=frozenset(digest(f) for f in forms),
            start_normals=frozenset(digest(normal(f)) for f in forms),
            start_tree=to_tree(start),
            goal=goal,
            goal_key=digest(goal),
            goal_normal=digest(normal(goal)),
            goal_tree=to_tree(goal),
            goal_text=derivation.goal_text,
            start_text=_short_text(sstr(start)),
            one_hot=bool(derivation.identities),
            factor_goal=derivation.goal_factor is not None,
            parts=dict(derivation.parts),
            vanishes=derivation.vanishes,
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
    section: str = ""  # which part of the derivation: start, steps, goal or vanishes (derivations.PARTS)

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

    def in_language(self, lang: str) -> ChainGrade:
        """The same grade read in `lang` (nothing is checked or rendered again)."""
        lang = messages.lang_or_default(lang)
        return ChainGrade(
            self.problem, [replace(p, lang=lang) for p in self.parts], list(self.verdicts), list(self.moves), lang
        )

    def as_dict(self) -> dict:
        return {
            "problem": self.problem,
            "score": self.score,
            "parts": [
                {"name": p.name, "weight": p.weight, "passed": p.passed, "message": p.message} for p in self.parts
            ],
        }


class _Builder:
    def __init__(self, spec: ProblemSpec, lang: str):
        self.grade = ChainGrade(spec.name, lang=lang)
        self.lang = lang
        self.shares = spec.parts

    def add(self, section: str, name_note: dict, passed: bool, message_note, weight: float | None = None) -> None:
        """One part of `section`, worth the section's share unless `weight` says (a step's share of the steps)."""
        weight = self.shares[section] if weight is None else weight
        self.grade.parts.append(
            Part(messages.as_message(name_note), weight, passed, messages.as_message(message_note), self.lang, section)
        )


def _fail_all(spec: ProblemSpec, lang: str, message: dict) -> ChainGrade:
    out = _Builder(spec, lang)
    out.add("start", _note("part_start"), False, message)
    out.add("steps", _note("part_steps_none"), False, message)
    out.add("goal", _note("part_goal"), False, message)
    if spec.vanishes is not None:
        out.add("vanishes", _note("part_saturation"), False, message)
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
def grade_chain(
    problem: str,
    steps,
    lang: str = SOURCE_LANGUAGE,
    step_seconds: float = DEFAULT_STEP_SECONDS,
    *,
    seed: int = _SEED_DEFAULT,
    runner=None,
    chain_seconds: float | None = None,
) -> ChainGrade:
    """Grade a chain (sympy expressions, trees from the wire, or text) for one of the declared derivations.

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
    step_share = spec.parts["steps"]

    if not isinstance(steps, (list, tuple)):
        type_name = getattr(steps, "type_name", None) or type(steps).__name__
        return _fail_all(spec, lang, _note("chain_not_list", type=str(type_name)[:60]))
    if len(steps) == 0:
        return _fail_all(spec, lang, _note("chain_empty"))
    if len(steps) > MAX_CHAIN:
        return _fail_all(spec, lang, _note("chain_too_long", count=len(steps), limit=MAX_CHAIN))

    # --- 1. read every step (in workers) ---
    raws, errors = zip(*(_raw(step, k) for k, step in enumerate(steps)))
    raws, errors = list(raws), list(errors)
    if any(r is not None and r[0] == "text" and looks_like_latex(r[1]) for r in raws) and not isinstance(
        runner, InlineRunner
    ):
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
            add(
                f"link{k}",
                Job(
                    check_link,
                    (a["tree"], b["tree"], problem, spec.one_hot, seed),
                    _key("link", problem, seed, seconds, a["key"], b["key"]),
                ),
            )
    first, last = reads[0], reads[-1]
    if first and first["key"] not in spec.start_keys and first["normal"] not in spec.start_normals:
        add(
            "start",
            Job(
                compare,
                (first["tree"], spec.start_tree, problem, spec.one_hot, seed),
                _key("compare", problem, seed, seconds, first["key"], "start"),
            ),
        )
    if last:
        if spec.factor_goal or (last["key"] != spec.goal_key and last["normal"] != spec.goal_normal):
            add(
                "goal",
                Job(
                    compare,
                    (last["tree"], spec.goal_tree, problem, spec.one_hot, seed),
                    _key("compare", problem, seed, seconds, last["key"], "goal"),
                ),
            )
        if spec.factor_goal:
            add("factor", Job(shows_factor, (last["tree"], problem), _key("factor", problem, last["key"])))
        if spec.vanishes is not None:
            add("vanishes", Job(vanishing, (last["tree"], problem), _key("vanishes", problem, last["key"])))
    outcomes = runner.run(jobs, seconds, deadline) if jobs else []
    result = {name: outcomes[index] for name, index in slots.items()}
    runner.flush()

    out = _Builder(spec, lang)
    out.grade.verdicts = [None] * (len(steps) - 1)
    out.grade.moves = [None] * (len(steps) - 1)

    # --- start ---
    if errors[0]:
        out.add("start", _note("part_start"), False, errors[0])
    elif first["key"] in spec.start_keys:
        out.add("start", _note("part_start"), True, _note("start_ok"))
    elif first["normal"] in spec.start_normals:
        out.add("start", _note("part_start"), True, _note("start_rearranged"))
    elif _valid(result.get("start")):
        out.add("start", _note("part_start"), False, _note("start_equal_not_written", start=spec.start_text))
    else:
        out.add("start", _note("part_start"), False, _note("start_wrong", start=spec.start_text, got=shown[0]))

    # --- steps ---
    if len(steps) == 1:
        out.add("steps", _note("part_steps_none"), False, _note("steps_none"))
    else:
        _steps(out, steps, reads, errors, shown, result, spec, seconds, total_seconds, step_share)

    # --- goal ---
    goal_outcome = result.get("goal")
    goal_verdict = _verdict(goal_outcome) if goal_outcome is not None else None
    if errors[-1]:
        out.add("goal", _note("part_goal"), False, _note("goal_bad", reason=errors[-1]))
    elif spec.factor_goal:
        out.add("goal", _note("part_goal"), *_factor_goal(shown[-1], goal_verdict, result, seconds))
    elif last["key"] == spec.goal_key:
        out.add("goal", _note("part_goal"), True, _note("goal_ok", goal=spec.goal_text))
    elif last["normal"] == spec.goal_normal:
        out.add("goal", _note("part_goal"), True, _note("goal_rearranged", goal=spec.goal_text))
    elif goal_verdict is not None and goal_verdict.valid:
        out.add("goal", _note("part_goal"), False, _note("goal_equal_not_written", end=shown[-1], goal=spec.goal_text))
    else:
        out.add("goal", _note("part_goal"), False, _note("goal_wrong", end=shown[-1], goal=spec.goal_text))

    if spec.vanishes is not None:
        out.add("vanishes", _note("part_saturation"), *_vanishes(spec.vanishes, errors[-1], goal_verdict, result))
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
            status[k], details[k] = (
                "bad",
                _note("step_neighbour_unreadable", k=k, bad=k - 1, reason=_reason(errors[k - 1])),
            )
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
            status[k], details[k] = (
                "bad",
                _note("step_false", k=k, j=k - 1, point=messages.fmt_point(verdict.point), a=a_text, b=b_text),
            )
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
            status[k], details[k] = (
                "leap",
                _note("step_move_unknown", k=k, a=shown[k - 1], b=shown[k], seconds=f"{seconds:g}"),
            )
        else:
            status[k], details[k] = "leap", _note("step_too_large", k=k, a=shown[k - 1], b=shown[k])
    counted = [k for k in status if status[k] != "same"]
    leaps = [k for k in counted if status[k] == "leap"]
    weight = share / len(counted) if counted else 0.0
    for k in range(1, len(steps)):
        name = _note("part_step", k=k, j=k - 1)
        if status[k] == "same":
            out.add("steps", name, True, details[k], weight=0.0)
        elif status[k] == "move" and leaps:
            move = out.grade.moves[k - 1]
            listed = _note("leap_list", steps=", ".join(str(j) for j in leaps))
            out.add(
                "steps",
                name,
                False,
                _note("steps_withheld", k=k, j=k - 1, move=_move_note(move), leaps=listed),
                weight=weight,
            )
        else:
            out.add("steps", name, status[k] == "move", details[k], weight=weight)
    if not counted:
        out.add("steps", _note("part_steps_none"), False, _note("steps_no_move"), weight=share)


def _factor_goal(end: str, verdict: Verdict | None, result: dict, seconds: float) -> tuple:
    """The goal is a form: the last step must equal the goal and show the factor (the catalogue says which)."""
    if verdict is None or verdict.kind == "undecided":
        return False, _note("goal_mse_undecided", end=end, seconds=f"{seconds:g}")
    if verdict.kind == "refuted":
        a_text, b_text = messages.fmt_pair(verdict.a_value, verdict.b_value)
        return False, _note("goal_mse_not_equal", end=end, point=messages.fmt_point(verdict.point), a=a_text, b=b_text)
    factor = result.get("factor")
    if factor is None or factor.status != "ok" or not factor.value:
        return False, _note("goal_mse_no_factor", end=end)
    return True, _note("goal_mse_ok", end=end)


def _vanishes(fact, error, goal_verdict, result) -> tuple:
    """Does the final expression go to 0 along the fact's values? Message parameters g<|value|> (each value)
    and c<|first value|> (what the fact shows beside it there), as the catalogue's sentences name them."""
    if error:
        return False, _note("saturation_unchecked", reason=error)
    outcome = result.get("vanishes")
    if outcome is None or outcome.status != "ok" or "error" in (outcome.value or {"error": 1}):
        reason = (
            (outcome.value or {}).get("error")
            if outcome is not None and outcome.status == "ok"
            else (outcome.status if outcome else "?")
        )
        return False, _note("saturation_unchecked", reason=str(reason))
    found = [complex(*value) for value in outcome.value["values"]]
    params = {f"g{abs(v):g}": messages.fmt_number(g) for v, g in zip(fact.values, found)}
    params[f"c{abs(fact.values[0]):g}"] = messages.fmt_number(outcome.value["beside"][0])
    tends_to_zero = all(abs(g) < bound for g, bound in zip(found, fact.below))
    if tends_to_zero and goal_verdict is not None and goal_verdict.valid:
        return True, _note("saturation_ok", **params)
    if tends_to_zero:
        return False, _note("saturation_not_gradient", **params)
    return False, _note("saturation_wrong", **params)


# --- two steps, outside a chain -------------------------------------------------------------------
def check_equivalent(
    a, b, problem: str | None = None, budget: float = DEFAULT_STEP_SECONDS, *, seed: int = _SEED_DEFAULT, runner=None
) -> Verdict:
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
    (outcome,) = runner.run(
        [
            Job(
                compare_raw,
                (raws[0], raws[1], problem, seed),
                _key("pair", problem, seed, budget, repr(raws[0]), repr(raws[1])),
            )
        ],
        float(budget),
    )
    if outcome.status == "ok" and "error" in outcome.value:
        note = outcome.value["error"]
        params = {
            name: (value["key"], value.get("params", {})) if isinstance(value, dict) else value
            for name, value in note.get("params", {}).items()
        }
        raise DerivationInputError(note["key"], **params)
    if outcome.status == "ok":
        return Verdict.from_dict(outcome.value["verdict"])
    return _verdict(outcome)


__all__ = ["grade_chain", "check_equivalent", "ChainGrade", "Part", "ProblemSpec", "SPECS"]
