"""Grading one derivation chain: how far it gets from the given expression to the goal by the lecture's named
moves. The grading process only orchestrates: every piece of sympy work on the student's steps runs as a job
(jobs.py) in a killable worker, and what comes back is plain data.

Vocabulary (the messages use it, so students can read them):

* step k is chain[k]. The chain is read as beginning at the given expression: when step 0 is not it (as
  written up to trivial rearrangement: order, signs, number factors), step 0 is a step from it like any other.
* "step k follows from step k−1" when sympy finds the two equal (proved, or equal at every sampled point: the
  message says which), over the lecture's domain and, where the derivation says so, with one-hot targets
  summing to 1.
* a step is ONE MOVE when one rule of the lecture's list, applied once, turns one side into the other
  (moves.py measures it on the step itself; the move is named in the feedback). A true step that is not one
  move is a LEAP; the feedback names the moves it combines where it can (the route's, or two found by search)
  and what showing them would earn.
* the CREDIT: the lecture's route (the derivation's milestones, route.py) says how many moves each expression
  still is from the goal, and a link earns the moves it gains when it is a named move that brings the chain
  closer to the goal than it has been (progress.py states the rule in full). Restating, repeating, returning,
  detours, leaps and false steps earn nothing; the move into the goal counts when the chain ends there.
* where the goal is a form (`goal_factor`), the last step reaches it when it equals the goal and SHOWS THE
  FACTOR, i.e. as sympy writes it, it is a product some of whose factors multiply to a nonzero number times it.
* a derivation may name a fact its result must show (`vanishes`, its own share): on a chain that ends at the
  goal, the final expression must go to 0 as one name runs through given values (mpmath at 50 digits).

What each derivation starts from, where it ends, its route, names, identities, facts and shares is data
declared beside its grader (derivations.py reads it); nothing here knows a derivation by name. Every part
carries its `section` (progress, vanishes), which is how a grader picks the parts it scores.

The same chain gets the same grade on every run: what a job decides is bounded by the size of its input and
by counts of work, never by a clock (a LaTeX step has at most parse.MAX_LATEX_CHARS characters, a chain at
most CHAIN_LATEX_CHARS of LaTeX in all). `step_seconds` (course.yml) is only the backstop that kills a job
which outlives it, far above what any accepted step costs, and the chain's backstop is CHAIN_STEPS of them;
a job cut by a backstop is said to be, never guessed. A chain is graded once, its parts kept as catalogue
Messages, and read in any language (`ChainGrade.in_language`).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from numbers import Integral, Real

from sympy import Basic, Expr, IndexedBase, Symbol, sstr

from .. import sources
from ..catalogue import SOURCE_LANGUAGE
from ..message import Message
from . import messages, progress, route
from .derivations import DERIVATIONS
from .equivalence import CACHE_VERSION, SEED, Verdict
from .jobs import attempted, check_link, compare, leap_moves, locate, read_step, shows_factor, vanishing
from .normal import digest, normal
from .parse import MAX_CHARS, looks_like_latex, preload_latex
from .rebuild import to_tree
from .runner import DEFAULT_STEP_SECONDS, InlineRunner, Job
from .symbols import CANONICAL, INDEXED, canonicalize, kit_expression, symbol_kind, with_abbreviations
from .tree import InvalidTree, SympyTree, from_sympy

MAX_CHAIN = 50
MAX_INT_DIGITS = 1_000
CHAIN_LATEX_CHARS = 2_000  # LaTeX in one chain, in all: the steps beyond are refused by size
CHAIN_STEPS = 5  # a chain's backstop, in step backstops
MAX_NAMED_MOVES = 4  # a leap's moves named in its message
MAX_PATH_SEARCHES = 2  # leaps per chain whose two moves are searched for (when the route cannot name them)
MAX_ATTEMPTS = 3  # false steps per chain whose attempted move is searched for

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
    route: route.Route  # the lecture's route from start to goal: how far each expression is from the goal
    factor_goal: bool = False  # the goal is a form: the last step must equal it and show a factor
    parts: dict = field(default_factory=dict)  # progress (and vanishes) -> share of the points
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
        forms = [start] + [f for f in (canonicalize(v[0], name) for v in ends[1:]) if f != start]
        the_route = route.build(derivation, forms, goal)
        route.register(name, the_route)
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
            route=the_route,
            factor_goal=derivation.goal_factor is not None,
            parts=dict(derivation.parts),
            vanishes=derivation.vanishes,
        )
    return specs


def _short_text(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


SPECS: dict[str, ProblemSpec] = _build_specs()


def carried(name: str) -> dict:
    """What a carried copy holds of a derivation's route (digests and moves, never the milestones)."""
    SPECS[name]  # noqa: B018 - building the specs registered every route
    return route.ROUTES[name].to_data()


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
    section: str = ""  # which part of the derivation: progress or vanishes (derivations.PARTS)

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
    """The graded parts of one chain; `score` is the passed fraction (0..1) of the problem's points.

    `verdicts`, `moves` and `credits` have one entry per link: from the given expression to step 0 first when
    step 0 is not the given expression (`from_given`), then step k−1 → step k."""

    problem: str
    parts: list[Part] = field(default_factory=list)
    verdicts: list = field(default_factory=list)  # Verdict per link (None where the link was not checked)
    moves: list = field(default_factory=list)  # {"key", "params"} of each link's move, or None
    credits: list = field(default_factory=list)  # progress.Credit per link
    distances: list = field(default_factory=list)  # moves to the goal of each step (None: off the route)
    total_moves: int = 0  # the route's moves from the given expression to the goal
    from_given: bool = False  # step 0 is not the given expression: the first link is from it
    lang: str = SOURCE_LANGUAGE

    @property
    def score(self) -> float:
        return round(sum(part.score for part in self.parts), 12)

    @property
    def passed(self) -> bool:
        return all(part.passed for part in self.parts)

    @property
    def earned_moves(self) -> int:
        return progress.earned(self.credits)

    @property
    def feedback(self) -> str:
        return "\n".join(("✓ " if part.passed else "✗ ") + part.message for part in self.parts)

    def in_language(self, lang: str) -> ChainGrade:
        """The same grade read in `lang` (nothing is checked or rendered again)."""
        lang = messages.lang_or_default(lang)
        return replace(self, parts=[replace(p, lang=lang) for p in self.parts], lang=lang)

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
        self.grade = ChainGrade(spec.name, lang=lang, total_moves=spec.route.total)
        self.lang = lang
        self.shares = spec.parts

    def add(self, section: str, name_note: dict, passed: bool, message_note, weight: float | None = None) -> None:
        """One part of `section`, worth the section's share unless `weight` says (a link's share of the progress)."""
        weight = self.shares[section] if weight is None else weight
        self.grade.parts.append(
            Part(messages.as_message(name_note), weight, passed, messages.as_message(message_note), self.lang, section)
        )


