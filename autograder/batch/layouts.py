"""Finding each student's submission in the folder layouts instructors actually have.

Supported: ``DIR/<student>.py|.ipynb``; ``DIR/<student>/<any>.py|.ipynb`` (one candidate, searched a few
levels down, or inside the one zip the folder holds); nbgrader's ``submitted/<student>/<assignment>/``; a
Gradescope export (``submission_metadata.yml`` naming the submitters of each ``submission_<id>/`` folder);
Canvas's "download submissions" files (``<name>_[LATE_]<user>_<attachment>_<file>``, a resubmission's
file ending in ``-1``, ``-2``: one student, the latest kept); and any of these zipped, given as the folder
itself or lying in it, beside a student's own zip. A student whose folder holds no submission, two
candidates, or a file that cannot be read becomes an `Entry` with an error, so one bad folder never stops
the batch; every file the batch leaves out is listed with the reason. Student ids become folder names
under OUT, so they are sanitised here, once, for every layout.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import KitError
from . import archives

SUFFIXES = (".py", ".ipynb")
IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", "__MACOSX", "node_modules"}
MAX_DEPTH = 3  # DIR/<student>/<at most two folders>/<file>
MAX_ID_BYTES = 180
RESERVED = {"grades.csv", "report.html"}  # files the batch itself writes into OUT
GRADESCOPE_METADATA = "submission_metadata.yml"


@dataclass
class Entry:
    """One student to grade: the file, or why there is none."""

    student: str  # safe for use as OUT/<student>/
    path: Path | None  # the submission file (None when `error`)
    layout: str  # "files" | "folders" | "nbgrader" | "gradescope" | "canvas" | "zip"
    error: str | None = None  # why this student cannot be graded
    raw_id: str = ""  # the id as found, before sanitising
    lms: dict = field(default_factory=dict)  # what the LMS export says of the student (Canvas user id, e-mail…)
    origin: str = ""  # where the file was found, as the instructor would name it ("export.zip:x.py")

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


# ---- what a scan found besides the students ------------------------------------------------------
class Discovery(list):
    """The entries, sorted by student (a list, as `discover` always returned), plus what was left out and why.

    `ignored` holds (path as shown, reason) for every file the batch will not grade; `warnings` holds what
    the instructor should know before trusting the batch (e.g. a folder with no submission at all).
    """

    def __init__(self, entries=(), ignored=None, warnings=None):
        super().__init__(entries)
        self.ignored: list[tuple[str, str]] = list(ignored or [])
        self.warnings: list[str] = list(warnings or [])


@dataclass
class _Scan:
    """One discovery: the assignment, where archives go, and how to name a path for the instructor."""

    assignment_id: str
    root: Path
    unpack_to: Path
    ignored: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # unpacked folder -> the archive's name as shown

    def rel(self, path: Path) -> str:
        for folder, label in self.labels.items():
            try:
                return f"{label}:{path.relative_to(folder).as_posix()}"
            except ValueError:
                continue
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def ignore(self, path: Path | str, reason: str) -> None:
        self.ignored.append((path if isinstance(path, str) else self.rel(path), reason))

    def unpack(self, zip_path: Path, depth: int = 1) -> Path | None:
        """Unpack a zip of the class folder; what it leaves out is listed. None if it cannot be read."""
        label = self.rel(zip_path)
        result = archives.unpack(zip_path, archives.target_folder(self.unpack_to, label), depth=depth)
        for member, reason in result.skipped:
            self.ignore(f"{label}:{member}", reason)
        if result.error:
            self.ignore(label, result.error)
            return None
        self.labels[result.folder] = label
        return result.folder


# ---- candidate files -----------------------------------------------------------------------------
def _skip(name: str) -> bool:
    return name.startswith(".") or name in IGNORED_DIRS


def _litter(name: str) -> bool:
    """Files no instructor wants listed: caches, checkpoints, the operating system's own files."""
    return name in IGNORED_DIRS or name in archives.JUNK


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _candidates(folder: Path, depth: int = MAX_DEPTH, zips: list | None = None) -> list[Path]:
    """Every .py/.ipynb under `folder` (hidden files, caches and checkpoints left out), whatever kind of file it is.

    Zips met on the way are appended to `zips` (when given): a student may hand in a zipped folder.
    """
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
                found.extend(_candidates(path, depth - 1, zips))
        elif path.suffix in SUFFIXES:
            found.append(path)  # links, fifos, unreadable files included: loading reports what is wrong
        elif path.suffix.lower() == ".zip" and zips is not None:
            zips.append(path)
    return found


