"""The derivations the chain checker grades, as plain data declared beside their graders.

The checker knows no derivation by name: what one needs (its symbols, start, goal, the lecture's milestones
between them, identities, the form its goal must show, a fact its result must show, the share of each part) is
declared in the `derivations:` mapping of a YAML file beside the hidden checks
(autograder/graders/<assignment>.yml; that file says what each key means, and how credit is given), which the
kit provides (sources.py, autograder/derivation_data.py). A copy carried into a notebook or a visible-test
folder provides its assignment's derivations, the milestones replaced by their digests and moves (`route`),
since they are the reference's own steps. Nothing here builds a sympy object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import sources

PARTS = ("progress", "vanishes")


@dataclass(frozen=True)
class Vanishes:
    """A fact the final expression must show: near zero at `at` while `along` takes each of `values`."""

    at: dict  # name -> number
    along: str
    values: tuple
    below: tuple  # one bound per value
    beside: str  # shown next to it at the first value (what the other loss does there)


@dataclass(frozen=True)
class Derivation:
    name: str
    names: tuple  # the symbols a step may use
    start: str
    goal: str
    goal_text: str
    parts: dict  # part -> share of the problem's points (progress, and vanishes when there is one)
    identities: dict = field(default_factory=dict)  # a target -> what it equals when the targets sum to 1
    where: dict = field(default_factory=dict)  # abbreviations used by start, goal, goal_factor and beside
    goal_factor: str | None = None  # the goal is a form: the last step must show this factor
    vanishes: Vanishes | None = None
    milestones: tuple = ()  # the lecture's route between start and goal, one named move apart (the kit's data)
    route: dict | None = None  # the same as digests and moves (a carried copy's data), see route.py

    @staticmethod
    def from_data(name: str, data: dict) -> Derivation:
        fact = data.get("vanishes")
        parts = {part: float(share) for part, share in data["parts"].items()}
        unknown = set(parts) - set(PARTS)
        if unknown or "progress" not in parts or (fact is None) == ("vanishes" in parts):
            raise ValueError(f"derivation {name}: parts must be {', '.join(PARTS)} (vanishes with a vanishes fact)")
        if ("milestones" in data) == ("route" in data):
            raise ValueError(f"derivation {name}: declare its milestones (the lecture's route), as a list")
        if abs(sum(parts.values()) - 1) > 1e-12:
            raise ValueError(f"derivation {name}: the parts add up to {sum(parts.values()):.6g}, not 1")
        return Derivation(
            name=name,
            names=tuple(data["names"]),
            start=str(data["start"]),
            goal=str(data["goal"]),
            goal_text=str(data["goal_text"]),
            parts=parts,
            identities=dict(data.get("identities") or {}),
            where=dict(data.get("where") or {}),
            goal_factor=data.get("goal_factor"),
            milestones=tuple(str(m) for m in data.get("milestones") or ()),
            route=data.get("route"),
            vanishes=None
            if fact is None
            else Vanishes(
                at=dict(fact["at"]),
                along=str(fact["along"]),
                values=tuple(fact["values"]),
                below=tuple(float(b) for b in fact["below"]),
                beside=str(fact["beside"]),
            ),
        )


def _load() -> dict:
    provider = sources.provided("derivations")
    data = provider() if provider is not None else {}
    return {name: Derivation.from_data(name, spec) for name, spec in data.items()}


DERIVATIONS: dict = _load()  # name -> Derivation, in the order declared


__all__ = ["DERIVATIONS", "Derivation", "Vanishes", "PARTS"]
