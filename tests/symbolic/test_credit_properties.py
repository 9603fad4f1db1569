"""Gaming the credit does not pay: random transforms of each reference chain and of its honest partial chains
(restatements and duplicates inserted, detours through unrelated expressions, the order shuffled, junk after
the goal) never score above the honest chain they were made from (for the leap [start, goal]: the honest
leap), and the honest partial chains score in the order of the moves they show.

The transforms come from a seeded generator: a failure names its seed and replays."""

from __future__ import annotations

import itertools
import random

import pytest
from sympy import exp, expand, sstr, symbols

from autograder.checker.symbolic import SPECS, grade_chain
from autograder.checker.symbolic.symbols import PROBLEM_NAMES

PROBLEMS = tuple(PROBLEM_NAMES)

z1, z2, z3, c = symbols("z1 z2 z3 c", real=True)
y1 = symbols("y1", nonnegative=True)
K = symbols("K", integer=True, positive=True)
SEEDS = range(4)

# a name each derivation's unsimplified 1 is written in, and expressions of its names that are not the derivation
NAME = {
    "sigmoid_softmax_equivalence": z1,
    "softmax_shift_invariance": c,
    "cross_entropy_is_nll": K,
    "softmax_ce_gradient": z1,
    "mse_softmax_gradient": z1,
}
UNRELATED = {
    "sigmoid_softmax_equivalence": [exp(z2) / (exp(z1) + exp(z2)), exp(z1 - z2)],
    "softmax_shift_invariance": [exp(z2) / (exp(z1) + exp(z2) + exp(z3)), exp(c)],
    "cross_entropy_is_nll": ["Sum(p[n, i], (i, 1, K))", K**2],
    "softmax_ce_gradient": [exp(z2) / (exp(z1) + exp(z2) + exp(z3)), y1**2],
    "mse_softmax_gradient": [exp(z2) / (exp(z1) + exp(z2)), 2 * y1],
}


def restated(problem, expr, rng):
    """The same expression again: repeated, typed as text, or times an unsimplified 1."""
    v = NAME[problem]
    k = rng.randint(2, 9)
    return rng.choice([expr, sstr(expr), expr * (v**2 - k**2) / ((v - k) * (v + k))])


def detour(problem, expr, rng):
    """Through something else: an unrelated expression, or a multiple of this one (false either way)."""
    return rng.choice(UNRELATED[problem] + [2 * expr, expand(3 * expr)])


def transform(problem, chain, rng):
    """One gaming transform of a chain, chosen by the generator."""
    kind = rng.choice(["restate", "duplicate", "detour", "reorder", "junk"])
    out = list(chain)
    if kind == "restate":
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(out))
            out.insert(i + 1, restated(problem, chain[min(i, len(chain) - 1)], rng))
    elif kind == "duplicate":
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(out))
            out.insert(i, out[i])
    elif kind == "detour":
        i = rng.randrange(1, len(out)) if len(out) > 1 else 1
        out[i:i] = [detour(problem, out[i - 1], rng)] + ([out[i - 1]] if rng.random() < 0.5 else [])
    elif kind == "reorder":
        middle = out[1:]
        rng.shuffle(middle)
        out = out[:1] + middle
    else:
        out.append(rng.choice([detour(problem, chain[-1], rng), restated(problem, chain[-1], rng), 2 * chain[-1]]))
    return kind, out


def partial_chains(reference):
    """Every honest chain from the start along the reference: each subsequence ending at the goal (the rest
    leaped), and each prefix (stopping before the goal)."""
    middle = reference[1:-1]
    chains = []
    for keep in itertools.product([False, True], repeat=len(middle)):
        chains.append([reference[0]] + [e for e, k in zip(middle, keep) if k] + [reference[-1]])
    chains += [reference[: k + 1] for k in range(1, len(reference) - 1)]
    return chains


@pytest.mark.parametrize("problem", PROBLEMS)
def test_honest_partial_chains_score_in_the_order_of_their_progress(chains, problem):
    """A chain that shows more of the route (its steps a superset of another's) scores at least as much; each
    prefix scores more than the one before; the reference scores full and the leap [start, goal] least."""
    reference = chains[problem]
    spec = SPECS[problem]
    scores = {}
    for chain in partial_chains(reference):
        kept = frozenset(reference.index(e) for e in chain)
        scores[kept] = grade_chain(problem, chain).score
    n = len(reference) - 1
    assert scores[frozenset(range(n + 1))] == 1.0
    assert scores[frozenset({0, n})] == pytest.approx(1 - spec.parts["progress"])
    for a, b in itertools.product(scores, scores):
        if a < b and (n in a) == (n in b):
            assert scores[a] <= scores[b] + 1e-9, (sorted(a), sorted(b))
    prefixes = [scores[frozenset(range(k + 1))] for k in range(1, n + 1)]
    assert prefixes == sorted(prefixes) and len(set(prefixes)) == len(prefixes), prefixes


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("problem", PROBLEMS)
def test_gaming_transforms_never_score_above_the_honest_chain(chains, problem, seed):
    rng = random.Random(f"{problem}:{seed}")
    reference = chains[problem]
    honest_chains = partial_chains(reference)
    leap = [reference[0], reference[-1]]
    leap_score = grade_chain(problem, leap).score
    for chain in [reference, leap] + rng.sample(honest_chains, 3):
        honest = grade_chain(problem, chain).score
        for _ in range(2):
            kind, gamed = transform(problem, chain, rng)
            score = grade_chain(problem, gamed).score
            assert score <= honest + 1e-9, (seed, kind, [sstr(e) if not isinstance(e, str) else e for e in gamed])
            if chain == leap:
                assert score <= leap_score + 1e-9, (seed, kind)
