"""What students get of the kit: the student-safe package as one compact archive, behind a few visible lines.

A plain Jupyter or Colab kernel has no kit installed and nothing beside the notebook, yet its checks should run
the code the grader runs. So the notebook's set-up cell carries autograder/checker/ (the package the grading
engine imports too) as one archive: a zip of its modules, with the data its checks need (checker/carried.py
says what), compressed and written as one line of base85 text. The cell's few visible lines unpack it into a
private temporary folder and import the package from there (Python's own zipimport); the cell's metadata keeps
the line out of sight in Jupyter and Colab and out of every nbconvert export (HTML, PDF) and nbgrader's
feedback. An assignment folder's conftest.py carries the same archive for plain pytest.

The archive holds only the package (a derivation assignment also its chain checker, symbolic/), its modules
without their docstrings and comments (their lines kept, so a line number means the same in the kit and in the
archive), catalogue entries of the assignment's checks, course facts, and, in a notebook, its visible checks.
`autograder generate` writes it, byte for byte the same for the same kit (fixed dates and order), so the drift
check compares it like any file; `payloads_in` reads an archive back out of a text for the leak check.
"""

from __future__ import annotations

import ast
import base64
import functools
import io
import json
import lzma
import re
import tokenize
import zipfile

from .. import catalogue, paths
from ..catalogue.store import HERE, load_languages
from ..checker.carried import DATA, VISIBLE
from ..derivation_data import carried_value
from ..errors import KitError

PACKAGE = paths.PACKAGE_DIR / "checker"
DERIVATION_CHECKER = "symbolic"  # the chain checker: carried for an assignment of derivations only
ROOT_INIT = '"""The student-safe part of the autograder kit (autograder/checker/), carried: nothing else is here."""\n'
DATE = (1980, 1, 1, 0, 0, 0)  # the zip format's first date: the same bytes on every machine and day
MAX_SETUP_LINES = 15

# The catalogue a carried copy speaks: whole domains, plus the entries of one assignment from the shared ones.
DOMAINS = ("engine", "misconceptions", "graders", "numpy", "selfcheck", "notebook")
SYMBOLIC_DOMAINS = ("derivations",)
# Families of keys most of which belong to other assignments' or the grade's own sentences: carried only when the
# carried code names them (a literal key, or an f-string that builds keys of the family).
NAMED_ONLY = ("hint", "tag", "note", "claim", "problem_type", "notebook")

PAYLOAD = re.compile(r'_set_up\("(?P<payload>[0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]*)"\)')


# ---- the package, minified ---------------------------------------------------------------------------
def minified(source: str, name: str = "<module>") -> str:
    """`source` without docstrings and comments, every line where it was (blank where text went), the same
    program: the result is compared with the original as syntax trees, docstrings aside."""
    tree = ast.parse(source, name)
    lines = source.splitlines(keepends=True)
    blank: dict = {}  # line index -> what replaces it
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) or not body:
            continue
        first = body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            for index in range(first.lineno - 1, first.end_lineno):
                blank[index] = "\n"
            if len(body) == 1:  # a body that was only its docstring still needs a statement
                blank[first.lineno - 1] = " " * first.col_offset + "pass\n"
    kept = [blank.get(i, line) for i, line in enumerate(lines)]
    cuts: dict = {}  # line index -> column where its comment starts
    for token in tokenize.generate_tokens(io.StringIO("".join(kept)).readline):
        if token.type == tokenize.COMMENT:
            cuts[token.start[0] - 1] = token.start[1]
    for index, column in cuts.items():
        kept[index] = kept[index][:column].rstrip() + "\n"
    result = "".join(line if line.strip() else "\n" for line in kept)
    if _without_docstrings(ast.parse(result, name)) != _without_docstrings(tree):
        raise KitError(f"carry: {name} changed when its docstrings and comments were taken out")
    return result


def _without_docstrings(tree: ast.AST) -> str:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


def package_files(derivations: bool) -> dict:
    """Name in the archive -> source of every module of the package (the chain checker only with `derivations`)."""
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in sorted(PACKAGE.rglob("*.py")))
    return dict(_package_files(derivations, stamp))


@functools.lru_cache(maxsize=4)
def _package_files(derivations: bool, stamp: tuple) -> tuple:
    files = {"autograder/__init__.py": ROOT_INIT}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == DERIVATION_CHECKER and not derivations:
            continue
        name = f"autograder/checker/{relative.as_posix()}"
        files[name] = minified(path.read_text(encoding="utf-8"), name)
    return tuple(files.items())


