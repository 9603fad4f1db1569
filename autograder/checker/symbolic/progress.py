"""The credit rule of a derivation: points for progress from the given expression to the goal, by the lecture's
named moves, and for nothing else. Plain data in, plain data out (no sympy): an instructor can read the rule
here and beside the graders (autograder/graders/<assignment>.yml), and a test can check it on made-up chains.

The yardstick is the lecture's route (the derivation's `milestones`, one named move apart): the given
expression is M moves from the goal, the first milestone M − 1, …, the goal 0. An expression of the chain is
ON THE ROUTE when it is a milestone (as written up to trivial rearrangement) or one named move before one; its
DISTANCE is then the moves left from there. Any other expression is off the route: it has no distance.

Walking the chain from the given expression (which has distance M, whether or not the chain repeats it):

1. the RECORD is the smallest distance reached so far (M at first);
2. a link is HONEST when it is a named move, or the same expression again; a leap (true, but no single named
   move), a false link, a link that cannot be read or decided is not, and it breaks the honest path;
3. a link that reaches an expression on the route below the record, by an honest path from the last expression
   on the route before it, earns the moves it gains: min(record, that expression's distance) − its distance.
   Reached any other way (after a leap or a false link), the record drops to it and the link earns nothing:
   the gap was not shown;
4. nothing else earns: a restatement, a repeat, a return to an earlier expression, a detour, a move that is no
   closer than the record, an expression off the route, the given expression alone;
5. the move into the goal counts only when the chain ends at the goal.

The problem's `progress` share is paid in proportion: earned moves / M. Whatever a chain adds, the moves it
earns are at most those its honest named moves gain along the route, so padding (restatements, repeats,
detours, reordering, anything after the goal) never raises a score; a false, unreadable or undecided link earns
nothing over its span and breaks the path after it, as an honest leap over the same span would; the reference
chain, the route itself, earns all M moves.
"""

from __future__ import annotations

from dataclasses import dataclass

HONEST = ("move", "same")
STATUSES = ("move", "same", "leap", "false", "undecided", "unreadable")


@dataclass(frozen=True)
class Link:
    """One link of the chain as the checker found it: its status and the distance of the expression it reaches
    (None: off the route, or not read)."""

    status: str
    distance: int | None


@dataclass(frozen=True)
class Credit:
    """What one link earns (in moves of the route), and why.

    `why`: "progress" (earned), "same" (the same expression), "no_closer" (on the route, no closer than the
    record), "off_route" (an honest link to an expression off the route), "unshown" (reached the route below
    the record, but after a leap or a false link), or the link's own status when it is not honest.
    `would_earn`: what the link would have earned as a named move (for a leap or a false link: what showing the
    moves would give).
    """

    moves: int
    why: str
    record: int  # the record before this link
    would_earn: int = 0


def walk(links: list[Link], total: int, ends_at_goal: bool) -> list[Credit]:
    """The credit of each link of a chain whose given expression is `total` moves from the goal."""
    record = total
    anchor: int | None = total  # the distance where the current honest path left the route (None: broken)
    out: list[Credit] = []
    for link in links:
        honest = link.status in HONEST
        before = anchor
        if not honest:
            anchor = None
        distance = link.distance
        if distance is None:  # off the route: an honest path goes on through it, nothing is earned
            why = ("same" if link.status == "same" else "off_route") if honest else link.status
            out.append(Credit(0, why, record))
            continue
        gain = max(0, min(record, before) - distance) if before is not None else 0
        if honest and gain > 0:
            out.append(Credit(gain, "progress", record, gain))
        elif honest and before is None and distance < record:
            out.append(Credit(0, "unshown", record))
        elif honest:
            out.append(Credit(0, "same" if link.status == "same" else "no_closer", record))
        else:
            out.append(Credit(0, link.status, record, gain))
        record = min(record, distance)
        anchor = distance
    if not ends_at_goal:  # the move into the goal counts only when the chain ends there
        for index, credit in enumerate(out):
            if credit.why == "progress" and links[index].distance == 0:
                why = "goal_not_last" if credit.moves == 1 else "progress"
                out[index] = Credit(credit.moves - 1, why, credit.record, credit.would_earn)
                break
    return out


def earned(credits: list[Credit]) -> int:
    return sum(credit.moves for credit in credits)


__all__ = ["Link", "Credit", "walk", "earned", "HONEST", "STATUSES"]
