"""`python -m autograder.reporting.demo_table OUT a1 a2 ...`: one table of every graded sample (make demo)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .terminal import STYLE


def main(out: str, assignments: list) -> int:
    console = Console(highlight=False, width=160)
    table = Table(title="Bundled samples, graded", title_justify="left")
    for column in ("assignment", "sample", "score", "problems (score / max)"):
        table.add_column(column)
    for aid in assignments:
        for results in sorted(Path(out, aid).glob("*/results.json")):
            data = json.loads(results.read_text(encoding="utf-8"))
            kit = data.get("extra_data", {}).get("kit", {})
            problems = " ".join(
                f"[{STYLE.get(p['status'], 'white')}]{escape(name)} {p['score']:g}/{p['max_score']:g}[/]"
                for name, p in kit.get("problems", {}).items())
            table.add_row(aid, escape(results.parent.name), f"{data.get('score', 0):g} / {kit.get('max_score', 0):g}",
                          problems or escape(kit.get("note", kit.get("status", ""))))
    console.print(table)
    console.print(f"Per-submission results.json, grades.csv and report.html are under {out}/<assignment>/; "
                  f"the course gradebook is {out}/gradebook.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
