"""The credit rule on made-up chains: only named moves that bring the chain closer than ever earn, and what they
earn is the moves they gain along the route (progress.py)."""

import itertools
import random

import pytest

from autograder.checker.symbolic.progress import HONEST, STATUSES, Link, earned, walk


def moves(*steps):
    return [Link("move", d) for d in steps]


def test_the_route_itself_earns_every_move():
    credits = walk(moves(3, 2, 1, 0), 4, ends_at_goal=True)
    assert [c.moves for c in credits] == [1, 1, 1, 1] and earned(credits) == 4


def test_a_leap_earns_nothing_and_says_what_the_moves_would_earn():
    credits = walk([Link("leap", 0)], 4, ends_at_goal=True)
    assert earned(credits) == 0 and credits[0].would_earn == 4 and credits[0].why == "leap"


def test_after_a_leap_only_the_moves_shown_earn():
    credits = walk([Link("leap", 2), Link("move", 1), Link("move", 0)], 4, ends_at_goal=True)
    assert [c.moves for c in credits] == [0, 1, 1]


def test_a_false_step_costs_what_a_leap_over_the_same_span_costs():
    false = walk([Link("move", 3), Link("false", None), Link("false", 1), Link("move", 0)], 4, ends_at_goal=True)
    leap = walk([Link("move", 3), Link("leap", 1), Link("move", 0)], 4, ends_at_goal=True)
    assert earned(false) == earned(leap) == 2


def test_restating_repeating_returning_and_detours_earn_nothing():
    chain = [
        Link("same", 4),  # restated
        Link("move", 3),
        Link("move", 4),  # back to the start
        Link("move", 3),  # forward again over the same move
        Link("move", None),  # a detour off the route
        Link("move", 2),  # back on the route: this move is shown
    ]
    credits = walk(chain, 4, ends_at_goal=False)
    assert [c.moves for c in credits] == [0, 1, 0, 0, 0, 1]
    assert [c.why for c in credits] == ["same", "progress", "no_closer", "no_closer", "off_route", "progress"]


def test_a_move_after_a_broken_path_reaches_the_route_unshown():
    credits = walk([Link("leap", None), Link("move", 2), Link("move", 1)], 4, ends_at_goal=False)
    assert [c.why for c in credits] == ["leap", "unshown", "progress"] and earned(credits) == 1


def test_the_move_into_the_goal_counts_only_where_the_chain_ends():
    credits = walk(moves(1, 0, None), 2, ends_at_goal=False)
    assert [c.moves for c in credits] == [1, 0, 0] and credits[1].why == "goal_not_last"


def test_the_given_expression_alone_earns_nothing():
    assert walk([], 3, ends_at_goal=False) == []


def _honest_route(total):
    return [Link("move", d) for d in range(total - 1, -1, -1)]


@pytest.mark.parametrize("seed", range(40))
def test_inserting_anything_never_raises_what_a_chain_earns(seed):
    """Any link inserted anywhere (a repeat, a detour, a false step, a leap back to a point already passed) and
    any junk after the end: never more than the chain it was made from."""
    rng = random.Random(seed)
    total = rng.randint(2, 5)
    chain = [Link(rng.choice(["move", "move", "leap"]), d) for d in range(total - 1, -1, -1)]
    base = earned(walk(chain, total, ends_at_goal=True))
    padded = list(chain)
    for _ in range(rng.randint(1, 6)):
        position = rng.randint(0, len(padded))
        before = padded[position - 1].distance if position else total
        choice = rng.choice(["same", "detour", "false", "back", "unreadable"])
        if choice == "same":
            inserted = [Link("same", before)]
        elif choice == "detour":
            inserted = [Link("move", None), Link("move", before if before is not None else None)]
        elif choice == "false":
            inserted = [Link("false", None), Link("false", before)]
        elif choice == "back":
            inserted = [Link("move", min(total, (before or 0) + 1))]
        else:
            inserted = [Link("unreadable", None)]
        padded[position:position] = inserted
    ends = padded[-1].distance == 0
    if rng.random() < 0.3:
        padded.append(Link(rng.choice(STATUSES), None))
        ends = False
    assert earned(walk(padded, total, ends_at_goal=ends)) <= base


@pytest.mark.parametrize("total", [2, 3, 4])
def test_honest_partial_chains_earn_in_the_order_of_their_moves(total):
    """Every subsequence of the route (the rest leaped): it earns exactly its single-move links."""
    points = list(range(total - 1, -1, -1))
    for keep in itertools.product([False, True], repeat=total - 1):
        kept = [d for d, k in zip(points[:-1], keep) if k] + [0]
        links, previous = [], total
        for d in kept:
            links.append(Link("move" if previous - d == 1 else "leap", d))
            previous = d
        shown = sum(1 for lk in links if lk.status == "move")
        assert earned(walk(links, total, ends_at_goal=True)) == shown


def test_every_status_is_known():
    assert set(HONEST) <= set(STATUSES)