def _check_file(path: Path, scan: _Scan, container: Path | None) -> str | None:
    """What makes a candidate unusable before it is even opened (None if nothing).

    `container` is the folder whose content the student controls (an unpacked archive may hold a link to
    a grader's secret): a link must stay inside it. Links the instructor made at the top level are followed.
    """
    if path.is_symlink():
        if not path.exists():
            return f"broken symbolic link: {scan.rel(path)}"
        if container is not None and not _inside(path, container):
            return f"symbolic link leading outside the student's folder: {scan.rel(path)}"
    if not path.is_file():
        return f"not a regular file: {scan.rel(path)}"
    return None


def _pick(candidates: list[Path], scan: _Scan, where: str, container: Path) -> tuple[Path | None, str | None]:
    """Exactly one candidate; among several, the one named after the assignment (the released file's name)."""
    if not candidates:
        return None, f"no .py or .ipynb submission in {where}"
    chosen = candidates
    if len(candidates) > 1:
        named = [p for p in candidates if _stem(p) == scan.assignment_id]
        if len(named) != 1:
            shown = ", ".join(scan.rel(p) for p in candidates[:5]) + (", …" if len(candidates) > 5 else "")
            return None, f"{len(candidates)} candidate files ({shown}): leave exactly one .py or .ipynb"
        chosen = named
    path = chosen[0]
    for other in candidates:
        if other != path:
            scan.ignore(other, f"not graded: {scan.rel(path)} is the file named after the assignment")
    problem = _check_file(path, scan, container)
    return (None, problem) if problem else (path, None)


def _stem(path: Path) -> str:
    """The file's name without suffix, and without a Canvas resubmission counter (alice-2 -> alice)."""
    return re.sub(r"-\d+$", "", path.stem)


def _pick_in_folder(folder: Path, scan: _Scan, where: str, container: Path) -> tuple[Path | None, str | None]:
    """A student's folder: its one candidate, or else the one in the zip it holds (a zipped hand-in)."""
    zips: list[Path] = []
    candidates = _candidates(folder, zips=zips)
    if not candidates and zips:
        for zip_path in zips:
            unpacked = scan.unpack(zip_path, depth=2)
            if unpacked is not None:
                candidates.extend(_candidates(unpacked))
        return _pick(candidates, scan, where, container=scan.unpack_to)
    for zip_path in zips:
        scan.ignore(zip_path, "not opened: the folder holds a .py or .ipynb already")
    return _pick(candidates, scan, where, container)


# ---- Canvas --------------------------------------------------------------------------------------
# Canvas names each file of a "download submissions" zip <name>_[LATE_]<user id>_<attachment id>_<file>, and a
# file handed in again as <file>-1, <file>-2: the highest attachment id is the latest.
CANVAS_NAME = re.compile(r"^(?P<name>[^_]+)_(?:(?P<late>LATE)_)?(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)$")


@dataclass
class _CanvasFile:
    path: Path
    name: str
    user: str
    attachment: int
    late: bool
    original: str

    @classmethod
    def parse(cls, path: Path) -> _CanvasFile | None:
        match = CANVAS_NAME.match(path.name)
        if not match:
            return None
        return cls(path, match["name"], match["user"], int(match["attachment"]), bool(match["late"]), match["file"])


def _canvas_entries(files: list[_CanvasFile], scan: _Scan) -> list[Entry]:
    """One entry per Canvas user: the latest hand-in kept, the earlier ones listed as ignored."""
    by_user: dict[str, list[_CanvasFile]] = {}
    for f in files:
        by_user.setdefault(f.user, []).append(f)
    names: dict[str, set] = {}
    for user, group in by_user.items():
        names.setdefault(group[0].name, set()).add(user)
    entries = []
    for user, group in sorted(by_user.items()):
        name = group[0].name
        student = name if len(names[name]) == 1 else f"{name}-{user}"  # two students with one sortable name
        usable = [f for f in group if f.path.suffix in SUFFIXES or f.path.suffix.lower() == ".zip"]
        for f in group:
            if f not in usable:
                scan.ignore(f.path, "not a .py, .ipynb or .zip file")
        if not usable:
            entries.append(_entry(student, None, "canvas", f"no .py or .ipynb among {name}'s Canvas files"))
            continue
        named = [f for f in usable if _stem(Path(f.original)) == scan.assignment_id]
        latest = max(named or usable, key=lambda f: f.attachment)
        for f in usable:
            if f is not latest:
                scan.ignore(f.path, f"an earlier or other hand-in of {student}: graded {scan.rel(latest.path)}")
        path, error = latest.path, None
        if path.suffix.lower() == ".zip":
            unpacked = scan.unpack(path, depth=2)
            path, error = (
                (None, f"cannot read {scan.rel(latest.path)}")
                if unpacked is None
                else _pick(_candidates(unpacked), scan, scan.rel(latest.path), container=unpacked)
            )
        else:
            error = _check_file(path, scan, None)
        entry = _entry(student, path, "canvas", error)
        entry.lms = {"canvas_user_id": user, **({"canvas_late": True} if latest.late else {})}
        entries.append(entry)
    return entries


