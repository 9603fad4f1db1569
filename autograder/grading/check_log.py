"""The checks a grading process has finished, kept in memory it shares with its supervisor.

Why not a message per check: the supervisor needs them only when the grading process does not finish (the watchdog
killed it, or it died), to keep what finished. Sent one by one they cost a wake-up, a read and an unpickling in
the supervisor, and a write in the grading process, some thirty times per submission. Appended here they cost a
copy, and the supervisor reads them only in that rare case, when the grading process is gone and nothing writes.

The memory is an anonymous file (memfd) the supervisor creates and hands to the grading process alone: the
grading process starts its template with every other descriptor closed, so no student process holds it. Its first
8 bytes count the bytes of the complete records after them, and that count is written after each record: a
process killed in the middle of an append leaves the log as it was before it. The supervisor empties the log
before each submission, while the grading process waits for it. A record that does not fit is not appended, and
the grading process sends it as a message instead (`append` says so).

The next 8 bytes hold the wall seconds the machine took from the submission's student processes so far
(sandbox/own_time.py), which the grading process adds to as it finds them: the supervisor's watchdog reads them
at each of its ticks and does not count them, as the student's own limits do not.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import struct

SIZE = 8 << 20  # bytes of records per submission: far more than every check's message of a whole assignment
_COUNT = struct.Struct("<Q")
_STOLEN = struct.Struct("<d")
_HEADER = _COUNT.size + _STOLEN.size  # the records start here
_LENGTH = struct.Struct("<I")


def _number(value) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def well_formed(event) -> bool:
    """An event of the shape the grading process writes (worker._check_event): only such an event is scored. At
    level `none` a student shares the uid and could write here; what it writes must not stop the supervisor."""
    forbidden = event.get("forbidden", {}) if isinstance(event, dict) else None
    return (
        isinstance(event, dict)
        and type(event.get("index")) is int
        and type(event.get("passed")) is bool
        and _number(event.get("fraction", 0.0))
        and 0 <= event.get("fraction", 0.0) <= 1
        and isinstance(event.get("status", ""), str)
        and isinstance(event.get("output", ""), str)
        and (event.get("misconception") is None or isinstance(event.get("misconception"), str))
        and _number(event.get("duration", 0.0))
        and isinstance(forbidden, dict)
        and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(m, str) for m in v)
            for k, v in forbidden.items()
        )
    )


class CheckLog:
    """One end of the shared log: the grading process appends, the supervisor clears and reads."""

    def __init__(self, fd: int):
        self.fd = fd
        self.memory = mmap.mmap(fd, SIZE)

    @classmethod
    def create(cls) -> CheckLog | None:
        """The supervisor's end, on a new memfd (None where there is none: events then travel as messages)."""
        try:
            fd = os.memfd_create("autograder-checks", os.MFD_CLOEXEC)
        except (AttributeError, OSError):
            return None
        try:
            os.ftruncate(fd, SIZE)  # sparse: only what is written takes memory
            return cls(fd)
        except (OSError, ValueError):
            os.close(fd)
            return None

    def clear(self) -> None:
        _COUNT.pack_into(self.memory, 0, 0)
        _STOLEN.pack_into(self.memory, _COUNT.size, 0.0)

    def add_stolen(self, seconds: float) -> None:
        """The grading process: the machine took `seconds` more from the submission's student."""
        _STOLEN.pack_into(self.memory, _COUNT.size, self.stolen() + seconds)

    def stolen(self) -> float:
        """Seconds the machine took from the submission's student so far (0 for anything not a number)."""
        (value,) = _STOLEN.unpack_from(self.memory, _COUNT.size)
        return value if math.isfinite(value) and value > 0 else 0.0

    def append(self, event: dict) -> bool:
        """Add one finished check; False when it does not fit (the caller sends it another way)."""
        try:
            data = json.dumps(event, ensure_ascii=False, allow_nan=False).encode()
        except (TypeError, ValueError):  # not plain data: it goes as a message
            return False
        (used,) = _COUNT.unpack_from(self.memory, 0)
        start = _HEADER + used
        end = start + _LENGTH.size + len(data)
        if end > SIZE:
            return False
        _LENGTH.pack_into(self.memory, start, len(data))
        self.memory[start + _LENGTH.size : end] = data
        _COUNT.pack_into(self.memory, 0, end - _HEADER)  # last: the record counts only once it is whole
        return True

    def events(self) -> list[dict]:
        """Every complete record of the shape the grading process writes (`well_formed`); read only when the grading
        process is gone (nothing writes meanwhile). Read as data, never unpickled: at isolation level `none` a
        student shares the uid."""
        (used,) = _COUNT.unpack_from(self.memory, 0)
        end, at, found = _HEADER + min(used, SIZE - _HEADER), _HEADER, []
        while at + _LENGTH.size <= end:
            (length,) = _LENGTH.unpack_from(self.memory, at)
            at += _LENGTH.size
            if at + length > end:
                break
            try:
                event = json.loads(self.memory[at : at + length])
            except (ValueError, RecursionError):
                break
            if well_formed(event):
                found.append(event)
            at += length
        return found

    def close(self) -> None:
        try:
            self.memory.close()
        finally:
            try:
                os.close(self.fd)
            except OSError:
                pass


__all__ = ["CheckLog", "SIZE", "well_formed"]