def _fail_all(spec: ProblemSpec, lang: str, message: dict) -> ChainGrade:
    out = _Builder(spec, lang)
    out.add("progress", _note("part_progress"), False, message)
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
    """The runner provided (the kit's pool of killable workers, sources.py); a plain InlineRunner where none is
    (a notebook, plain pytest)."""
    provider = sources.provided("runner")
    return provider() if provider is not None else _inline()


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

    `step_seconds` is the backstop of each piece of sympy work (course.yml's `step_seconds`), `chain_seconds`
    the whole chain's; neither decides anything a job finishes within them. `seed` seeds the sampled points
    (the grader passes the course's secret seed); `runner` runs the jobs (default: the kit's pool of killable
    workers, cached, shared by a batch).
    """
    if problem not in SPECS:
        raise ValueError(f"unknown derivation {problem!r}; known: {', '.join(SPECS)}")
    spec = SPECS[problem]
    lang = messages.lang_or_default(lang)
    seconds = float(step_seconds)
    total_seconds = float(chain_seconds) if chain_seconds is not None else CHAIN_STEPS * seconds
    deadline = time.monotonic() + total_seconds
    runner = runner or _default_runner()

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
    _latex_budget(raws, errors)
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
        elif outcome.status in ("timeout", "skipped"):
            errors[k] = _note("element_error", k=k, reason=_note("read_backstop", seconds=f"{seconds:g}"))
        else:
            errors[k] = _note("element_error", k=k, reason=_note("malformed_expression"))

    # --- 2. the chain's points: the given expression first unless step 0 is it ---
    first = reads[0]
    from_given = not (first and (first["key"] in spec.start_keys or first["normal"] in spec.start_normals))
    points = [_Point(_note("step_label", k=k), k, reads[k], errors[k]) for k in range(len(steps))]
    if from_given:
        given = {"tree": spec.start_tree, "key": digest(spec.start), "normal": digest(normal(spec.start))}
        points.insert(0, _Point(_note("given_label"), None, {**given, "shown": spec.start_text}, None))

    # --- 3. every link and the end (in workers, in parallel) ---
    jobs, slots = [], {}

    def add(name: str, job: Job) -> None:
        slots[name] = len(jobs)
        jobs.append(job)

    for i in range(1, len(points)):
        a, b = points[i - 1].read, points[i].read
        if a and b and a["key"] != b["key"]:
            args = (a["tree"], b["tree"], problem, spec.one_hot, seed, f"{a['key']}|{b['key']}")
            add(f"link{i}", Job(check_link, args, _key("link", problem, seed, a["key"], b["key"])))
    last = points[-1].read
    if last:
        if spec.factor_goal or (last["key"] != spec.goal_key and last["normal"] != spec.goal_normal):
            args = (last["tree"], spec.goal_tree, problem, spec.one_hot, seed, f"{last['key']}|goal")
            add("goal", Job(compare, args, _key("compare", problem, seed, last["key"], "goal")))
        if spec.factor_goal:
            add("factor", Job(shows_factor, (last["tree"], problem), _key("factor", problem, last["key"])))
        if spec.vanishes is not None:
            add("vanishes", Job(vanishing, (last["tree"], problem), _key("vanishes", problem, last["key"])))
    result = _run(runner, jobs, slots, seconds, deadline)
    links = [_link(points[i - 1], points[i], result.get(f"link{i}")) for i in range(1, len(points))]

    # --- 4. where the points an honest link reaches stand on the route; what leaps and false steps did ---
    for point in points:
        if point.read:
            point.distance = spec.route.distance_of(point.read["normal"])
    jobs, slots = [], {}
    fingerprint = spec.route.fingerprint()
    leaps = falses = 0
    for i, lk in enumerate(links, start=1):
        a, b = points[i - 1], points[i]
        if b.distance is None and b.read and (lk.status in progress.HONEST or i == len(links)):
            key = _key("locate", problem, fingerprint, b.read["key"])
            add(f"locate{i}", Job(locate, (b.read["tree"], problem), key))
        if lk.status == "leap" and leaps < MAX_PATH_SEARCHES and not _route_names(a, b, spec):
            leaps += 1
            key = _key("leap", problem, a.read["key"], b.read["key"])
            add(f"path{i}", Job(leap_moves, (a.read["tree"], b.read["tree"], problem), key))
        elif lk.status == "false" and falses < MAX_ATTEMPTS:
            falses += 1
            key = _key("attempt", problem, a.read["key"], b.read["key"])
            add(f"attempt{i}", Job(attempted, (a.read["tree"], b.read["tree"], problem), key))
    found = _run(runner, jobs, slots, seconds, deadline)
    runner.flush()
    for i, lk in enumerate(links, start=1):
        located = found.get(f"locate{i}")
        if located is not None and located.status == "ok":
            points[i].distance, points[i].via = located.value["distance"], located.value["via"]
        for name in ("path", "attempt"):
            outcome = found.get(f"{name}{i}")
            if outcome is not None and outcome.status == "ok":
                lk.found[name] = outcome.value

    # --- 5. the credit ---
    total = spec.route.total
    goal_verdict = _verdict(result["goal"]) if "goal" in result else None
    at_goal = _at_goal(spec, points[-1], goal_verdict, result)
    if at_goal:
        points[-1].distance = 0
    walked = [progress.Link(lk.status, points[i].distance) for i, lk in enumerate(links, start=1)]
    credits = progress.walk(walked, total, at_goal)

    out = _Builder(spec, lang)
    grade = out.grade
    grade.from_given = from_given
    grade.verdicts = [lk.verdict for lk in links]
    grade.moves = [lk.move for lk in links]
    grade.credits = credits
    grade.distances = [p.distance for p in points[1:]] if from_given else [p.distance for p in points]
    share = spec.parts["progress"]
    for i, (lk, credit) in enumerate(zip(links, credits), start=1):
        title = _note("part_link", this=points[i].label, that=points[i - 1].label)
        says = _says(lk, credit, points[i - 1], points[i], spec, share, seconds)
        out.add("progress", title, lk.status in progress.HONEST, says, weight=share * credit.moves / total)
    earned = progress.earned(credits)
    summary = _summary(spec, points, links, earned, at_goal, goal_verdict, result)
    out.add("progress", _note("part_progress"), earned == total, summary, weight=share * (total - earned) / total)
    if spec.vanishes is not None:
        out.add("vanishes", _note("part_saturation"), *_vanishes(spec.vanishes, points[-1].error, at_goal, result))
    return grade


@dataclass
class _Point:
    """One point of the chain: its label in messages, its index (None: the given expression), what reading it
    gave, and where it stands on the route."""

    label: dict
    k: int | None
    read: dict | None
    error: dict | None
    distance: int | None = None
    via: dict | None = None


@dataclass
class _LinkFound:
    status: str  # progress.STATUSES
    verdict: Verdict | None = None
    move: dict | None = None
    value: dict | None = None  # what check_link answered
    note: dict | None = None  # why it is unreadable or undecided
    backstop: bool = False
    found: dict = field(default_factory=dict)  # "path": the moves a leap combines, "attempt": a false step's


def _run(runner, jobs: list, slots: dict, seconds: float, deadline: float) -> dict:
    """The jobs' outcomes by name."""
    outcomes = runner.run(jobs, seconds, deadline) if jobs else []
    return {name: outcomes[index] for name, index in slots.items()}


def _route_names(a: _Point, b: _Point, spec: ProblemSpec) -> bool:
    """Both ends of a leap are milestones (as written): the route's own moves name what it combines."""
    return a.distance is not None and b.distance is not None and a.distance - b.distance >= 2


def _link(a: _Point, b: _Point, outcome) -> _LinkFound:
    if b.error:
        return _LinkFound("unreadable", note=_note("step_bad_side", this=b.label, reason=_reason(b.error)))
    if a.error:
        return _LinkFound(
            "unreadable", note=_note("step_neighbour_unreadable", this=b.label, bad=a.label, reason=_reason(a.error))
        )
    if a.read["key"] == b.read["key"]:
        return _LinkFound("same", verdict=Verdict("proved", "structure"))
    if outcome.status != "ok":  # cut by the backstop, or the checking process failed: said as such
        return _LinkFound("undecided", verdict=_verdict(outcome), backstop=outcome.status in ("timeout", "skipped"))
    verdict = _verdict(outcome)
    value = outcome.value
    if verdict.kind == "refuted":
        return _LinkFound("false", verdict, value=value)
    if not verdict.valid:
        return _LinkFound("undecided", verdict, value=value)
    if value.get("move"):
        return _LinkFound("move", verdict, move=value["move"], value=value)
    return _LinkFound("leap", verdict, value=value)


def _at_goal(spec: ProblemSpec, last: _Point, verdict: Verdict | None, result: dict) -> bool:
    """Does the chain end at the goal? As written up to trivial rearrangement; where the goal is a form, also at
    another expression equal to it that shows the factor, unless that expression is on the route (a milestone,
    or one move before one: then it is not the goal, and the chain has a move left to show)."""
    read = last.read
    if not read:
        return False
    if read["key"] == spec.goal_key or read["normal"] == spec.goal_normal:
        return True
    if not spec.factor_goal or verdict is None or not verdict.valid or last.distance is not None:
        return False
    factor = result.get("factor")
    return factor is not None and factor.status == "ok" and bool(factor.value)


def _latex_budget(raws: list, errors: list) -> None:
    """Refuse by size the LaTeX steps beyond the chain's CHAIN_LATEX_CHARS (in order): a bound on the parser's
    work that does not depend on the machine."""
    used = 0
    for k, raw in enumerate(raws):
        if raw is not None and raw[0] == "text" and looks_like_latex(raw[1]):
            used += len(raw[1])
            if used > CHAIN_LATEX_CHARS:
                raws[k] = None
                errors[k] = _note("element_error", k=k, reason=_note("latex_budget", limit=CHAIN_LATEX_CHARS))


def _verdict(outcome) -> Verdict:
    if outcome.status == "ok" and isinstance(outcome.value, dict):
        return Verdict.from_dict(outcome.value.get("verdict", outcome.value))
    if outcome.status in ("timeout", "skipped"):
        return Verdict("undecided", "backstop")
    return Verdict("undecided", f"error: {outcome.value}")


def _reason(note: dict) -> dict:
    """What is wrong with an element, without the "step k:" its own note starts with."""
    return note["params"]["reason"] if note.get("key") == "element_error" else note


def _move_note(move: dict) -> dict:
    return {"key": move["key"], "params": dict(move.get("params") or {})}


def _percent(share: float) -> str:
    return f"{round(100 * share, 1):g}"


def _moves_note(moves: list) -> dict:
    """Up to MAX_NAMED_MOVES moves, in order, as one sentence ("A, then B")."""
    shown = [_move_note(m) for m in moves[:MAX_NAMED_MOVES]]
    names = "abcd"
    key = f"moves_{len(shown)}" if len(moves) <= MAX_NAMED_MOVES else "moves_more"
    return _note(key, **{names[i]: note for i, note in enumerate(shown)})


def _how(lk: _LinkFound, this: dict, that: dict) -> dict:
    verdict, move = lk.verdict, _move_note(lk.move)
    if verdict.kind == "numeric":
        sizes = _note("sizes_sampled", top=verdict.sizes) if verdict.sizes else ""
        return _note("step_numeric", this=this, that=that, move=move, count=verdict.points, sizes=sizes)
    return _note("step_proved", this=this, that=that, move=move)


def _combined(lk: _LinkFound, a: _Point, b: _Point, spec: ProblemSpec) -> list | None:
    """The moves a leap combines: the route's where both ends are on it (the end a milestone), else two found
    by search, else None."""
    if a.distance is not None and b.distance is not None and b.via is None and a.distance > b.distance:
        far = a.distance - 1 if a.via is not None else a.distance
        moves = ([a.via] if a.via is not None else []) + spec.route.moves_between(far, b.distance)
        if len(moves) >= 2:
            return moves
    return lk.found.get("path")


def _says(lk: _LinkFound, credit, a: _Point, b: _Point, spec: ProblemSpec, share: float, seconds: float) -> dict:
    """What one link's part says: how it follows (or why not), and what it earns or would earn."""
    this, that, total = b.label, a.label, spec.route.total
    if lk.status == "unreadable":
        return lk.note
    if lk.status == "same":
        return _note("step_same", this=this, that=that)
    if lk.status == "undecided":
        if lk.backstop:
            return _note("step_backstop", this=this, that=that, seconds=f"{seconds:g}")
        if lk.verdict is not None and lk.verdict.method.startswith("error"):
            return _note("step_not_checked", this=this, that=that)
        return _note("step_undecided", this=this, that=that)
    if lk.status == "false":
        verdict = lk.verdict
        a_text, b_text = messages.fmt_pair(verdict.a_value, verdict.b_value)
        said = _note("step_false", this=this, that=that, point=messages.fmt_point(verdict.point), a=a_text, b=b_text)
        attempt = lk.found.get("attempt")
        if attempt:
            said = _note("false_attempt", said=said, move=_move_note(attempt["move"]), gives=attempt["gives"])
        return said
    if lk.status == "leap":
        if (lk.value or {}).get("move_status") == "too_big":
            said = _note("step_too_big", this=this)
        else:
            said = _note("step_too_large", this=this, a=a.read["shown"], b=b.read["shown"])
        moves = _combined(lk, a, b, spec)
        if moves:
            said = _note("leap_combines", said=said, moves=_moves_note(moves))
        else:
            said = _note("leap_unnamed", said=said)
        if credit.would_earn > 0:
            percent = _percent(share * credit.would_earn / total)
            return _note("leap_would_earn", said=said, percent=percent)
        return said
    how = _how(lk, this, that)
    if credit.why == "progress":
        percent = _percent(share * credit.moves / total)
        return _note("link_earned", said=how, gained=credit.moves, total=total, percent=percent)
    return _note(f"link_{credit.why}", said=how)


def _summary(spec, points, links, earned, at_goal, goal_verdict, result) -> dict:
    """The progress part: how many of the route's moves the chain shows, and where it ends."""
    total = spec.route.total
    if not links:
        return _note("progress_none", total=total)
    end = _end(spec, points, at_goal, goal_verdict, result)
    if earned == total:
        return _note("progress_full", total=total, end=end)
    return _note("progress_partial", earned=earned, total=total, end=end)


def _end(spec, points, at_goal, goal_verdict, result) -> dict:
    last = points[-1]
    if last.error:
        return _note("end_unreadable", reason=_reason(last.error))
    shown = last.read["shown"]
    if at_goal:
        return _note("goal_mse_ok", end=shown) if spec.factor_goal else _note("end_goal", goal=spec.goal_text)
    if any(p.distance == 0 for p in points[:-1]):
        return _note("end_after_goal", end=shown, goal=spec.goal_text)
    if spec.factor_goal:
        if goal_verdict is None or goal_verdict.kind == "undecided":
            return _note("goal_mse_undecided", end=shown)
        if goal_verdict.kind == "refuted":
            a_text, b_text = messages.fmt_pair(goal_verdict.a_value, goal_verdict.b_value)
            point = messages.fmt_point(goal_verdict.point)
            return _note("goal_mse_not_equal", end=shown, point=point, a=a_text, b=b_text)
        return _note("goal_mse_no_factor", end=shown)
    if goal_verdict is not None and goal_verdict.valid:
        return _note("end_equal", end=shown, goal=spec.goal_text)
    return _note("end_elsewhere", end=shown, goal=spec.goal_text)


def _vanishes(fact, error, at_goal, result) -> tuple:
    """Does the final expression go to 0 along the fact's values? Message parameters g<|value|> (each value)
    and c<|first value|> (what the fact shows beside it there), as the catalogue's sentences name them."""
    if error:
        return False, _note("saturation_unchecked", reason=error)
    if not at_goal:
        return False, _note("saturation_needs_goal")
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
    if all(abs(g) < bound for g, bound in zip(found, fact.below)):
        return True, _note("saturation_ok", **params)
    return False, _note("saturation_wrong", **params)


# --- two steps, outside a chain -------------------------------------------------------------------
def check_equivalent(
    a, b, problem: str | None = None, budget: float = DEFAULT_STEP_SECONDS, *, seed: int = _SEED_DEFAULT, runner=None
) -> Verdict:
    """Is b equal to a (sympy expressions or text), over the lecture's domain for `problem`?

    `budget` is the backstop in seconds (the verdict does not depend on it). Input that is refused (unknown
    symbol, float, forbidden construct) raises DerivationInputError.
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
                _key("pair", problem, seed, repr(raws[0]), repr(raws[1])),
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


__all__ = ["grade_chain", "check_equivalent", "ChainGrade", "Part", "ProblemSpec", "SPECS", "carried"]
