"""Finding each student's submission in the folder layouts instructors actually have.

Supported: ``DIR/<student>.py|.ipynb``; ``DIR/<student>/<any>.py|.ipynb`` (one candidate, searched a few
levels down, or inside the one zip the folder holds); nbgrader's ``submitted/<student>/<assignment>/``; a
Gradescope export (``submission_metadata.yml`` naming the submitters of each ``submission_<id>/`` folder);
Canvas's "download submissions" files (``<name>_[LATE_]<user>_<attachment>_<file>``, or
``[LATE_]anon_<anonymous id>_<attachment>_<file>`` with anonymous grading, a resubmission's file ending in ``-1``,
``-2``: one student, the latest kept); and any of these zipped, given as the folder itself or lying in it, beside a
student's own zip. Every student an export names gets an entry, with the reason when none of their files can be
graded, and what the export says of them (Canvas user id or anonymous id, LATE mark, SID, e-mail) in `lms`.

The class's structure comes from the instructor's export format alone, never from what a student hands in. A zip
lying in the class folder is an export only when it carries an export's marks (Gradescope's metadata, nbgrader's
`submitted/`, a top level of Canvas-named files only); any other zip is one student's work, named after the zip,
and yields at most that student's one file, whatever names it holds (alice.zip holding bob.py and carol.py is
alice's, with two candidates). A zip inside a student's folder or inside an export is always its student's.
No link is followed: a student's file that is a link, or lies below a folder link leading out of the student's
own folder, is refused with the reason (the files are read the same way, student_files.py). A student whose
folder holds no submission, two candidates, or a file that cannot be read becomes an `Entry` with an error, and
whatever fails while one student's files are looked at costs that student alone, so one bad file never stops the
batch; every file the batch leaves out is listed with the reason (catalogue Messages, names shown safely).
Student ids become folder names under OUT, so they are sanitised here, once, for every layout.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..catalogue import Message
from ..errors import KitError
from ..student_files import link_problem
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
    error: Message | None = None  # why this student cannot be graded
    raw_id: str = ""  # the id as found, before sanitising
    lms: dict = field(default_factory=dict)  # what the LMS export says of the student (Canvas user id, e-mail…)
    origin: str = ""  # where the file was found, as the instructor would name it ("export.zip:x.py")
    within: Path | None = None  # the folder the student controls: the file is read only inside it, never via a link

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

    `ignored` holds (path as shown, reason as a Message) for every file the batch will not grade; `warnings` holds
    what the instructor should know before trusting the batch (e.g. a folder with no submission at all).
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
    # unpacked folder -> {name of a top-level member left out: why}: a Canvas student whose only files were left out
    # (a .txt, a file too large) still gets their row, with the reason
    dropped: dict = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        """`path` as the instructor would name it, safe to print (a name from a zip may hold anything)."""
        for folder, label in self.labels.items():
            try:
                return f"{label}:{archives.shown(path.relative_to(folder).as_posix())}"
            except ValueError:
                continue
        try:
            return archives.shown(path.relative_to(self.root).as_posix())
        except ValueError:
            return archives.shown(str(path))

    def ignore(self, path: Path | str, reason: Message) -> None:
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
        self.dropped[result.folder] = {member: reason for member, reason in result.skipped if "/" not in member}
        return result.folder

    def guarded(self, student: str, layout: str, path: Path, work, *args) -> list[Entry]:
        """The entries `work(*args)` finds for one student (or one archive); whatever fails in it costs that one
        alone: an entry with the reason, and the file named in the list of what was left out."""
        try:
            return work(*args)
        except Exception as exc:  # noqa: BLE001 - one student's files never stop the batch
            reason = Message("batch:file:unreadable_entry", reason=archives.shown(f"{type(exc).__name__}: {exc}"))
            self.ignore(path, reason)
            return [_entry(student, None, layout, reason)]


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


def _check_file(path: Path, scan: _Scan, container: Path | None) -> Message | None:
    """What makes a candidate unusable before it is even opened (None if nothing): a link (followed nowhere, at the
    top of the class folder too), a folder link leading out of `container` (the folder whose content the student
    controls; the file's own folder when None), anything but a regular file. Read later the same way."""
    problem = link_problem(path, within=container if container is not None else path.parent)
    if problem is None:
        return None
    params = {**problem.params, "path": scan.rel(path)}
    if "folder" in params:
        params["folder"] = scan.rel(container or path.parent)
    scan.ignore(path, Message(problem.key, **params))  # listed with what was left out, and the student's row says it
    return Message(problem.key, **params)


def _pick(candidates: list[Path], scan: _Scan, where: str, container: Path) -> tuple[Path | None, Message | None]:
    """Exactly one candidate; among several, the one named after the assignment (the released file's name)."""
    if not candidates:
        return None, Message("batch:file:none_in", where=where)
    chosen = candidates
    if len(candidates) > 1:
        named = [p for p in candidates if _stem(p) == scan.assignment_id]
        if len(named) != 1:
            shown = ", ".join(scan.rel(p) for p in candidates[:5]) + (", …" if len(candidates) > 5 else "")
            return None, Message("batch:file:candidates", count=len(candidates), shown=shown)
        chosen = named
    path = chosen[0]
    for other in candidates:
        if other != path:
            scan.ignore(other, Message("batch:file:not_graded_named", chosen=scan.rel(path)))
    problem = _check_file(path, scan, container)
    return (None, problem) if problem else (path, None)


def _stem(path: Path) -> str:
    """The file's name without suffix, and without a Canvas resubmission counter (alice-2 -> alice)."""
    return re.sub(r"-\d+$", "", path.stem)


def _pick_in_folder(folder: Path, scan: _Scan, where: str, container: Path) -> tuple[Path | None, Message | None, Path]:
    """A student's folder: its one candidate, or else the one in the zip it holds (a zipped hand-in); and the folder
    the chosen file is read within (the student's own, or where the kit unpacked the zip)."""
    if folder.is_symlink():
        return None, Message("error:submission_link", path=scan.rel(folder)), container
    zips: list[Path] = []
    candidates = _candidates(folder, zips=zips)
    if not candidates and zips:
        for zip_path in zips:
            unpacked = scan.unpack(zip_path, depth=2)
            if unpacked is not None:
                candidates.extend(_candidates(unpacked))
        return (*_pick(candidates, scan, where, container=scan.unpack_to), scan.unpack_to)
    for zip_path in zips:
        scan.ignore(zip_path, Message("batch:file:zip_not_opened"))
    return (*_pick(candidates, scan, where, container), container)


# ---- Canvas ---------------------------------------------------------------------------------------
# Canvas names each file of a "download submissions" zip <sortable name>_[LATE_]<user id>_<attachment id>_<file>,
# the sortable name lower-cased with every character but letters, digits and _ taken out (so it may hold a _); with
# anonymous grading there is no name and the id is anon_<anonymous id>: [LATE_]anon_<anonymous id>_<attachment
# id>_<file> (canvas-lms ContentZipper#get_filename). A file handed in again is <file>-1, <file>-2: the highest
# attachment id is the latest.
CANVAS_NAME = re.compile(r"^(?P<name>.+?)_(?:(?P<late>LATE)_)?(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)$")
CANVAS_ANONYMOUS = re.compile(r"^(?:(?P<late>LATE)_)?anon_(?P<anon>[A-Za-z0-9]+)_(?P<attachment>\d+)_(?P<file>.+)$")


@dataclass
class _CanvasFile:
    path: Path
    name: str  # the sortable name, or anon_<anonymous id> (kept as what it is: nobody's name)
    user: str  # the Canvas user id, or anon_<anonymous id>
    attachment: int
    late: bool
    original: str
    anonymous: str = ""  # Canvas's anonymous id, with anonymous grading
    dropped: Message | None = None  # why unpacking left this file out (it was never written): listed already

    @classmethod
    def parse(cls, path: Path) -> _CanvasFile | None:
        match = CANVAS_ANONYMOUS.match(path.name)
        if match:
            anon = f"anon_{match['anon']}"
            late = bool(match["late"])
            return cls(path, anon, anon, int(match["attachment"]), late, match["file"], match["anon"])
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
        entries += scan.guarded(student, "canvas", group[0].path, _canvas_entries_of, student, user, group, scan)
    return entries


def _canvas_entries_of(student: str, user: str, group: list[_CanvasFile], scan: _Scan) -> list[Entry]:
    return [_canvas_entry(student, user, group, scan)]


def _canvas_entry(student: str, user: str, group: list[_CanvasFile], scan: _Scan) -> Entry:
    usable = [f for f in group if f.dropped is None and (f.path.suffix in SUFFIXES or f.path.suffix.lower() == ".zip")]
    for f in group:
        if f not in usable and f.dropped is None:
            scan.ignore(f.path, Message("batch:file:canvas_not_kept"))
    if not usable:  # a row all the same, with the reason: this student is in the export
        why = [f.dropped for f in group if f.dropped is not None and f.path.suffix in SUFFIXES]
        reason = why[0] if why else Message("batch:file:canvas_nothing", name=group[0].name)
        entry = _entry(student, None, "canvas", reason)
        who = {"canvas_anonymous_id": group[0].anonymous} if group[0].anonymous else {"canvas_user_id": user}
        entry.lms = {**who, **({"canvas_late": True} if any(f.late for f in group) else {})}
        return entry
    named = [f for f in usable if _stem(Path(f.original)) == scan.assignment_id]
    latest = max(named or usable, key=lambda f: f.attachment)
    for f in usable:
        if f is not latest:
            scan.ignore(f.path, Message("batch:file:earlier_handin", student=student, chosen=scan.rel(latest.path)))
    path, error, within = latest.path, None, latest.path.parent
    if path.suffix.lower() == ".zip":
        if path.is_symlink():  # the zip itself is opened by zipfile: a link is refused before
            path, error = None, Message("error:submission_link", path=scan.rel(latest.path))
        else:
            unpacked = scan.unpack(path, depth=2)
            within = unpacked
            path, error = (
                (None, Message("batch:file:cannot_read", name=scan.rel(latest.path)))
                if unpacked is None
                else _pick(_candidates(unpacked), scan, scan.rel(latest.path), container=unpacked)
            )
    else:
        error = _check_file(path, scan, None)
    entry = _entry(student, path, "canvas", error, within)
    who = {"canvas_anonymous_id": latest.anonymous} if latest.anonymous else {"canvas_user_id": user}
    entry.lms = {**who, **({"canvas_late": True} if latest.late else {})}
    return entry


# ---- layouts -------------------------------------------------------------------------------------
def discover(root: Path | str, assignment_id: str, unpack_to: Path | str | None = None) -> Discovery:
    """All students found under `root` (a folder, or an export zip), sorted by id; errors are entries, not exceptions.

    Zips are unpacked under `unpack_to` (the batch passes a folder inside OUT, which students' code never
    sees); without one, under a private temporary folder removed when the process ends.
    """
    root = Path(root)
    if not os.path.lexists(root):
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
    for entry in entries:
        if entry.path is not None:
            entry.origin = scan.rel(entry.path)
    found = Discovery(_merge(entries), ignored=scan.ignored)
    if not found:
        found.warnings.append(Message("batch:file:none_found", root=str(root)))
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
            scan.ignore(child, Message("batch:file:hidden_entry"))
            continue
        if child.is_symlink() and (_is_dir(child) or child.suffix.lower() == ".zip"):
            # A student's folder or zip that is a link: never followed (it may lead to another student's work or to
            # the grader's files); the student it names gets the reason. A linked .py or .ipynb: _check_file below.
            reason = Message("error:submission_link", path=scan.rel(child))
            scan.ignore(child, reason)
            entries.append(_entry(_student_of(child), None, "files", reason))
            continue
        if _is_dir(child):
            entries += scan.guarded(child.name, "folders", child, _folder_entries, child, scan, nbgrader)
            continue
        named = _CanvasFile.parse(child)
        if named is not None:
            canvas.append(named)
        elif child.suffix in SUFFIXES:
            entries.append(_entry(child.stem, child, "files", _check_file(child, scan, None), folder))
        elif child.suffix.lower() == ".zip":
            entries += scan.guarded(child.stem, "zip", child, _zip_entries, child, scan)
        else:
            scan.ignore(child, Message("batch:file:not_submission"))
    for name, reason in scan.dropped.get(folder, {}).items():  # Canvas files the unpacking left out (listed already)
        named = _CanvasFile.parse(folder / name)
        if named is not None:
            named.dropped = reason
            canvas.append(named)
    return entries + _canvas_entries(canvas, scan)


def _student_of(child: Path) -> str:
    named = _CanvasFile.parse(child)
    return named.name if named is not None else (child.stem if child.suffix else child.name)


def _folder_entries(child: Path, scan: _Scan, nbgrader: bool) -> list[Entry]:
    return [_folder_entry(child, scan, nbgrader)]


def _folder_entry(child: Path, scan: _Scan, nbgrader: bool) -> Entry:
    layout, search = "folders", child
    if nbgrader or (child / scan.assignment_id).is_dir():
        layout, search = "nbgrader", child / scan.assignment_id
        if not search.is_dir():
            return _entry(
                child.name,
                None,
                layout,
                Message("batch:file:no_assignment_folder", folder=scan.assignment_id, where=scan.rel(child)),
            )
    path, error, within = _pick_in_folder(search, scan, scan.rel(search) + "/", child)
    return _entry(child.name, path, layout, error, within)


def _is_export(folder: Path, scan: _Scan) -> bool:
    """Whether an unpacked zip that lay in the class folder carries an export's own marks: Gradescope's metadata
    (at its top or in its one folder), nbgrader's `submitted/`, or a top level of Canvas-named files and nothing
    else. Anything else a zip holds is one student's work, whatever its names say."""
    inner = _single_subfolder(folder)
    if (folder / GRADESCOPE_METADATA).is_file() or (inner is not None and (inner / GRADESCOPE_METADATA).is_file()):
        return True
    if (folder / "submitted").is_dir():
        return True
    try:
        top = [p for p in folder.iterdir() if not _litter(p.name)]
    except OSError:
        return False
    return bool(top) and all(p.is_file() and _CanvasFile.parse(p) is not None for p in top)


def _zip_entries(zip_path: Path, scan: _Scan) -> list[Entry]:
    """A zip in the class folder: an LMS or Gradescope export (many students, by its marks), or else one student's
    zipped work, named after the zip: at most that student's one file."""
    folder = scan.unpack(zip_path)
    if folder is None:
        return [_entry(zip_path.stem, None, "zip", Message("batch:file:cannot_read", name=scan.rel(zip_path)))]
    if _is_export(folder, scan):
        try:
            return _any_layout(folder, scan)
        except KitError as exc:  # an export that cannot be read (its metadata): this archive alone is left out
            scan.ignore(zip_path, exc.message)
            return []
    path, error = _pick(_candidates(folder), scan, scan.rel(zip_path), container=folder)
    return [_entry(zip_path.stem, path, "zip", error, folder)]


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


def _gradescope(root: Path, scan: _Scan) -> list[Entry]:
    """One entry per submitter (a group submission is graded once per member, each with their own seed)."""
    meta_path = root / GRADESCOPE_METADATA
    try:
        meta = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError, ValueError) as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise KitError(f"{scan.rel(meta_path)}: cannot read the Gradescope metadata: {first}") from None
    if not isinstance(meta, dict):
        raise KitError(f"{scan.rel(meta_path)}: expected one entry per submission folder")
    entries: list[Entry] = []
    listed = set()
    for folder_name, info in sorted(meta.items(), key=lambda kv: str(kv[0])):
        folder = root / str(folder_name)
        listed.add(str(folder_name))
        entries += scan.guarded(
            str(folder_name),
            "gradescope",
            folder,
            _gradescope_entries,
            root,
            folder,
            folder_name,
            info,
            scan,
        )
    for child in sorted(root.iterdir()):
        if child.name not in listed and child.name != GRADESCOPE_METADATA and not _litter(child.name):
            scan.ignore(child, Message("batch:file:gradescope_unlisted", file=GRADESCOPE_METADATA))
    return entries


