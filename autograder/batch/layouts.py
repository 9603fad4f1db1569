"""Finding each student's submission in the folder layouts instructors actually have.

Supported: ``DIR/<student>.py|.ipynb``; ``DIR/<student>/<any>.py|.ipynb`` (one candidate, searched a few
levels down); nbgrader's ``submitted/<student>/<assignment>/<notebook>.ipynb``; a Gradescope export
(``submission_metadata.yml`` naming the submitters of each ``submission_<id>/`` folder). A student whose
folder holds no submission, two candidates, or a file that cannot be read becomes an `Entry` with an
error, so one bad folder never stops the batch. Student ids become folder names under OUT, so they
are sanitised here, once, for every layout.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import KitError

SUFFIXES = (".py", ".ipynb")
IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", "__MACOSX", "node_modules"}
MAX_DEPTH = 3  # DIR/<student>/<at most two folders>/<file>
MAX_ID_BYTES = 180
RESERVED = {"grades.csv", "report.html"}  # files the batch itself writes into OUT
GRADESCOPE_METADATA = "submission_metadata.yml"


@dataclass
class Entry:
    """One student to grade: the file, or why there is none."""

    student: str               # safe for use as OUT/<student>/
    path: Path | None          # the submission file (None when `error`)
    layout: str                # "files" | "folders" | "nbgrader" | "gradescope"
    error: str | None = None   # why this student cannot be graded
    raw_id: str = ""           # the id as found, before sanitising

    @property
    def renamed(self) -> bool:
        return self.raw_id not in ("", self.student)


# ---- student ids ---------------------------------------------------------------------------------
def _allowed(ch: str) -> bool:
    if ch in "/\\\x00":
        return False
    category = unicodedata.category(ch)
    # Control, format (bidi overrides), surrogates, private use, unassigned, line/paragraph separators.
    return category not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def safe_student_id(raw) -> str:
    """A folder name that keeps the student's id readable (unicode letters stay) but can never escape OUT.

    Slashes, control and format characters become ``_``; leading dots (hidden folders, ``..``) and
    surrounding spaces go; overlong ids are cut. Any change appends a short hash of the original, so
    two different ids can never be folded into one folder.
    """
    text = unicodedata.normalize("NFC", "" if raw is None else str(raw))
    cleaned = "".join(ch if _allowed(ch) else "_" for ch in text)
    cleaned = cleaned.replace("\t", "_").strip().lstrip(".").strip()
    tag = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not cleaned:
        return f"student-{tag}"
    changed = cleaned != text or cleaned.lower() in RESERVED
    if len(cleaned.encode("utf-8")) > MAX_ID_BYTES:
        cleaned = cleaned.encode("utf-8")[:MAX_ID_BYTES].decode("utf-8", "ignore").rstrip()
        changed = True
    return f"{cleaned}-{tag}" if changed else cleaned


# ---- candidate files -----------------------------------------------------------------------------
def _skip(name: str) -> bool:
    return name.startswith(".") or name in IGNORED_DIRS


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _candidates(folder: Path, depth: int = MAX_DEPTH) -> list[Path]:
    """Every .py/.ipynb under `folder` (hidden files, caches and checkpoints left out), whatever kind of file it is."""
    found: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if _skip(entry.name):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if depth > 1:
                found.extend(_candidates(path, depth - 1))
        elif path.suffix in SUFFIXES:
            found.append(path)  # links, fifos, unreadable files included: loading reports what is wrong
    return found


def _check_file(path: Path, root: Path, container: Path | None) -> str | None:
    """What makes a candidate unusable before it is even opened (None if nothing).

    `container` is the folder whose content the student controls (an unpacked archive may hold a link to
    a grader's secret): a link must stay inside it. Links the instructor made at the top level are followed.
    """
    if path.is_symlink():
        if not path.exists():
            return f"broken symbolic link: {_rel(path, root)}"
        if container is not None and not _inside(path, container):
            return f"symbolic link leading outside the student's folder: {_rel(path, root)}"
    if not path.is_file():
        return f"not a regular file: {_rel(path, root)}"
    return None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _pick(candidates: list[Path], assignment_id: str, where: str, root: Path, container: Path) -> tuple[Path | None, str | None]:
    """Exactly one candidate; among several, the one named after the assignment (the released file's name)."""
    if not candidates:
        return None, f"no .py or .ipynb submission in {where}"
    if len(candidates) > 1:
        named = [p for p in candidates if p.stem == assignment_id]
        if len(named) != 1:
            shown = ", ".join(_rel(p, root) for p in candidates[:5]) + (", …" if len(candidates) > 5 else "")
            return None, f"{len(candidates)} candidate files ({shown}): leave exactly one .py or .ipynb"
        candidates = named
    path = candidates[0]
    problem = _check_file(path, root, container)
    return (None, problem) if problem else (path, None)


# ---- layouts -------------------------------------------------------------------------------------
def discover(root: Path | str, assignment_id: str) -> list[Entry]:
    """All students found under `root`, sorted by id; errors are entries, not exceptions."""
    root = Path(root)
    if not root.exists():
        raise KitError(f"submissions folder not found: {root}")
    if not root.is_dir():
        raise KitError(f"not a folder of submissions: {root}")
    if (root / GRADESCOPE_METADATA).is_file():
        entries = _gradescope(root, assignment_id)
    elif (root / "submitted").is_dir():
        entries = _folders(root / "submitted", assignment_id, root, nbgrader=True)
    else:
        entries = _folders(root, assignment_id, root, nbgrader=_looks_nbgrader(root, assignment_id))
    return _merge(entries)


def _looks_nbgrader(folder: Path, assignment_id: str) -> bool:
    """`submitted/` itself given: student folders holding an `<assignment>/` folder."""
    try:
        return any(p.is_dir() and (p / assignment_id).is_dir() for p in folder.iterdir() if not _skip(p.name))
    except OSError:
        return False


def _folders(folder: Path, assignment_id: str, root: Path, *, nbgrader: bool) -> list[Entry]:
    entries: list[Entry] = []
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise KitError(f"cannot list the submissions folder {folder}: {exc.strerror or exc}") from None
    for child in children:
        if _skip(child.name):
            continue
        try:
            is_dir = child.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            layout, search = "folders", child
            if nbgrader or (child / assignment_id).is_dir():
                layout, search = "nbgrader", child / assignment_id
                if not search.is_dir():
                    entries.append(_entry(child.name, None, layout, f"no {assignment_id}/ folder in {_rel(child, root)}"))
                    continue
            path, error = _pick(_candidates(search), assignment_id, _rel(search, root) + "/", root, child)
            entries.append(_entry(child.name, path, layout, error))
        elif child.suffix in SUFFIXES:
            entries.append(_entry(child.stem, child, "files", _check_file(child, root, None)))
    return entries


class _TolerantLoader(yaml.SafeLoader):
    """Gradescope's YAML comes from Ruby and may carry tags such as !ruby/object:BigDecimal: read them as plain data."""


def _unknown_tag(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_TolerantLoader.add_multi_constructor("!", _unknown_tag)
_TolerantLoader.add_multi_constructor("tag:", _unknown_tag)


def _field(mapping, name: str):
    """Gradescope writes Ruby symbols (`:sid`); accept the plain name too."""
    if not isinstance(mapping, dict):
        return None
    value = mapping.get(f":{name}", mapping.get(name))
    return None if value is None or str(value).strip() == "" else value


def _gradescope(root: Path, assignment_id: str) -> list[Entry]:
    """One entry per submitter (a group submission is graded once per member, each with their own seed)."""
    meta_path = root / GRADESCOPE_METADATA
    try:
        meta = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KitError(f"{meta_path}: cannot read the Gradescope metadata: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise KitError(f"{meta_path}: expected one entry per submission folder")
    entries: list[Entry] = []
    for folder_name, info in sorted(meta.items(), key=lambda kv: str(kv[0])):
        folder = root / str(folder_name)
        submitters = _field(info, "submitters")
        ids = [_field(s, "sid") or _field(s, "email") or _field(s, "name") for s in submitters or [] if isinstance(s, dict)]
        ids = [str(i) for i in ids if i is not None] or [str(folder_name)]
        if "/" in str(folder_name) or "\\" in str(folder_name) or not _inside(folder, root) or not folder.is_dir():
            path, error = None, f"submission folder {str(folder_name)!r} named in {GRADESCOPE_METADATA} is missing"
        else:
            path, error = _pick(_candidates(folder), assignment_id, f"{folder_name}/", root, folder)
        entries.extend(_entry(i, path, "gradescope", error) for i in ids)
    return entries


def _entry(raw_id: str, path: Path | None, layout: str, error: str | None) -> Entry:
    return Entry(student=safe_student_id(raw_id), path=None if error else path, layout=layout, error=error, raw_id=str(raw_id))


def _merge(entries: list[Entry]) -> list[Entry]:
    """One entry per student id: two sources for one student (alice.py and alice/) is ambiguous, so an error."""
    by_id: dict[str, list[Entry]] = {}
    for entry in entries:
        by_id.setdefault(entry.student, []).append(entry)
    merged = []
    for student in sorted(by_id):
        group = by_id[student]
        if len(group) == 1:
            merged.append(group[0])
            continue
        where = ", ".join(sorted(str(e.path.name) if e.path else e.layout for e in group))
        merged.append(Entry(student=student, path=None, layout=group[0].layout, raw_id=group[0].raw_id,
                            error=f"{len(group)} submissions for this student ({where}): leave exactly one"))
    return merged


__all__ = ["Entry", "discover", "safe_student_id"]
