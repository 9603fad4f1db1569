"""What `autograder grade` and `autograder check` print: a per-problem table and the first failures.

Every word comes from the catalogue (label:terminal:*), in the report's language. The output fits the terminal:
as wide as it is (COLUMNS, else the terminal, else 100 columns when piped), never wider; on a narrow one the
table keeps to names, counts and statuses and the failures follow it, wrapped. Where stdout cannot encode a
symbol (a Big5/cp950 Windows console has no ✓, ⟨ or −) it is written in ASCII, and anything else it cannot
encode becomes "?": printing never fails on an encoding. What a submission wrote (an exception's message, a note)
reaches the instructor's terminal with its control characters made visible (`\x1b`, `\x00`): an escape sequence
in a student's error never clears, retitles or rewrites that terminal, and a bidi override never reorders a line.
"""

from __future__ import annotations

import codecs
import re
import shutil
import sys

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.table import Table

from ..catalogue import say
from ..grading.points import show, total

# C0 and C1 controls but newline and tab, DEL, and the bidi embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """`text` for rich's markup, every control character shown as its code instead of acting on the terminal."""
    return _markup_escape(_CONTROL.sub(_code_of, str(text)))


def _code_of(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


STYLE = {"passed": "green", "failed": "red", "not implemented": "yellow", "forbidden": "magenta"}
PIPED_WIDTH = 100  # a CI log or `| tee` has no width of its own
WIDE = 100  # from this width on, the first failure of each problem fits in the table itself

# What a symbol reads as where the console cannot show it (longest first is not needed: one character each).
ASCII = {
    "✓": "v",
    "✗": "x",
    "…": "...",
    "⟨": "<",
    "⟩": ">",
    "−": "-",
    "→": "->",
    "←": "<-",
    "×": "x",
    "≈": "~",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "‖": "||",
    "√": "sqrt",
    "∞": "inf",
    "Σ": "sum",
    "∏": "prod",
    "∂": "d",
    "σ": "sigma",
    "δ": "delta",
    "⊙": "*",
    "·": "*",
    "′": "'",
    "ŷ": "y^",
    "²": "^2",
    "³": "^3",
    "ᵢ": "_i",
    "ⱼ": "_j",
    "ₖ": "_k",
    "ₙ": "_n",
    "ᵀ": "^T",
    "ᵇ": "^b",
    "━": "-",
    "┃": "|",
    "—": "-",
    "–": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "\u00a0": " ",
}


class _Encodable:
    """stdout as rich writes to it: a symbol the stream's encoding lacks is written in ASCII, anything else it
    lacks as "?"; the encoding is the stream's, so rich also draws its boxes in ASCII there."""

    def __init__(self, stream):
        self.stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            self._codec = codecs.lookup(self.encoding).name
        except LookupError:
            self._codec = "ascii"
        self._known: dict = {}

    def _fits(self, char: str) -> bool:
        if char not in self._known:
            try:
                char.encode(self._codec)
                self._known[char] = True
            except UnicodeEncodeError:
                self._known[char] = False
        return self._known[char]

    def write(self, text: str) -> int:
        if not text.isascii():
            text = "".join(c if c.isascii() or self._fits(c) else ASCII.get(c, "?") for c in text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self.stream.fileno()


def width() -> int:
    """The columns to fill: COLUMNS, else the terminal's, else PIPED_WIDTH."""
    return max(shutil.get_terminal_size((PIPED_WIDTH, 40)).columns, 40)


def _console() -> Console:
    return Console(file=_Encodable(sys.stdout), highlight=False, soft_wrap=False, width=width())


def _label(name: str, lang: str, **params) -> str:
    return say(f"label:terminal:{name}", lang, **params)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(message: str, limit: int = 400) -> str:
    """A failure in one cell: whole when it fits, else its first line (the category and what must hold, or the
    derivation's name), the lines that say what went wrong (what came back; a chain's ✗ steps) and its last (the
    misconception, or what the chain would earn), each shortened."""
    whole = _one_line(message)
    lines = [_one_line(line) for line in message.splitlines() if line.strip()]
    if len(whole) <= limit or len(lines) < 3:
        return whole[:limit]
    wrong = [line for line in lines[1:-1] if line.startswith("✗")] or lines[1:2]
    share = max(60, (limit - 240) // len(wrong))
    return " ".join([lines[0][:120], *(line[:share] for line in wrong), "…", lines[-1][:120]])


def _problem_table(report, title: str, counts: bool, wide: bool) -> Table:
    """One row per problem; `counts` shows checks passed instead of points (the self-check is not a grade);
    `wide` adds the first failure of each problem as a column."""
    lang = report.language
    table = Table(title=title, title_justify="left")
    table.add_column(_label("problem", lang), overflow="fold")
    table.add_column(_label("checks_passed" if counts else "score", lang), justify="right", no_wrap=True)
    table.add_column(_label("status", lang), overflow="fold")
    if wide:
        table.add_column(_label("first_failure", lang), overflow="fold", ratio=1)
    for problem, p in report.problems.items():
        status = say(f"status:{p.status}", lang)
        checks = [c for c in report.checks if c.problem == problem]
        amount = (
            f"{sum(c.passed for c in checks)} / {len(checks)}" if counts else f"{show(p.score)} / {show(p.max_score)}"
        )
        row = [escape(problem), amount, f"[{STYLE.get(p.status, 'white')}]{escape(status)}[/]"]
        if wide:  # the whole message: its first line says what must hold, its last names the misconception
            row.append(escape(_cell(p.message)) if p.message else "")
        table.add_row(*row)
    return table


def _failures(console: Console, report) -> None:
    """On a narrow terminal, each failing problem's first failure under the table, wrapped to its width."""
    for problem, p in report.problems.items():
        text = p.message.strip() if p.message else ""
        if text and p.status != "passed" and text.startswith(f"{problem}:"):  # it names its problem (a derivation's)
            console.print(escape(text))
        elif text and p.status != "passed":
            console.print(f"[bold]{escape(problem)}[/]:" + ("\n" if "\n" in text else " ") + escape(text))


def _notes(console: Console, report) -> None:
    for note in report.notes:
        console.print(f"[yellow]{escape(say('cli:note', report.language))}[/] {escape(note)}")


def print_report(report, results_path=None) -> None:
    console = _console()
    wide = console.width >= WIDE
    console.print(_problem_table(report, escape(f"{report.assignment} — {report.student}"), False, wide))
    if not wide:
        _failures(console, report)
    _notes(console, report)
    summary = say("summary", report.language, score=show(report.score), max_score=show(report.max_score))
    console.print(f"[bold]{escape(summary)}[/]" + (f"  → {escape(str(results_path))}" if results_path else ""))


def print_check(report, target) -> None:
    """The self-check view: a per-problem table, each failing problem's first failing visible check in full, and a
    summary that says what the visible checks cover and that the hidden ones test more."""
    console = _console()
    lang = report.language
    wide = console.width >= WIDE
    console.print(_problem_table(report, escape(f"{report.assignment}: {target}"), True, wide))
    if not wide:
        _failures(console, report)
    _notes(console, report)
    failing = [c for c in report.checks if not c.passed and c.outcome != "not implemented"]
    firsts = {c.problem: c for c in reversed(failing)}  # each failing problem's first failing check, in full
    for first in (firsts[problem] for problem in report.problems if problem in firsts and wide):
        console.print(
            f"\n[bold red]{escape(_label('first_failure_title', lang))}[/] — {escape(first.display_name(lang))}\n"
            f"{escape(first.message(lang))}"
        )
    passed = sum(1 for c in report.checks if c.passed)
    todo = sum(1 for c in report.checks if c.outcome == "not implemented")
    covered = total(
        p.max_score
        for problem, p in report.problems.items()
        if p.status == "passed" and any(c.problem == problem for c in report.checks)
    )
    console.print(
        "\n"
        + escape(
            _label(
                "visible_summary",
                lang,
                passed=passed,
                total=len(report.checks),
                todo=todo,
                covered=show(covered),
                points=show(report.max_score),
            )
        )
    )


__all__ = ["print_report", "print_check", "width", "STYLE"]
