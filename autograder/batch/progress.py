"""Progress of a batch: a live bar with rate and ETA on a terminal, a few plain lines in a log or CI.

A log cannot redraw a bar, so off a terminal a line is printed at every 5 % and at least every
10 s, which shows both progress and that the batch is still alive.
"""

from __future__ import annotations

import sys
import time


def _eta(done: int, total: int, elapsed: float) -> str:
    if done <= 0 or elapsed <= 0:
        return "?"
    seconds = (total - done) * elapsed / done
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


class PlainProgress:
    """Plain lines: `graded 150/1000 (15 %) 41.2/s, ETA 21 s, 3 errors`."""

    def __init__(self, total: int, label: str, stream=None, steps: int = 20, every: float = 10.0):
        self.total, self.label = total, label
        self.stream = stream or sys.stdout
        self.steps, self.every = steps, every  # a line at every 1/steps of the way, and at least every `every` s
        self.done = self.errors = 0
        self.started = self.last_time = time.monotonic()
        self.last_step = 0

    def advance(self, status: str = "graded") -> None:
        self.done += 1
        self.errors += status == "error"
        now = time.monotonic()
        fraction = self.done / self.total if self.total else 1.0
        step = self.done * self.steps // self.total if self.total else self.steps
        if step > self.last_step or now - self.last_time >= self.every or self.done == self.total:
            self.last_step, self.last_time = step, now
            elapsed = now - self.started
            rate = self.done / elapsed if elapsed > 0 else 0.0
            errors = f", {self.errors} error{'s' * (self.errors != 1)}" if self.errors else ""
            print(
                f"{self.label}: {self.done}/{self.total} ({100 * fraction:.0f} %) {rate:.1f}/s, "
                f"ETA {_eta(self.done, self.total, elapsed)}{errors}",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        pass


class RichProgress:
    """rich's live bar: done/total, rate, elapsed and remaining time."""

    def __init__(self, total: int, label: str):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task):
                speed = task.finished_speed or task.speed
                return Text("   – /s" if speed is None else f"{speed:5.1f}/s", style="progress.data.speed")

        self.errors = 0
        self.bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[errors]}", style="red"),
            transient=False,
        )
        self.task = self.bar.add_task(label, total=total, errors="")
        self.bar.start()

    def advance(self, status: str = "graded") -> None:
        self.errors += status == "error"
        self.bar.update(self.task, advance=1, errors=f"{self.errors} errors" if self.errors else "")

    def close(self) -> None:
        self.bar.stop()


class NoProgress:
    def advance(self, status: str = "graded") -> None:
        pass

    def close(self) -> None:
        pass


def make_progress(total: int, label: str, mode: bool | None = None):
    """`mode` None: a bar on a terminal, lines otherwise; False: nothing; True: lines (for tests and logs)."""
    if mode is False:
        return NoProgress()
    if mode is None and sys.stdout.isatty():
        return RichProgress(total, label)
    return PlainProgress(total, label)