# ---- layouts -------------------------------------------------------------------------------------
def discover(root: Path | str, assignment_id: str, unpack_to: Path | str | None = None) -> Discovery:
    """All students found under `root` (a folder, or an export zip), sorted by id; errors are entries, not exceptions.

    Zips are unpacked under `unpack_to` (the batch passes a folder inside OUT, which students' code never
    sees); without one, under a private temporary folder removed when the process ends.
    """
    root = Path(root)
    if not root.exists():
        raise KitError(f"submissions folder not found: {root}")
    is_zip = root.is_file() and root.suffix.lower() == ".zip"
    if not root.is_dir() and not is_zip:
        raise KitError(f"not a folder of submissions (nor a .zip export): {root}")
    scan = _Scan(assignment_id, root.parent if is_zip else root, Path(unpack_to) if unpack_to else _temporary())
    if is_zip:
        folder = scan.unpack(root)
        if folder is None:
            reason = scan.ignored[-1][1] if scan.ignored else "unreadable"
            raise KitError(f"cannot read the export {root}: {reason}")
        entries = _any_layout(folder, scan)
    else:
        entries = _any_layout(root, scan)
    found = Discovery(_merge(entries), ignored=scan.ignored)
    for entry in found:
        if entry.path is not None:
            entry.origin = scan.rel(entry.path)
    if not found:
        found.warnings.append(
            f"no submissions found in {root}: expected <student>.py or .ipynb files, <student>/ folders, nbgrader's "
            f"submitted/, a Gradescope export or a Canvas download (zipped or not)"
        )
    return found


def _temporary() -> Path:
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="autograder-unpacked-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _any_layout(folder: Path, scan: _Scan) -> list[Entry]:
    if (folder / GRADESCOPE_METADATA).is_file():
        return _gradescope(folder, scan)
    if (folder / "submitted").is_dir():
        return _folders(folder / "submitted", scan, nbgrader=True)
    inner = _single_subfolder(folder)
    if inner is not None and (inner / GRADESCOPE_METADATA).is_file():  # an export zipped with its folder
        return _gradescope(inner, scan)
    return _folders(folder, scan, nbgrader=_looks_nbgrader(folder, scan.assignment_id))


def _single_subfolder(folder: Path) -> Path | None:
    try:
        children = [p for p in folder.iterdir() if not _skip(p.name) and not _litter(p.name)]
    except OSError:
        return None
    return children[0] if len(children) == 1 and _is_dir(children[0]) else None


def _looks_nbgrader(folder: Path, assignment_id: str) -> bool:
    """`submitted/` itself given: student folders holding an `<assignment>/` folder."""
    try:
        return any(p.is_dir() and (p / assignment_id).is_dir() for p in folder.iterdir() if not _skip(p.name))
    except OSError:
        return False


def _folders(folder: Path, scan: _Scan, *, nbgrader: bool) -> list[Entry]:
    entries: list[Entry] = []
    canvas: list[_CanvasFile] = []
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise KitError(f"cannot list the submissions folder {folder}: {exc.strerror or exc}") from None
    for child in children:
        if _litter(child.name):
            continue
        if child.name.startswith("."):
            scan.ignore(child, "a hidden file or folder")
            continue
        if _is_dir(child):
            entries.append(_folder_entry(child, scan, nbgrader))
            continue
        named = _CanvasFile.parse(child)
        if named is not None:
            canvas.append(named)
        elif child.suffix in SUFFIXES:
            entries.append(_entry(child.stem, child, "files", _check_file(child, scan, None)))
        elif child.suffix.lower() == ".zip":
            entries.extend(_zip_entries(child, scan))
        else:
            scan.ignore(child, "not a .py or .ipynb file, a student's folder or a zip")
    return entries + _canvas_entries(canvas, scan)


