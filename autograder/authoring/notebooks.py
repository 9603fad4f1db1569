"""Student notebooks: the lecture's story, one exercise cell per function, practice cells tagged skip-grading.

A notebook speaks one language: its story (stories/<language>/<id>.md), the sentences around it (the
catalogue's notebook: domain) and its checks' messages (`check.lang` switches these to another language of the
kit). The set-up cell after the imports carries the checker (carry.py) behind a few visible lines; its
metadata hides it in Jupyter and Colab and leaves its source out of every nbconvert export.

The same builder makes the solution notebook (solution code in the exercise cells) for the tests; only
the student notebook is ever written to disk. Cell ids come from the cell's position, so the output is
byte-for-byte reproducible and drift checks can be exact.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .. import catalogue, paths
from ..course import Assignment, load_course
from .carry import archive, encode, setup_cell
from .layout import read_module
from .story import Story, load_story
from .stubs import make_stub
from .visible import visible_tests

EXERCISE = "exercise"
SKIP = "skip-grading"
SETUP = "autograder-setup"  # the set-up cell's tag: the kit's nbgrader configuration leaves its source out

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
# The set-up cell: collapsed in Jupyter (source_hidden) and Colab (a form shows its #@title line), and left out
# of every nbconvert export, HTML and PDF alike (nbconvert's templates skip a source marked remove_source).
SETUP_METADATA = {
    "tags": [SKIP, SETUP],
    "jupyter": {"source_hidden": True},
    "cellView": "form",
    "transient": {"remove_source": True},
}


def how_to_work(assignment: Assignment, uses_sympy: bool, language: str, title: str) -> str:
    say = lambda key, **params: catalogue.say(key, language, **params)  # noqa: E731
    allowed = say("notebook:allowed_sympy" if uses_sympy else "notebook:allowed")
    banned = ", ".join(assignment.forbidden_imports) or say("notebook:banned_none")
    return "\n\n".join(
        [
            f"# {assignment.id} — {title}",
            say("notebook:how_to_work"),
            say("notebook:graded_cells"),
            say("notebook:imports", allowed=allowed, banned=banned),
            say("notebook:check", assignment=assignment.id),
        ]
    )


def _generic_story(module_doc: str) -> Story:
    """For an assignment without a written story: its module docstring, nothing else."""
    return Story(intro=module_doc, setup="## Setup", before={})


def build_notebook(assignment: Assignment, source: str, language: str | None = None) -> nbformat.NotebookNode:
    """The notebook for `source` (a stub or a solution) of `assignment`, in `language` (the course's)."""
    module = read_module(source)
    language = catalogue.resolve_language(language or load_course().language) or catalogue.SOURCE_LANGUAGE
    story = load_story(assignment.id, language) or _generic_story(module.doc)
    uses_sympy = "sympy" in module.imports
    visible = visible_tests(assignment.id, [f.name for f in module.functions])
    say = lambda key, **params: catalogue.say(key, language, **params)  # noqa: E731
    cells = []

    def markdown(text: str) -> None:
        if text.strip():
            cells.append(nbformat.v4.new_markdown_cell(text.strip()))

    def code(text: str, tag: str) -> None:
        cells.append(nbformat.v4.new_code_cell(text.strip(), metadata={"tags": [tag]}))

    markdown(how_to_work(assignment, uses_sympy, language, story.title or assignment.title))
    markdown(story.intro)
    markdown(story.setup)
    code(module.setup, EXERCISE)
    payload = encode(archive(assignment, language, visible))
    cells.append(nbformat.v4.new_code_cell(setup_cell(payload, language), metadata=SETUP_METADATA))
    for text in story.after.get("setup", []):
        code(text, SKIP)
    for function in module.functions:
        points = assignment.problems.get(function.name)
        worth = say("notebook:worth", points=points) if points is not None else ""
        before = story.before.get(function.name, f"## `{function.name}`\n{function.summary}")
        markdown(f"{before}\n\n{say('notebook:exercise', name=function.name, worth=worth)}")
        code(function.code, EXERCISE)
        for text in story.after.get(function.name, []):
            code(text, SKIP)
    markdown(story.outro)
    for text in story.closing:  # every problem's checks at once
        code(text, SKIP)

    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:02d}"
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": dict(KERNELSPEC),
            "language_info": {"name": "python"},
            "autograder": {"assignment": assignment.id, "language": language},
        },
    )
    nbformat.validate(nb)
    return nb


def solution_source(assignment_id: str, root: Path | None = None) -> str:
    return (paths.solutions_dir(root) / f"{assignment_id}.py").read_text(encoding="utf-8")


def student_notebook(
    assignment: Assignment, root: Path | None = None, language: str | None = None
) -> nbformat.NotebookNode:
    source = solution_source(assignment.id, root)
    return build_notebook(
        assignment, make_stub(source, f"{assignment.id}.py"), language or load_course(paths.course_file(root)).language
    )


def solution_notebook(
    assignment: Assignment, root: Path | None = None, language: str | None = None
) -> nbformat.NotebookNode:
    """The notebook with the reference solution in its exercise cells: for tests, never written under assignments/."""
    return build_notebook(
        assignment, solution_source(assignment.id, root), language or load_course(paths.course_file(root)).language
    )


def notebook_text(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb, version=4) + "\n"
