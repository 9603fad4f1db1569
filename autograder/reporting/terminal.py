"""What `autograder grade` and `autograder check` print: a per-problem table and the first failures.

Every word comes from the catalogue (label:terminal:*), in the report's language.
"""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..catalogue import say

STYLE = {"passed": "green", "failed": "red", "not implemented": "yellow", "forbidden": "magenta"}


def _console() -> Console:
    import shutil
    # Tables stay readable when piped (a CI log, `make demo | tee`): at least 120 columns.
    return Console(highlight=False, soft_wrap=False, width=max(120, shutil.get_terminal_size((120, 40)).columns))


def _label(name: str, lang: str, **params) -> str:
    return say(f"label:terminal:{name}", lang, **params)


def _problem_table(report, title: str, counts: bool = False) -> Table:
    """One row per problem; `counts` shows checks passed instead of points (the self-check is not a grade)."""
    lang = report.language
    table = Table(title=title, title_justify="left")
    table.add_column(_label("problem", lang))
    table.add_column(_label("checks_passed" if counts else "score", lang), justify="right")
    table.add_column(_label("status", lang))
    table.add_column(_label("first_failure", lang), overflow="fold", max_width=80)
    for problem, p in report.problems.items():
        status = say(f"status:{p.status}", lang)
        first = " ".join(p.message.split()) if p.message else ""  # the whole message: its last line names the misconception
        checks = [c for c in report.checks if c.problem == problem]
        amount = f"{sum(c.passed for c in checks)} / {len(checks)}" if counts else f"{p.score:g} / {p.max_score:g}"
        table.add_row(escape(problem), amount, f"[{STYLE.get(p.status, 'white')}]{status}[/]",
                      escape(first[:400]))
    return table


def _notes(console: Console, report) -> None:
    for note in report.notes:
        console.print(f"[yellow]{escape(say('cli:note', report.language))}[/] {escape(note)}")


def print_report(report, results_path=None) -> None:
    console = _console()
    console.print(_problem_table(report, escape(f"{report.assignment} — {report.student}")))
    _notes(console, report)
    console.print(f"[bold]{escape(say('summary', report.language, score=report.score, max_score=report.max_score))}[/]"
                  + (f"  → {escape(str(results_path))}" if results_path else ""))


def print_check(report, target) -> None:
    """The self-check view: a per-problem table and the first failing visible check in full."""
    console = _console()
    lang = report.language
    console.print(_problem_table(report, escape(f"{report.assignment}: {target}"), counts=True))
    _notes(console, report)
    failing = [c for c in report.checks if not c.passed and c.status != "not implemented"]
    if failing:
        first = failing[0]
        console.print(f"\n[bold red]{escape(_label('first_failure_title', lang))}[/] — {escape(first.display_name(lang))}\n"
                      f"{escape(first.message(lang))}")
    passed = sum(1 for c in report.checks if c.passed)
    todo = sum(1 for c in report.checks if c.status == "not implemented")
    console.print("\n" + escape(_label("visible_summary", lang, passed=passed, total=len(report.checks), todo=todo)))