# ---- the data ------------------------------------------------------------------------------------------
def entries(assignment, code: str) -> dict:
    """{language: {key: template}} of what `code` (the carried modules and visible checks) can say, in every
    language: whole domains of the catalogue, the families of NAMED_ONLY as far as `code` names them, and the
    assignment's own check names and lessons (hints, why it matters)."""
    domains = DOMAINS + (SYMBOLIC_DOMAINS if assignment.is_derivation else ())
    own = (f"check:test_{assignment.id}_visible:", f"lesson:{assignment.id}:")
    built = set(re.findall(r"""f["'](\w+):\{""", code))  # families whose keys the code builds from a name

    def wanted(key: str, domain: str) -> bool:
        if key.startswith(own) or key == "check_name":
            return True
        if domain not in domains:
            return False
        family = key.split(":")[0]
        return family not in NAMED_ONLY or family in built or f'"{key}"' in code or f"'{key}'" in code

    chosen = {}
    for lang, language in load_languages([HERE]).items():  # the kit's own sentences, whatever AUTOGRADER_CATALOGUE adds
        chosen[lang] = {
            key: template
            for key, template in sorted(language.messages.items())
            if wanted(key, language.origin[key].stem)
        }
    return chosen


def carried_data(assignment, language: str, code: str) -> dict:
    """carried.json: what the checks in `code` need beside the package (checker/carried.py reads it)."""
    return {
        "assignment": assignment.id,
        "points": [[p, float(v)] for p, v in assignment.problems.items()],  # in order
        "language": catalogue.resolve_language(language) or catalogue.SOURCE_LANGUAGE,
        "forbidden": list(assignment.forbidden_imports),
        "catalogue": entries(assignment, code),
        "derivations": carried_value(assignment.id) if assignment.is_derivation else {},
    }


# ---- the archive -----------------------------------------------------------------------------------------
def archive(assignment, language: str, visible: str) -> bytes:
    """The zip a notebook carries (and the conftest beside it reads), the same bytes for the same kit."""
    files = package_files(assignment.is_derivation)
    code = "\n".join(files.values()) + "\n" + visible
    files[DATA] = json.dumps(carried_data(assignment, language, code), ensure_ascii=False, indent=0)
    files[VISIBLE] = minified(visible, VISIBLE)  # the folder's test file is the readable copy
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:  # stored: the whole is compressed below
        for name in sorted(files):
            info = zipfile.ZipInfo(name, DATE)
            info.external_attr = 0o644 << 16
            out.writestr(info, files[name].encode("utf-8"))
    return buffer.getvalue()


def encode(data: bytes) -> str:
    """An archive as one line of text: compressed with LZMA (the standard library's lzma; a third smaller than
    zlib, whose 32 KB window misses what the modules repeat of each other), then base85 (no quote, no
    backslash)."""
    return base64.b85encode(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME)).decode("ascii")


def decode(payload: str) -> bytes:
    return lzma.decompress(base64.b85decode(payload))


def carries_checker(source: str) -> bool:
    """Whether a cell's source is a set-up cell carrying the checker (whatever its metadata kept)."""
    return PAYLOAD.search(source) is not None


def payloads_in(text: str) -> list:
    """Every archive a text carries (a set-up cell, a conftest), as {name: text}; None for one that cannot be
    read back (the leak check refuses it)."""
    found = []
    for match in PAYLOAD.finditer(text):
        try:
            with zipfile.ZipFile(io.BytesIO(decode(match["payload"]))) as opened:
                found.append({name: opened.read(name).decode("utf-8") for name in opened.namelist()})
        except (ValueError, lzma.LZMAError, zipfile.BadZipFile, UnicodeDecodeError):
            found.append(None)
    return found


# ---- the set-up cell -------------------------------------------------------------------------------------
SET_UP = """\
# @title {title}
{comments}
import base64, lzma, os, sys, tempfile
def _set_up(payload):
    archive = os.path.join(tempfile.mkdtemp(), "checker.zip")
    with open(archive, "wb") as file:
        file.write(lzma.decompress(base64.b85decode(payload)))
    for name in [name for name in sys.modules if name.split(".")[0] == "autograder"]:
        del sys.modules[name]  # {reimport}
    sys.path.insert(0, archive)
    from autograder.checker.carried import checker
    sys.path.remove(archive)
    return checker(archive, globals())
check = _set_up("{payload}")"""


def setup_cell(payload: str, language: str) -> str:
    """The notebook's set-up cell: a few lines in the notebook's language, then the archive on the last line."""
    say = lambda key: catalogue.say(key, language)  # noqa: E731
    comments = "\n".join(f"# {line}" for line in say("notebook:setup_comment").splitlines())
    text = SET_UP.format(
        title=say("notebook:setup_title"), comments=comments, reimport=say("notebook:setup_reimport"), payload=payload
    )
    if len(text.splitlines()) > MAX_SETUP_LINES:
        raise KitError(f"carry: the set-up cell has {len(text.splitlines())} lines, more than {MAX_SETUP_LINES}")
    return text


__all__ = [
    "archive",
    "carries_checker",
    "carried_data",
    "decode",
    "encode",
    "entries",
    "minified",
    "package_files",
    "payloads_in",
    "setup_cell",
]
