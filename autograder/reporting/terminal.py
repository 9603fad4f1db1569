"""What `autograder grade` and `autograder check` print: a per-problem table and the first failures."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..grading.messages import say

STYLE = {"passed": "green", "failed": "red", "not implemented": "yellow", "forbidden": "magenta"}


def _console() -> Console:
    import shutil
    # Tables stay readable when piped (a CI log, `make demo | tee`): at least 120 columns.
    return Console(highlight=False, soft_wrap=False, width=max(120, shutil.get_terminal_size((120, 40)).columns))


def _problem_table(report, title: str, counts: bool = False) -> Table:
    """One row per problem; `counts` shows checks passed instead of points (the self-check is not a grade)."""
    lang = report.language
    table = Table(title=title, title_justify="left")
    table.add_column("problem" if lang == "en" else "題目")
    if counts:
        table.add_column("checks passed" if lang == "en" else "通過的檢查", justify="right")
    else:
        table.add_column("score" if lang == "en" else "得分", justify="right")
    table.add_column("status" if lang == "en" else "狀態")
    table.add_column("first failure" if lang == "en" else "第一個失敗", overflow="fold", max_width=80)
    for problem, p in report.problems.items():
        status = say(f"status:{p.status}", lang)
        first = " ".join(p.message.split()) if p.message else ""  # the whole message: its last line names the misconception
        checks = [c for c in report.checks if c.problem == problem]
        amount = f"{sum(c.passed for c in checks)} / {len(checks)}" if counts else f"{p.score:g} / {p.max_score:g}"
        table.add_row(escape(problem), amount, f"[{STYLE.get(p.status, 'white')}]{status}[/]",
                      escape(first[:400]))
    return table


def print_report(report, results_path=None) -> None:
    console = _console()
    console.print(_problem_table(report, escape(f"{report.assignment} — {report.student}")))
    for note in report.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    console.print(f"[bold]{say('summary', report.language, score=report.score, max_score=report.max_score)}[/]"
                  + (f"  → {results_path}" if results_path else ""))


def print_check(report, target) -> None:
    """The self-check view: a per-problem table and the first failing visible check in full."""
    console = _console()
    lang = report.language
    console.print(_problem_table(report, escape(f"{report.assignment}: {target}"), counts=True))
    for note in report.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    failing = [c for c in report.checks if not c.passed and c.status != "not implemented"]
    if failing:
        first = failing[0]
        label = "First failure" if lang == "en" else "第一個失敗"
        console.print(f"\n[bold red]{label}[/] — {escape(first.name)}\n{escape(first.message(lang))}")
    passed = sum(1 for c in report.checks if c.passed)
    todo = sum(1 for c in report.checks if c.status == "not implemented")
    if lang == "en":
        console.print(f"\n{passed} of {len(report.checks)} visible checks pass; {todo} wait for code not yet implemented.")
    else:
        console.print(f"\n{len(report.checks)} 項公開檢查中通過 {passed} 項；{todo} 項的程式碼尚未實作。")
