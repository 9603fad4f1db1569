"""nbgrader's notebook handling, made to take any student notebook and to keep what the student produced.

nbgrader expects the notebook it released, cell metadata and all. Students often hand in the kit's own
notebook (`assignments/<id>/<id>.ipynb`, no nbgrader metadata), or delete cells; stock nbgrader then
crashes in `add_missing_grade_cells` and the student vanishes from the gradebook. Here:

- `KitOverwriteCells` (in place of `OverwriteCells`) first recognises the cells that define the functions the
  source's solution cells define, by the names in the code (never by position or metadata), and puts each
  test cell back after the nearest cell that precedes it in the source, or at the end: no notebook crashes it.
- `KitKeepOutputs` (in place of `ClearOutput`) keeps the student's outputs and plots for formgrader and the
  feedback, in the forms a page shows safely (text, PNG and JPEG images whose data is plain base64, errors):
  no HTML, script or SVG of the student's reaches the instructor's browser. Test cells are cleared; KitGrade
  writes their verdicts. Scores never come from these outputs.
- `KitTidyVerdicts` (after `SaveAutoGrades`) removes the partial-credit value and the error marker that told
  nbgrader the score, so formgrader and the feedback show the kit's verdict without a stray `Out[ ]:`.
- `KitFeedback` (in `GenerateFeedback`) makes long lines of output wrap instead of running off the page.
"""

from __future__ import annotations

import ast
import re

from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells

SCHEMA_VERSION = 3  # of nbgrader's cell metadata


SAFE_IMAGES = ("image/png", "image/jpeg")
BASE64 = re.compile(r"[A-Za-z0-9+/=\s]*")
MAX_TEXT = 200_000  # characters of one text output kept
MAX_IMAGE = 4 * 1024 * 1024  # characters of one image kept
MAX_OUTPUTS = 50  # outputs of one cell kept
MAX_TOTAL = 24 * 1024 * 1024  # characters of outputs kept in one notebook
WRAP_CSS = """
pre, div.output_area pre, div.input_area pre, .highlight pre, code {
  white-space: pre-wrap !important; overflow-wrap: anywhere; word-break: break-word;
}
div.input_area, div.output_subarea, div.output_area { overflow-x: visible; min-width: 0; }
"""


def defined_functions(source: str) -> list[str]:
    """The public functions a cell defines (its syntax tree; a cell that does not parse defines none)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    return [
        n.name
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")
    ]


def is_autograded_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


# ---- sanitising --------------------------------------------------------------------------------------------
def _text(value) -> str | None:
    if isinstance(value, list):
        value = "".join(v for v in value if isinstance(v, str))
    return value[:MAX_TEXT] if isinstance(value, str) else None


def safe_output(output) -> dict | None:
    """The output in a form nbconvert renders without running anything of the student's, or None."""
    import nbformat

    kind = output.get("output_type")
    if kind == "stream":
        text = _text(output.get("text"))
        name = output.get("name") if output.get("name") in ("stdout", "stderr") else "stdout"
        return nbformat.v4.new_output("stream", name=name, text=text) if text else None
    if kind == "error":
        traceback = [t[:MAX_TEXT] for t in (output.get("traceback") or [])[:200] if isinstance(t, str)]
        return nbformat.v4.new_output(
            "error",
            ename=str(output.get("ename", ""))[:200],
            evalue=str(output.get("evalue", ""))[:2000],
            traceback=traceback,
        )
    if kind not in ("display_data", "execute_result"):
        return None
    raw = output.get("data") or {}
    data = {}
    text = _text(raw.get("text/plain"))
    if text is not None:
        data["text/plain"] = text
    for mime in SAFE_IMAGES:
        image = _text(raw.get(mime)) if mime in raw else None
        if image and len(image) <= MAX_IMAGE and BASE64.fullmatch(image):
            data[mime] = image
    if not data:
        return None
    if kind == "execute_result":
        count = output.get("execution_count")
        return nbformat.v4.new_output(
            "execute_result", data=data, execution_count=count if isinstance(count, int) and count >= 0 else None
        )
    return nbformat.v4.new_output("display_data", data=data)


def _size(output) -> int:
    return (
        sum(len(v) for v in (output.get("data") or {}).values())
        + len(output.get("text", "") or "")
        + sum(len(t) for t in output.get("traceback", []) or [])
    )


