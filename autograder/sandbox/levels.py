"""Trusted side: the isolation levels, what each does not cover, and whether grading other people's work may go on.

The template (student side) takes the strongest level the system grants (see `student_side._choose_level`) and reports
it with what it found; this module turns that report into the answers an instructor needs: which level is in
force, what it leaves open (SECURITY.md proves each item with an attack), and whether course.yml's
`min_isolation` allows grading other people's work here. The words are catalogue keys (isolation:...).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalogue import Message

LEVELS = ("none", "landlock", "userns", "root")  # weakest first


@dataclass(frozen=True)
class Level:
    """A template's report, read: the level in force and the facts that decide what it covers."""

    name: str
    uid_switch: bool
    seccomp: bool
    landlock_abi: int
    userns_for_others: bool
    tried: tuple = ()
    landlock_without_seccomp: bool = False  # Landlock was there, but not taken: no seccomp filter to refuse sockets

    @classmethod
    def from_status(cls, status: dict) -> Level:
        name = status.get("level") if status.get("level") in LEVELS else "none"
        return cls(
            name,
            bool(status.get("uid_switch")),
            bool(status.get("seccomp")),
            int(status.get("landlock_abi") or 0),
            bool(status.get("userns_for_others")),
            tuple(str(t) for t in status.get("tried", ())),
            bool(status.get("landlock_without_seccomp")),
        )

    @property
    def rank(self) -> int:
        return LEVELS.index(self.name)

    def offered_to_others(self) -> str:
        """The strongest level an unprivileged user gets on this machine (course.yml's min_isolation: auto)."""
        if self.userns_for_others:
            return "userns"
        # Landlock without the seccomp filter would leave an unprivileged grader's own sockets open to students:
        # the template does not take that level then (student_side._choose_level).
        return "landlock" if self.landlock_abi >= 1 and self.seccomp else "none"

    def reach(self) -> list:
        """What student code can reach of the grader's own user (its files, processes, sockets), as catalogue keys
        of isolation:reach:...: the question every level answers differently (SECURITY.md, "What a process of
        your uid can reach")."""
        if self.name == "root" or (self.name == "landlock" and self.uid_switch):
            return ["own_uid"]
        if self.name == "userns":
            return ["userns", "sockets" if self.seccomp else "userns_sockets"]
        if self.name == "landlock":
            return [
                "files",
                "sockets" if self.seccomp else "sockets_open",
                "signals_scoped" if self.landlock_abi >= 6 else "signals_open",
                "ipc" if self.seccomp else "ipc_open",
                "memory",
            ]
        return ["everything" if self.seccomp else "everything_sockets"]

    def gaps(self) -> list:
        """What this level does not cover, as catalogue keys of isolation:gap:..., weakest first."""
        gaps = []
        if self.name == "none":
            gaps += ["files", "write", "network", "signals", "forbidden", "processes_survive", "disk"]
        if self.name == "landlock":
            gaps += ["landlock_processes", "disk", "proc_pids"]
            if self.landlock_abi < 4 and not self.seccomp:
                gaps.append("landlock_tcp")
            if self.landlock_abi < 6:
                gaps.append("landlock_signals")
                if not self.seccomp:
                    gaps.append("landlock_abstract")
        if self.name in ("landlock", "none") and not self.seccomp:
            gaps.append("ipc")
        if self.name in ("landlock", "none") and not self.uid_switch:
            gaps.append("same_uid")
        if self.name == "userns":
            gaps.append("userns_uid")
        if not self.seccomp:
            gaps.append("no_seccomp")
        gaps += ["memory_total", "kernel"]
        return gaps

    def describe(self) -> list:
        """Lines for `autograder doctor`: the level, what it does, what of your own user it reaches, what it does
        not cover."""
        lines = [
            Message(
                "isolation:in_force",
                level=self.name,
                what=Message(f"isolation:level:{self.name}"),
                seccomp=Message("isolation:on" if self.seccomp else "isolation:off"),
                uid=Message("isolation:on" if self.uid_switch else "isolation:off"),
                abi=self.landlock_abi,
            )
        ]
        lines.append(Message("isolation:reach:heading"))
        lines += [Message("isolation:item", text=Message(f"isolation:reach:{item}")) for item in self.reach()]
        lines.append(Message("isolation:not_covered"))
        lines += [Message("isolation:item", text=Message(f"isolation:gap:{gap}")) for gap in self.gaps()]
        if self.landlock_without_seccomp:
            lines.append(Message("isolation:landlock_needs_seccomp"))
        for attempt in self.tried:
            lines.append(Message("isolation:tried", attempt=attempt))
        return lines


def required(min_isolation: str, level: Level) -> str:
    """The level course.yml asks for on this machine (auto: what an unprivileged user gets here)."""
    return level.offered_to_others() if min_isolation in (None, "", "auto") else min_isolation


def refusal(min_isolation: str, level: Level) -> Message | None:
    """Why other people's work may not be graded here (None: it may)."""
    wanted = required(min_isolation, level)
    if level.rank >= LEVELS.index(wanted):
        return None
    return Message("isolation:refused", level=level.name, wanted=wanted, setting=min_isolation or "auto")
