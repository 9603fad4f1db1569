"""Student notebooks: the lecture's story, one exercise cell per function, practice cells tagged skip-grading.

The same builder makes the solution notebook (solution code in the exercise cells) for the tests; only
the student notebook is ever written to disk. Cell ids come from the cell's position, so the output is
byte-for-byte reproducible and drift checks can be exact.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .. import paths
from ..course import Assignment, load_course
from .carried import bundle
from .embed import expand, has_marker
from .layout import read_module
from .story import Story, load_story
from .stubs import make_stub
from .visible import visible_tests

EXERCISE = "exercise"
SKIP = "skip-grading"

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def how_to_work(assignment: Assignment, uses_sympy: bool) -> str:
    allowed = "numpy, sympy and the standard library" if uses_sympy else "numpy and the standard library"
    banned = ", ".join(assignment.forbidden_imports) or "nothing else"
    return "\n".join(
        [
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
            f'**Check.** After each exercise a cell runs `check("<function>")`: the grader\'s visible checks on your '
            f"function, right here (the set-up cell carries them; nothing to install, Colab included). A failed check "
            f"says what was expected, what came back, on which input and the likely mistake; each time it fails again "
            f"one more hint unfolds. In a terminal, `pytest --submission={assignment.id}.ipynb` in this folder or "
            f"`autograder check {assignment.id} {assignment.id}.ipynb` run the same checks. They catch slips; the "
            f"hidden checks that give the grade test more.",
        ]
    )


def _generic_story(module_doc: str) -> Story:
    """For an assignment without a written story: its module docstring, nothing else."""
    return Story(intro=module_doc, setup="## Setup", before={})


def build_notebook(assignment: Assignment, source: str, language: str | None = None) -> nbformat.NotebookNode:
    """The notebook for `source` (a stub or a solution) of `assignment`; `check()` speaks `language` (the course's)."""
    module = read_module(source)
    story = load_story(assignment.id) or _generic_story(module.doc)
    uses_sympy = "sympy" in module.imports
    language = language or load_course().language
    visible = visible_tests(assignment.id, [f.name for f in module.functions])
    cells = []

    def markdown(text: str) -> None:
        if text.strip():
            cells.append(nbformat.v4.new_markdown_cell(text.strip()))

    def code(text: str, tag: str) -> None:
        metadata = {"tags": [tag]}
        if has_marker(text):  # a cell carrying kit code (see embed.py): generated, shown collapsed (Jupyter, Colab)
            text = expand(text, lambda name: bundle(name, assignment, language, visible))
            metadata["jupyter"] = {"source_hidden": True}
            metadata["cellView"] = "form"  # Colab shows the cell's #@title line instead of its code
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
    if story.after.get("setup"):  # a story that carries the checker ends with every problem's checks
        for text in story.closing:
            code(text, SKIP)

    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:02d}"
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
            "autograder": {"assignment": assignment.id},
        },
    )
    nbformat.validate(nb)
    return nb


def solution_source(assignment_id: str, root: Path | None = None) -> str:
    return (paths.solutions_dir(root) / f"{assignment_id}.py").read_text(encoding="utf-8")


def student_notebook(assignment: Assignment, root: Path | None = None) -> nbformat.NotebookNode:
    source = solution_source(assignment.id, root)
    return build_notebook(
        assignment, make_stub(source, f"{assignment.id}.py"), load_course(paths.course_file(root)).language
    )


def solution_notebook(assignment: Assignment, root: Path | None = None) -> nbformat.NotebookNode:
    """The notebook with the reference solution in its exercise cells: for tests, never written under assignments/."""
    return build_notebook(
        assignment, solution_source(assignment.id, root), load_course(paths.course_file(root)).language
    )


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb, version=4) + "\n"