class KitKeepOutputs(NbGraderPreprocessor):
    """In place of ClearOutput: the student's outputs stay (safe kinds only), test cells start empty."""

    def preprocess(self, nb, resources):
        self._budget = MAX_TOTAL
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if utils.is_grade(cell) or utils.is_solution(cell) and utils.is_locked(cell):
            cell.outputs, cell.execution_count = [], None
            return cell, resources
        kept = []
        for output in (cell.get("outputs") or [])[:MAX_OUTPUTS]:
            safe = safe_output(output) if isinstance(output, dict) else None
            if safe is not None and _size(safe) <= self._budget:
                self._budget -= _size(safe)
                kept.append(safe)
        cell.outputs = kept
        count = cell.get("execution_count")
        cell.execution_count = count if isinstance(count, int) and count >= 0 else None
        return cell, resources


class KitOverwriteCells(OverwriteCells):
    """OverwriteCells that recognises the student's cells by the functions they define and never crashes on a
    notebook without nbgrader's metadata (see the module docstring)."""

    def preprocess(self, nb, resources):
        with Gradebook(resources["nbgrader"]["db_url"]) as gb:
            try:
                source_nb = gb.find_notebook(resources["nbgrader"]["notebook"], resources["nbgrader"]["assignment"])
            except MissingEntry:
                source_nb = None
            if source_nb is not None:
                adopt_solution_cells(
                    nb,
                    [
                        (c.name, c.source)
                        for c in source_nb.source_cells
                        if c.name in {s.name for s in source_nb.solution_cells}
                    ],
                )
        return super().preprocess(nb, resources)

    def add_missing_grade_cells(self, nb, resources):
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = source_nb.source_cells
        order = [cell.name for cell in source_cells]
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        for grade_cell in source_nb.grade_cells:
            present = {
                cell["metadata"]["nbgrader"]["grade_id"]: i
                for i, cell in enumerate(nb.cells)
                if (utils.is_grade(cell) or utils.is_solution(cell))
                and "grade_id" in cell["metadata"].get("nbgrader", {})
            }
            if grade_cell.name in present or grade_cell.name not in order:
                continue
            self.log.warning("Missing grade cell %s: added back", grade_cell.name)
            position = order.index(grade_cell.name)
            added = self.missing_cell_transform(
                source_cells[position], grade_cell.max_score, is_solution=grade_cell.name in solution_ids
            )
            before = next((present[name] for name in reversed(order[:position]) if name in present), None)
            nb.cells.insert(len(nb.cells) if before is None else before + 1, added)
        return nb, resources


def mark_solution_cell(cell, grade_id: str) -> None:
    """nbgrader's metadata of an autograded answer cell: the student's code, graded by the kit."""
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "locked": False,
        "grade_id": grade_id,
        "schema_version": SCHEMA_VERSION,
    }


def adopt_solution_cells(nb, solution_sources: list) -> int:
    """Give nbgrader's solution metadata to the student's cells that define what each source solution cell
    defines, where the notebook lost it (the kit's own notebook, a copy pasted into a fresh one). Returns how
    many cells were recognised."""
    present = {cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells}
    adopted = 0
    for grade_id, source in solution_sources:
        if grade_id in present:
            continue
        wanted = [grade_id] if grade_id in defined_functions(source) else defined_functions(source)
        if not wanted:
            continue
        for cell in nb.cells:
            if cell.cell_type != "code" or cell.metadata.get("nbgrader"):
                continue
            if any(name in defined_functions(cell.source) for name in wanted):
                mark_solution_cell(cell, grade_id)
                present.add(grade_id)
                adopted += 1
                break
    return adopted


# ---- after grading, and the feedback -------------------------------------------------------------------------
class KitTidyVerdicts(NbGraderPreprocessor):
    """After SaveAutoGrades: keep each test cell's verdict text, drop the markers only nbgrader needed to read it."""

    def preprocess_cell(self, cell, resources, index):
        if is_autograded_test(cell) and cell.get("metadata", {}).get("autograder_verdict"):
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "stream"]
            del cell.metadata["autograder_verdict"]
        return cell, resources


class KitFeedback(NbGraderPreprocessor):
    """GenerateFeedback: long output lines wrap; verdict markers of notebooks autograded before KitTidyVerdicts go;
    the set-up cell's source (the checker's archive) is left out, whatever metadata autograding cleared."""

    def preprocess(self, nb, resources):
        nb, resources = super().preprocess(nb, resources)
        inlining = resources.setdefault("inlining", {})
        inlining["css"] = [*(inlining.get("css") or []), WRAP_CSS]
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        from ..authoring.carry import carries_checker

        if is_autograded_test(cell) and cell.get("outputs") and cell.outputs[0].get("output_type") == "stream":
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "stream"]
        if cell.get("cell_type") == "code" and carries_checker(str(cell.get("source", ""))):
            cell.source = ""  # nbconvert's templates skip the input of a cell marked so; nothing is left to show
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        return cell, resources
