"""The lecture's route through a derivation, and how many of its moves an expression still is from the goal.

A derivation declares its `milestones` (autograder/graders/<assignment>.yml): the expressions the lecture
passes through between the given expression and the goal, each one named move (moves.py) from the one
before. With the start and the goal they are the route: milestone j is M − j moves from the goal, M the
number of moves. `locate` gives an expression of a chain its DISTANCE: the distance of the milestone it is
(as written up to trivial rearrangement), or one more than a milestone it is one named move before; any other
expression is off the route (None). progress.py turns distances into credit. The routes are built and registered
by chain.py with its specs (this module imports nothing that builds them).

The milestones are the reference's own steps, so they never travel to students: a carried copy (a notebook,
the visible tests) holds only their digests and the moves between them (`carried`), which is all `locate` and
the feedback need. This module builds sympy objects: the grader builds the routes once, and `locate` runs
inside a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr

from .moves import find_move, one_move, searchable
from .normal import digest, normal
from .symbols import canonicalize, kit_expression, with_abbreviations


@dataclass(frozen=True)
class Route:
    """The route of one derivation: per milestone (0 the start … M the goal) the digests of its normal forms,
    and the move from each milestone to the next, as notes ({"key", "params"})."""

    keys: tuple  # tuple of frozensets of digests
    moves: tuple  # M notes

    @property
    def total(self) -> int:
        return len(self.keys) - 1

    def distance_of(self, key: str) -> int | None:
        for j, found in enumerate(self.keys):
            if key in found:
                return self.total - j
        return None

    def moves_between(self, far: int, near: int) -> list:
        """The route's moves from distance `far` down to distance `near`."""
        return list(self.moves[self.total - far : self.total - near])

    def fingerprint(self) -> str:
        """What identifies the route in a cache key: a changed route never reuses an old distance."""
        return digest(tuple(tuple(sorted(k)) for k in self.keys))

    def to_data(self) -> dict:
        return {"keys": [sorted(k) for k in self.keys], "moves": [dict(m) for m in self.moves]}

    @staticmethod
    def from_data(data: dict) -> Route:
        return Route(tuple(frozenset(k) for k in data["keys"]), tuple(dict(m) for m in data["moves"]))


ROUTES: dict[str, Route] = {}  # name -> Route, filled by `register` (chain.py builds them with its specs)


def build(derivation, starts: list[Expr], goal: Expr) -> Route:
    """The route of a derivation from its data: `starts` are the accepted forms of its given expression (canonical),
    `goal` its goal. A milestone that is not one named move from the one before is a mistake in the data."""
    if derivation.route is not None:  # a carried copy: digests and moves only
        return Route.from_data(derivation.route)
    table = with_abbreviations(derivation)
    middle = [canonicalize(kit_expression(text, table), derivation.name) for text in derivation.milestones]
    path = [starts[0], *middle, goal]
    keys = [frozenset(digest(normal(s)) for s in starts)] + [frozenset({digest(normal(e))}) for e in path[1:]]
    moves = []
    for j in range(len(path) - 1):
        move = find_move(path[j], path[j + 1], derivation.name)
        if move is None or move.key == "move_rearranged":
            raise ValueError(
                f"derivation {derivation.name}: milestone {j + 1} is not one named move from milestone {j} "
                "(the route must go one move of the lecture at a time)"
            )
        moves.append(move.to_dict(derivation.name))
    return Route(tuple(keys), tuple(moves))


def register(name: str, route: Route) -> None:
    ROUTES[name] = route


def locate(expr: Expr, problem: str) -> tuple[int | None, dict | None]:
    """(distance, the move to the milestone) of a canonical expression: a milestone's distance (move None), one
    more than a milestone the expression is one named move before, or (None, None) off the route."""
    route = ROUTES[problem]
    memo: dict = {}
    found = route.distance_of(digest(normal(expr, memo)))
    if found is not None:
        return found, None
    if not searchable(expr):
        return None, None
    best: tuple[int | None, dict | None] = (None, None)
    for candidate, move in one_move(expr, problem, memo):
        distance = route.distance_of(digest(candidate))
        if distance is None or distance + 1 >= route.total:  # no nearer than the start: never worth a move
            continue
        if best[0] is None or distance + 1 < best[0]:
            best = (distance + 1, move.to_dict(problem))
    return best


__all__ = ["Route", "ROUTES", "build", "register", "locate"]
