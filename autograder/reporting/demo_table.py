"""`python -m autograder.reporting.demo_table OUT a1 a2 ...`: one table of every graded sample (make demo)."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..grading.points import show
from ..grading.results_model import Results
from .terminal import STYLE


def main(out: str, assignments: list) -> int:
    console = Console(highlight=False, width=160)
    table = Table(title="Bundled samples, graded", title_justify="left")
    for column in ("assignment", "sample", "score", "problems (score / max)"):
        table.add_column(column)
    for aid in assignments:
        for path in sorted(Path(out, aid).glob("*/results.json")):
            results = Results.read(path)
            if results is None:
                table.add_row(aid, escape(path.parent.name), "–", "unreadable results.json")
                continue
            kit = results.kit_data
            problems = " ".join(
                f"[{STYLE.get(p.status, 'white')}]{escape(name)} {show(p.score)}/{show(p.max_score)}[/]"
                for name, p in results.problems.items()
            )
            table.add_row(
                aid,
                escape(path.parent.name),
                f"{show(results.score)} / {show(kit.max_score)}",
                problems or escape(kit.note or kit.status),
            )
    console.print(table)
    console.print(
        f"Per-submission results.json, grades.csv and report.html are under {out}/<assignment>/; "
        f"the course gradebook is {out}/gradebook.html."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
