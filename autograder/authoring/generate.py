"""Generate everything students get from solutions/, say what is stale, and find solution text that leaks.

`generate_all` writes, for every assignment of course.yml, assignments/<id>/ (stub, notebook, visible
tests, conftest, README) and docs/contract.md. The output is deterministic, so `check_drift` compares
bytes. `leaks` is the guard that release and the drift check share: solution lines, hidden-check lines, and
the middle steps of the reference derivation chains as sympy prints them, looked for in every file and in every
file of the archive a notebook carries (read back, see carry.py); an archive may hold only the student-safe
package (autograder/checker/) and its data, and no hidden check's name.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
from functools import lru_cache
from pathlib import Path

from .. import paths
from ..checker.carried import DATA, VISIBLE
from ..course import Assignment, load_course
from .carry import archive, payloads_in
from .documents import contract_page, readme
from .layout import Module, read_module
from .notebooks import build_notebook, notebook_text
from .stubs import MARKERS, split_solution
from .visible import conftest, visible_tests

MIN_LINE = 12  # shorter lines (`return x`, `else:`) are too common to mean anything


def shipped_files(assignment_id: str) -> list[str]:
    """The files of assignments/<id>/ that students get, in release order."""
    return [
        f"{assignment_id}.py",
        f"{assignment_id}.ipynb",
        f"test_{assignment_id}_visible.py",
        "conftest.py",
        "README.md",
    ]


def _stub_module(assignment_id: str, root: Path | None) -> tuple[str, Module]:
    source_path = paths.solutions_dir(root) / f"{assignment_id}.py"
    stub = split_solution(source_path.read_text(encoding="utf-8"), source_path.name).stub
    return stub, read_module(stub)


def render_assignment(assignment: Assignment, root: Path | None = None, language: str | None = None) -> dict:
    """Relative path -> text of every file of assignments/<id>/ (the self-check speaks `language`, the course's)."""
    aid = assignment.id
    language = language or load_course(paths.course_file(root)).language
    stub, module = _stub_module(aid, root)
    visible = visible_tests(aid, [f.name for f in module.functions])
    texts = [
        stub,
        notebook_text(build_notebook(assignment, stub, language)),
        visible,
        conftest(assignment, language, archive(assignment, language, visible)),
        readme(assignment, module, language),
    ]
    return {Path("assignments") / aid / name: text for name, text in zip(shipped_files(aid), texts)}


def render_all(root: Path | None = None) -> dict:
    """Relative path -> text of every generated file."""
    course = load_course(paths.course_file(root))
    files = {}
    for assignment in course.assignments.values():
        files.update(render_assignment(assignment, root, course.language))
    modules = {aid: read_module(files[Path("assignments") / aid / f"{aid}.py"]) for aid in course.assignments}
    files[Path("docs") / "contract.md"] = contract_page(course, modules)
    return files


def generate_all(root: Path | None = None) -> list[Path]:
    """Write every generated file (only those whose content changed); returns the paths of all of them."""
    base = root or paths.KIT_ROOT
    written = []
    for relative, text in render_all(root).items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _compare(base: Path, files: dict) -> list[str]:
    problems = []
    for relative, text in files.items():
        target = base / relative
        if not target.is_file():
            problems.append(f"{relative.as_posix()}: missing")
        elif target.read_text(encoding="utf-8") != text:
            problems.append(f"{relative.as_posix()}: differs from what `autograder generate` writes")
    return problems


def check_drift(root: Path | None = None) -> list[str]:
    """One line per generated file that is missing or stale, and per leak of solution text under assignments/."""
    base = root or paths.KIT_ROOT
    problems = _compare(base, render_all(root))
    folder = paths.assignments_dir(root)
    if folder.is_dir():
        problems += [f"assignments/{line}" for line in leaks(folder, root)]
    return problems


def assignment_drift(assignment: Assignment, root: Path | None = None) -> list[str]:
    return _compare(root or paths.KIT_ROOT, render_assignment(assignment, root))


# ---- leaks ------------------------------------------------------------------------------------------
def _solution_lines(root: Path | None) -> dict:
    """Stripped lines of solution regions (≥ MIN_LINE chars, absent outside the regions) -> their file."""
    outside, region = set(), {}
    for path in sorted(paths.solutions_dir(root).glob("*.py")):
        split = split_solution(path.read_text(encoding="utf-8"), path.name)
        outside.update(line.strip() for line in split.outside_lines)
        for line in split.region_lines:
            region.setdefault(line.strip(), f"solutions/{path.name}")
    return {line: where for line, where in region.items() if len(line) >= MIN_LINE and line not in outside}


def _graders_dir(root: Path | None) -> Path:
    local = (root or paths.KIT_ROOT) / "autograder" / "graders"
    return local if local.is_dir() else paths.GRADERS_DIR


def _grader_lines(root: Path | None) -> dict:
    """Stripped lines of the hidden checks' test bodies (docstrings excluded) -> their file. A line the visible
    checks' templates also hold is public by design (the comparison calls both write, e.g. call=student.last_call)."""
    outside, hidden = set(), {}
    templates = Path(__file__).resolve().parent / "templates"
    for path in sorted(templates.glob("visible_*.py")):
        outside.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    folder = _graders_dir(root)
    for path in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        inside = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                body = node.body[1:] if ast.get_docstring(node) is not None else node.body
                if body:
                    inside.update(range(body[0].lineno - 1, node.end_lineno))
        for number, line in enumerate(lines):
            if number in inside:
                hidden.setdefault(line.strip(), f"autograder/graders/{path.relative_to(folder).as_posix()}")
            else:
                outside.add(line.strip())
    return {line: where for line, where in hidden.items() if len(line) >= MIN_LINE and line not in outside}


@lru_cache(maxsize=8)
def _reference_steps_in(folder: str, stamp: tuple) -> dict:
    """The middle steps of every reference chain (a solution function without parameters that returns a list
    of sympy expressions or strings), as sympy prints them → where. The first and last are the given start
    and goal, public; the ones between are the answer. Loading solutions/ runs the kit's own code."""
    found = {}
    for path in sorted(Path(folder).glob("*.py")):
        if "sympy" not in path.read_text(encoding="utf-8"):
            continue
        spec = importlib.util.spec_from_file_location(f"_autograder_leak_check_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        from sympy import Basic, sstr

        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
                continue
            if any(p.default is inspect.Parameter.empty for p in inspect.signature(function).parameters.values()):
                continue
            chain = function()
            if not isinstance(chain, list):
                continue
            for step in chain[1:-1]:
                text = sstr(step) if isinstance(step, Basic) else step if isinstance(step, str) else None
                if text and len(text) >= MIN_LINE:
                    found.setdefault(text, f"the reference chain {name} in solutions/{path.name}")
    return found


def _reference_steps(root: Path | None) -> dict:
    folder = paths.solutions_dir(root)
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.py")))
    return _reference_steps_in(str(folder), stamp)


def _searchable_text(path: Path) -> str | None:
    """A file's text as a reader sees it (a notebook's cell sources and outputs, and what a carried bundle holds
    as source and text, not as escaped literals); None for binary files."""
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if path.suffix == ".ipynb":
        try:
            notebook = json.loads(text)
        except ValueError:
            return text
        parts = []
        for cell in notebook.get("cells", []):
            parts.append(_joined(cell.get("source", "")))
            for output in cell.get("outputs", []) or []:
                parts.append(_joined(output.get("text", "")))
                parts += [_joined(v) for v in (output.get("data") or {}).values() if isinstance(v, (str, list))]
        text = "\n".join(parts)
    for files in payloads_in(text):
        if files is not None:
            text += "\n" + "\n".join(files.values())
    return text


CARRIED_FILES = ("autograder/__init__.py", DATA, VISIBLE)  # beside the package's own modules


def _carried_problems(file_name: str, text: str) -> list:
    """What an archive may not hold: a file outside the student-safe package and its data (the hidden checks, the
    sandbox, misconceptions.py), a hidden check's name, or an archive that cannot be read back."""
    found = []
    for files in payloads_in(text):
        if files is None:
            found.append(f"{file_name}: carries an archive that cannot be read back")
            continue
        extra = sorted(n for n in files if n not in CARRIED_FILES and not n.startswith("autograder/checker/"))
        found += [f"{file_name}: carries {name}, which may not travel" for name in extra]
        try:
            entries = json.loads(files.get(DATA, "{}")).get("catalogue") or {}
        except ValueError:
            entries = {}
            found.append(f"{file_name}: carries a {DATA} that cannot be read")
        hidden = sorted(
            {
                key
                for language in entries.values()
                for key in language
                if key.startswith("check:") and not key.split(":")[1].startswith("test_")
            }
        )
        found += [f"{file_name}: carries the name of the hidden check {key}" for key in hidden[:3]]
    return found


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def leaks(path: Path | str, root: Path | None = None) -> list[str]:
    """Solution markers, solution-region lines or hidden-check lines found in a file or under a folder."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    secrets = [(line, f"a line of {where}") for line, where in _solution_lines(root).items()]
    secrets += [(line, f"a line of the hidden checks in {where}") for line, where in _grader_lines(root).items()]
    secrets += [(step, f"a step of {where}") for step, where in _reference_steps(root).items()]
    found = []
    for file in files:
        text = _searchable_text(file)
        if text is None:
            continue
        name = file.name if file == path else file.relative_to(path).as_posix()
        found += _carried_problems(name, text)
        found += [f"{name}: holds the marker {marker!r}" for marker in MARKERS if marker in text]
        found += [f"{name}: holds {line!r}, {what}" for line, what in secrets if line in text]
    return found
