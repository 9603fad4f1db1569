"""The code the grader sees in a notebook, and what a cell is called where a message points into one.

Code cells not tagged `skip-grading` (practice: checks, plots, demos), in order, each with IPython's lines (`%magic`,
`!shell`) blanked so that line numbers stay right. The grader (autograder/submission.py), plain pytest in an
assignment folder and nothing else read a notebook, and all of them through this one function.

A cell is named as Jupyter shows it: by the number it ran as (`[7]`, saved with the notebook once it ran),
else by its place among the notebook's code cells counted from 1 (a notebook saved without running it). Each
cell is compiled under the name `<cell [7]>` or `<cell 3>`, so a traceback says which; feedback.place reads
the name back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SKIP_TAG = "skip-grading"
IPYTHON = ("%", "!")
_NAME = re.compile(r"^<cell (?:\[(?P<run>\d+)\]|(?P<counted>\d+))>$")


@dataclass(frozen=True)
class Cell:
    """A graded code cell: what it is called, its code, and the IPython lines blanked in it."""

    number: int  # Jupyter's execution count, or the cell's place among the code cells (from 1)
    ran: bool  # True: `number` is the execution count Jupyter shows as [number]
    source: str
    dropped: list = field(default_factory=list)  # [(line, text)] of the IPython lines blanked

    @property
    def name(self) -> str:
        """The file name the cell's code is compiled under."""
        return f"<cell [{self.number}]>" if self.ran else f"<cell {self.number}>"


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def code_cells(notebook: dict) -> list:
    """The graded code cells of a notebook (a parsed .ipynb), in order."""
    cells, counted = [], 0
    for cell in notebook.get("cells", []) or []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        counted += 1
        metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        if SKIP_TAG in (metadata.get("tags") or []):
            continue
        count = cell.get("execution_count")
        ran = isinstance(count, int) and not isinstance(count, bool) and count > 0
        kept, dropped = [], []
        for number, line in enumerate(_text(cell.get("source")).splitlines(), 1):
            if line.lstrip().startswith(IPYTHON):
                dropped.append((number, line.strip()))
                kept.append("")  # keep line numbers stable
            else:
                kept.append(line)
        cells.append(Cell(count if ran else counted, ran, "\n".join(kept), dropped))
    return cells


def parse_name(name: str) -> tuple | None:
    """(number, ran) of a cell's file name (`<cell [7]>`, `<cell 3>`), else None."""
    match = _NAME.match(str(name))
    if match is None:
        return None
    return (int(match["run"]), True) if match["run"] else (int(match["counted"]), False)


__all__ = ["Cell", "SKIP_TAG", "code_cells", "parse_name"]
