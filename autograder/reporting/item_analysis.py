"""Which checks separate the students who have understood from those who have not (classical item analysis).

The discrimination index of a check is its pass rate among the top 27 % of the graded class (by total score)
minus its pass rate among the bottom 27 % (Kelley's groups). Near 1: the check tells who has understood;
near 0: almost everyone passes or fails it; negative: strong students fail it more often than weak ones, which
usually means the check, not the class, deserves a look.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GROUP_SHARE = 0.27
MIN_STUDENTS = 6  # below this the groups are one or two students: no index is shown


@dataclass(frozen=True)
class Discrimination:
    upper_rate: float  # pass rate in the top group (among those who ran the check)
    lower_rate: float
    n: int  # graded submissions that ran the check

    @property
    def index(self) -> float:
        return self.upper_rate - self.lower_rate


def groups(subs: list) -> tuple[list, list]:
    """(bottom group, top group) of the graded submissions with a score; empty when the class is too small."""
    graded = sorted(
        (s for s in subs if s.status == "graded" and s.score is not None), key=lambda s: (s.score, s.dir_name)
    )
    if len(graded) < MIN_STUDENTS:
        return [], []
    size = max(1, math.floor(GROUP_SHARE * len(graded) + 0.5))
    return graded[:size], graded[-size:]


def _rate(group: list, key: tuple) -> float | None:
    outcomes = [c.status == "passed" for s in group for c in s.checks if (c.problem, c.name) == key]
    return sum(outcomes) / len(outcomes) if outcomes else None


def discrimination(subs: list) -> dict:
    """(problem, check name) -> Discrimination, for every check both groups ran."""
    lower, upper = groups(subs)
    if not upper:
        return {}
    keys = {(c.problem, c.name) for s in subs for c in s.checks}
    result = {}
    for key in keys:
        high, low = _rate(upper, key), _rate(lower, key)
        if high is None or low is None:
            continue
        ran = sum(1 for s in subs if s.status == "graded" for c in s.checks if (c.problem, c.name) == key)
        result[key] = Discrimination(high, low, ran)
    return result


__all__ = ["Discrimination", "discrimination", "groups", "MIN_STUDENTS", "GROUP_SHARE"]