def _gradescope_entries(root: Path, folder: Path, folder_name, info, scan: _Scan) -> list[Entry]:
    submitters = [s for s in _field(info, "submitters") or [] if isinstance(s, dict)]
    people = [(_field(s, "sid") or _field(s, "email") or _field(s, "name"), s) for s in submitters]
    people = [(str(i), s) for i, s in people if i is not None] or [(str(folder_name), {})]
    name = str(folder_name)
    usable = "/" not in name and "\\" not in name and name not in (".", "..") and not folder.is_symlink()
    if not usable or not _inside(folder, root) or not folder.is_dir():
        path, error, within = (
            None,
            Message("batch:file:gradescope_missing", name=archives.shown(repr(name)), file=GRADESCOPE_METADATA),
            None,
        )
    else:
        path, error, within = _pick_in_folder(folder, scan, f"{scan.rel(folder)}/", folder)
    entries = []
    for raw_id, person in people:
        entry = _entry(raw_id, path, "gradescope", error, within)
        entry.lms = {key: str(_field(person, key)) for key in ("name", "email", "sid") if _field(person, key)}
        entries.append(entry)
    return entries


def _entry(raw_id: str, path: Path | None, layout: str, error: Message | None, within: Path | None = None) -> Entry:
    return Entry(
        student=safe_student_id(raw_id),
        path=None if error else path,
        layout=layout,
        error=error,
        raw_id=str(raw_id),
        within=None if error else within,
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
        where = ", ".join(sorted(e.origin or e.layout for e in group))
        merged.append(
            Entry(
                student=student,
                path=None,
                layout=group[0].layout,
                raw_id=group[0].raw_id,
                error=Message("batch:file:twice_student", count=len(group), where=where),
            )
        )
    return merged


__all__ = ["Entry", "Discovery", "discover", "safe_student_id"]
