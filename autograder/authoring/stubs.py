"""Turn a reference solution into the student stub: every solution region becomes `raise NotImplementedError`.

The transform is line based on purpose: it keeps docstrings, type hints, imports, comments and the given
functions byte for byte, and only the marked regions change.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import KitError

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN", "END HIDDEN")
_INDENT = re.compile(r"[ \t]*")


@dataclass(frozen=True)
class Split:
    """A solution file cut into the lines students see and the lines they must write."""

    stub: str
    region_lines: tuple  # every line inside a solution region, as written
    outside_lines: tuple  # every line outside the regions (markers excluded)


def split_solution(source: str, name: str = "<solution>") -> Split:
    """Replace each `### BEGIN SOLUTION` … `### END SOLUTION` region, keeping its indentation."""
    out, region, outside = [], [], []
    inside_from = None
    indent = ""
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.strip()
        if text.startswith(BEGIN):
            if inside_from is not None:
                raise KitError(f"{name}:{number}: solution region opened twice (first at line {inside_from})")
            inside_from = number
            indent = _INDENT.match(line).group(0)
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError"]
        elif text.startswith(END):
            if inside_from is None:
                raise KitError(f"{name}:{number}: `{END}` without a matching `{BEGIN}`")
            inside_from = None
        elif inside_from is not None:
            region.append(line)
        else:
            out.append(line)
            outside.append(line)
    if inside_from is not None:
        raise KitError(f"{name}:{inside_from}: solution region is never closed with `{END}`")
    stub = "\n".join(out) + "\n"
    try:
        ast.parse(stub)
    except SyntaxError as exc:
        raise KitError(f"{name}: the stub does not parse at line {exc.lineno}: {exc.msg}") from None
    found = [m for m in MARKERS if m in stub]
    if found:
        raise KitError(f"{name}: the stub still holds the marker {found[0]!r} outside a region")
    return Split(stub=stub, region_lines=tuple(region), outside_lines=tuple(outside))


def make_stub(source: str, name: str = "<solution>") -> str:
    """The student stub for a solution's source text."""
    return split_solution(source, name).stub


def stub_for(solution_file: Path) -> str:
    """The student stub for solutions/<id>.py."""
    return make_stub(Path(solution_file).read_text(encoding="utf-8"), Path(solution_file).name)