def _folder_entry(child: Path, scan: _Scan, nbgrader: bool) -> Entry:
    layout, search = "folders", child
    if nbgrader or (child / scan.assignment_id).is_dir():
        layout, search = "nbgrader", child / scan.assignment_id
        if not search.is_dir():
            return _entry(child.name, None, layout, f"no {scan.assignment_id}/ folder in {scan.rel(child)}")
    path, error = _pick_in_folder(search, scan, scan.rel(search) + "/", child)
    return _entry(child.name, path, layout, error)


def _zip_entries(zip_path: Path, scan: _Scan) -> list[Entry]:
    """A zip in the class folder: an LMS or Gradescope export (many students), or one student's zipped work."""
    folder = scan.unpack(zip_path)
    if folder is None:
        return []
    inner = _single_subfolder(folder)
    if (folder / GRADESCOPE_METADATA).is_file() or (inner is not None and (inner / GRADESCOPE_METADATA).is_file()):
        return _any_layout(folder, scan)
    files = [p for p in folder.rglob("*") if p.is_file()]
    if any(_CanvasFile.parse(p) is not None for p in files):
        return _folders(folder, scan, nbgrader=False)
    candidates = _candidates(folder)
    named = [p for p in candidates if _stem(p) == scan.assignment_id]
    if len(candidates) == 1 or len(named) == 1:  # one student's work, named after the zip
        path, error = _pick(candidates, scan, scan.rel(zip_path), container=folder)
        return [_entry(zip_path.stem, path, "zip", error)]
    return _any_layout(folder, scan)  # a zipped class folder


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


def _field(mapping, name: str):
    """Gradescope writes Ruby symbols (`:sid`); accept the plain name too."""
    if not isinstance(mapping, dict):
        return None
    value = mapping.get(f":{name}", mapping.get(name))
    return None if value is None or str(value).strip() == "" else value


def _gradescope(root: Path, scan: _Scan) -> list[Entry]:
    """One entry per submitter (a group submission is graded once per member, each with their own seed)."""
    meta_path = root / GRADESCOPE_METADATA
    try:
        meta = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KitError(
            f"{scan.rel(meta_path)}: cannot read the Gradescope metadata: {str(exc).splitlines()[0]}"
        ) from None
    if not isinstance(meta, dict):
        raise KitError(f"{scan.rel(meta_path)}: expected one entry per submission folder")
    entries: list[Entry] = []
    listed = set()
    for folder_name, info in sorted(meta.items(), key=lambda kv: str(kv[0])):
        folder = root / str(folder_name)
        listed.add(str(folder_name))
        submitters = [s for s in _field(info, "submitters") or [] if isinstance(s, dict)]
        people = [(_field(s, "sid") or _field(s, "email") or _field(s, "name"), s) for s in submitters]
        people = [(str(i), s) for i, s in people if i is not None] or [(str(folder_name), {})]
        if "/" in str(folder_name) or "\\" in str(folder_name) or not _inside(folder, root) or not folder.is_dir():
            path, error = None, f"submission folder {str(folder_name)!r} named in {GRADESCOPE_METADATA} is missing"
        else:
            path, error = _pick_in_folder(folder, scan, f"{scan.rel(folder)}/", folder)
        for raw_id, person in people:
            entry = _entry(raw_id, path, "gradescope", error)
            entry.lms = {key: str(_field(person, key)) for key in ("name", "email", "sid") if _field(person, key)}
            entries.append(entry)
    for child in sorted(root.iterdir()):
        if child.name not in listed and child.name != GRADESCOPE_METADATA and not _litter(child.name):
            scan.ignore(child, f"not named in {GRADESCOPE_METADATA}")
    return entries


def _entry(raw_id: str, path: Path | None, layout: str, error: str | None) -> Entry:
    return Entry(
        student=safe_student_id(raw_id), path=None if error else path, layout=layout, error=error, raw_id=str(raw_id)
    )


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
        merged.append(
            Entry(
                student=student,
                path=None,
                layout=group[0].layout,
                raw_id=group[0].raw_id,
                error=f"{len(group)} submissions for this student ({where}): leave exactly one",
            )
        )
    return merged


__all__ = ["Entry", "Discovery", "discover", "safe_student_id"]
