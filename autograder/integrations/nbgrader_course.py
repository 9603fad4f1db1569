"""`autograder nbgrader-course --out DIR`: a complete nbgrader course built from course.yml and solutions/.

DIR gets `nbgrader_config.py` and `source/<id>/<id>.ipynb` for every assignment: the kit's notebook with
nbgrader metadata, each function a solution cell (its `### BEGIN SOLUTION` region is what
`nbgrader generate_assignment` strips) followed by a locked, autograded test cell worth course.yml's
points. A test cell holds only a comment: the hidden checks never enter a notebook, so neither the
release nor the feedback pages can show them. The generated config puts `KitGrade` in place of
nbgrader's kernel execution, so `nbgrader autograde` scores with the kit's engine.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import nbformat

from ..catalogue import say
from ..course import Assignment, Course, load_course
from .nbgrader_cells import SCHEMA_VERSION, mark_solution_cell
from .nbgrader_grade import PLACEHOLDER, TEST_PREFIX

SOLUTION_MARK = "### BEGIN SOLUTION"


def _public_functions(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        n.name
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and not n.name.startswith("_")
    ]


def _how_to_work(assignment: Assignment, uses_sympy: bool, lang: str) -> str:
    allowed = say("nbgrader:allowed_sympy" if uses_sympy else "nbgrader:allowed", lang)
    banned = ", ".join(assignment.forbidden_imports) or say("nbgrader:banned_none", lang)
    return "\n".join(
        [
            f"# {assignment.id} — {assignment.title}",
            "",
            say("nbgrader:how_to_work", lang),
            "",
            say("nbgrader:grading_note", lang, placeholder=PLACEHOLDER, allowed=allowed, banned=banned),
        ]
    )


def _test_cell(problem: str, points: float):
    cell = nbformat.v4.new_code_cell(
        PLACEHOLDER,
        metadata={
            "tags": ["skip-grading"],
            "nbgrader": {
                "grade": True,
                "solution": False,
                "locked": True,
                "points": float(points),
                "grade_id": f"{TEST_PREFIX}{problem}",
                "schema_version": SCHEMA_VERSION,
            },
        },
    )
    return cell


def source_notebook(assignment: Assignment, lang: str = "en", root: Path | None = None) -> nbformat.NotebookNode:
    """The instructor's notebook for nbgrader: the kit's solution notebook with nbgrader cell metadata."""
    from ..authoring.notebooks import solution_notebook

    nb = solution_notebook(assignment, root)
    cells = []
    graded = set()
    uses_sympy = any("sympy" in c.source for c in nb.cells if c.cell_type == "code")
    for index, cell in enumerate(nb.cells):
        if index == 0 and cell.cell_type == "markdown" and cell.source.startswith(f"# {assignment.id}"):
            cell.source = _how_to_work(assignment, uses_sympy, lang)
        cells.append(cell)
        if cell.cell_type != "code" or "skip-grading" in (cell.metadata.get("tags") or []):
            continue
        problems = [f for f in _public_functions(cell.source) if f in assignment.problems and f not in graded]
        if problems:
            mark_solution_cell(cell, problems[0])
            for problem in problems:
                graded.add(problem)
                cells.append(_test_cell(problem, assignment.problems[problem]))
        elif SOLUTION_MARK in cell.source:  # given code with a solution region (no points of its own)
            mark_solution_cell(cell, f"solution_{index:02d}")
    missing = [p for p in assignment.problems if p not in graded]
    if missing:
        from ..errors import KitError

        raise KitError(f"{assignment.id}: no cell defines {', '.join(missing)} (course.yml problems)")
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index:02d}"
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "course"


def config_text(course: Course, course_file: Path, out_dir: Path) -> str:
    """nbgrader_config.py: KitGrade in place of Execute, the kit's cell handling, course.yml's due dates and late
    policy; the course folder hidden from students' code; course.yml found relative to this file; nbgrader's
    `alembic` command found beside the interpreter that runs it."""
    relative = os.path.relpath(Path(course_file).resolve(), Path(out_dir).resolve())
    notification = say("nbgrader:missing_cell", course.language, cell_id="{cell_id}") + "\n"
    return f'''"""nbgrader configuration of "{course.title}", written by `autograder nbgrader-course`.

Autograding never runs a student's notebook in a Jupyter kernel: KitGrade takes the place of nbgrader's
Execute, grades the submitted code with the kit's hidden checks (the code in its own locked-down process,
every comparison on the grading side) by the functions it defines, and writes each test cell's verdict,
which SaveAutoGrades records. Any notebook is taken, with or without nbgrader's cell metadata; the student's
outputs and plots stay visible (text and images only). course.yml gives the due dates and the late policy.
Regenerate with `autograder nbgrader-course --out DIR` rather than editing by hand.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# nbgrader starts `alembic` as a command to set up its gradebook: the one installed beside the interpreter running
# nbgrader (the kit's environment) goes first, so `.venv/bin/nbgrader` works without .venv/bin on PATH.
_BIN = os.path.dirname(os.path.abspath(sys.executable))
if os.path.isfile(os.path.join(_BIN, "alembic")) and os.environ.get("PATH", "").split(os.pathsep)[0] != _BIN:
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")
COURSE_FILE = os.path.normpath(os.path.join(HERE, {relative!r}))

c = get_config()  # noqa: F821  (nbgrader provides it)

c.CourseDirectory.course_id = {_slug(course.title)!r}

c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
    "autograder.integrations.nbgrader_late.KitDueDate",
]
c.Autograde.sanitize_preprocessors = [
    "autograder.integrations.nbgrader_cells.KitKeepOutputs",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "autograder.integrations.nbgrader_cells.KitOverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "autograder.integrations.nbgrader_grade.KitGrade",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "autograder.integrations.nbgrader_cells.KitTidyVerdicts",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "autograder.integrations.nbgrader_cells.KitFeedback",
]
# A test cell a student deleted (or a notebook without nbgrader's metadata) gets it back, so its problem is
# graded (and scored by the kit) all the same.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = {notification!r}
# Late work: course.yml's policy through nbgrader's late-penalty plugin, from nbgrader's timestamps.
c.AssignLatePenalties.plugin_class = "autograder.integrations.nbgrader_late.KitLatePenalty"

c.KitGrade.course_file = COURSE_FILE
c.KitDueDate.course_file = COURSE_FILE
c.KitLatePenalty.course_file = COURSE_FILE
c.KitGrade.lang = {course.language!r}
# The student's code must not see the course folder: source notebooks hold the solutions.
c.KitGrade.hide = [HERE]
'''


def write_course(out_dir: Path | str, course: Course | None = None, course_file: Path | None = None) -> list[Path]:
    """Write the course folder; returns the files written."""
    from .. import paths

    course_file = Path(course_file or paths.course_file()).resolve()
    course = course or load_course(course_file)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    config = out / "nbgrader_config.py"
    config.write_text(config_text(course, course_file, out), encoding="utf-8")
    written.append(config)
    for assignment_id, assignment in course.assignments.items():
        nb = source_notebook(assignment, course.language, course.root)
        target = out / "source" / assignment_id / f"{assignment_id}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(nb, version=4) + "\n", encoding="utf-8")
        written.append(target)
    return written


def run(args) -> int:
    from .. import paths

    course_file = Path(args.course) if getattr(args, "course", None) else paths.course_file()
    written = write_course(Path(args.out), course_file=course_file)
    lang = load_course(course_file).language
    for path in written:
        print(say("nbgrader:wrote", lang, path=str(path)))
    print(say("nbgrader:next", lang, out=str(args.out)))
    return 0
