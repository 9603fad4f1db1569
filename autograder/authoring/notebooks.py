"""Student notebooks: the lecture's story, one exercise cell per function, practice cells tagged skip-grading.

The same builder makes the solution notebook (solution code in the exercise cells) for the tests; only
the student notebook is ever written to disk. Cell ids come from the cell's position, so the output is
byte-for-byte reproducible and drift checks can be exact.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

from .. import paths
from ..course import Assignment
from .embed import expand, has_marker
from .layout import read_module
from .stories import STORIES, Story
from .stubs import make_stub

EXERCISE = "exercise"
SKIP = "skip-grading"

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def how_to_work(assignment: Assignment, uses_sympy: bool) -> str:
    allowed = "numpy, sympy and the standard library" if uses_sympy else "numpy and the standard library"
    banned = ", ".join(assignment.forbidden_imports) or "nothing else"
    return "\n".join([
        f"# {assignment.id} — {assignment.title}",
        "",
        "**How to work.** Each function you write sits in a code cell tagged `exercise`: replace "
        "`raise NotImplementedError` (and the `# YOUR CODE HERE` line) with your code, and keep the name and "
        "the signature. The cells after it are practice (checks, plots, demos), tagged `skip-grading`: the "
        "grader skips them, so a plot that fails before you finish costs nothing. Run the notebook top to "
        "bottom.",
        "",
        "The grader reads only the exercise cells (lines starting with `%` or `!` are dropped): anything your "
        "functions need must be defined there.",
        "",
        f"**Imports.** Use {allowed}. A function that uses {banned} scores zero for that problem.",
        "",
        f"**Check.** `pytest --submission={assignment.id}.ipynb` in this folder runs the visible tests on this "
        f"notebook (`pytest` alone tests `{assignment.id}.py`), or `autograder check {assignment.id} "
        f"{assignment.id}.ipynb`. The visible tests are sanity checks; the grader tests more.",
    ])


def _generic_story(module_doc: str) -> Story:
    """For an assignment without a written story: its module docstring, nothing else."""
    return Story(intro=module_doc, setup="## Setup", before={})


def build_notebook(assignment: Assignment, source: str) -> nbformat.NotebookNode:
    """The notebook for `source` (a stub or a solution) of `assignment`."""
    module = read_module(source)
    story = STORIES.get(assignment.id) or _generic_story(module.doc)
    uses_sympy = "sympy" in module.imports
    cells = []

    def markdown(text: str) -> None:
        if text.strip():
            cells.append(nbformat.v4.new_markdown_cell(text.strip()))

    def code(text: str, tag: str) -> None:
        metadata = {"tags": [tag]}
        if has_marker(text):  # a cell carrying kit code (see embed.py): generated, shown collapsed
            text = expand(text)
            metadata["jupyter"] = {"source_hidden": True}
        cells.append(nbformat.v4.new_code_cell(text.strip(), metadata=metadata))

    markdown(how_to_work(assignment, uses_sympy))
    markdown(story.intro)
    markdown(story.setup)
    code(module.setup, EXERCISE)
    for text in story.after.get("setup", []):
        code(text, SKIP)
    for function in module.functions:
        points = assignment.problems.get(function.name)
        worth = f" ({points:g} points)" if points is not None else ""
        before = story.before.get(function.name, f"## `{function.name}`\n{function.summary}")
        markdown(f"{before}\n\n**Exercise `{function.name}`**{worth}: write it in the cell below.")
        code(function.code, EXERCISE)
        for text in story.after.get(function.name, []):
            code(text, SKIP)
    markdown(story.outro)

    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:02d}"
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "autograder": {"assignment": assignment.id},
    })
    nbformat.validate(nb)
    return nb


def solution_source(assignment_id: str, root: Path | None = None) -> str:
    return (paths.solutions_dir(root) / f"{assignment_id}.py").read_text(encoding="utf-8")


def student_notebook(assignment: Assignment, root: Path | None = None) -> nbformat.NotebookNode:
    source = solution_source(assignment.id, root)
    return build_notebook(assignment, make_stub(source, f"{assignment.id}.py"))


def solution_notebook(assignment: Assignment, root: Path | None = None) -> nbformat.NotebookNode:
    """The notebook with the reference solution in its exercise cells: for tests, never written under assignments/."""
    return build_notebook(assignment, solution_source(assignment.id, root))


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb, version=4) + "\n"

