"""Unpacking the zips instructors are handed (LMS and Gradescope exports, a student's zipped work) safely.

A zip inside a class folder comes from students, so it is hostile until proven otherwise: only the files a
batch can use are written (.py, .ipynb, Gradescope's submission_metadata.yml and, one level down, zips),
never a link, never outside the target folder (no `..`, no absolute names), each file and the whole archive
bounded before anything is read, and the number of members bounded too. Every member is judged on its own: a
name no file system takes (a part over 255 bytes), a file and a folder of the same name (`x.py`, then
`x.py/a.py`), the same name twice, or any failure while it is written leaves out that member alone, never the
archive and never the batch. Everything left out is reported with the reason (a catalogue Message), under a
name safe to print, so nothing is silently ignored.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..catalogue import Message
from ..submission import MAX_BYTES

KEPT_SUFFIXES = (".py", ".ipynb")
METADATA_NAMES = ("submission_metadata.yml",)
MAX_MEMBERS = 20_000  # a class export of a few hundred students with a few files each
MAX_ARCHIVE_BYTES = 1 << 30  # what one zip may unpack to, in all (only kept files count)
MAX_NESTED_BYTES = 256 << 20  # a zip inside a zip (a student's zipped work inside a Canvas export)
MAX_DEPTH = 2  # an export zip holding students' zips, no deeper
MAX_PART_BYTES = 255  # NAME_MAX: the longest name of one file or folder the file systems we run on take
MAX_NAME_BYTES = 1024  # a member's whole path inside the zip
MAX_SHOWN = 160  # characters of a name shown to the instructor
JUNK = ("__MACOSX", ".DS_Store", "Thumbs.db", "__pycache__", ".ipynb_checkpoints")


@dataclass
class Unpacked:
    """Where a zip went, and what of it was left out (display name of the member, reason as a Message)."""

    folder: Path | None
    skipped: list = field(default_factory=list)
    error: Message | None = None  # the archive itself could not be read


def shown(name: str, limit: int = MAX_SHOWN) -> str:
    """A name from a student's archive (or a message that quotes one) as it may be printed: control and format
    characters (a newline, an escape sequence that would rewrite the instructor's terminal, a bidi override) made
    visible, and cut to `limit` characters."""
    out = "".join(ch if unicodedata.category(ch) not in _HIDDEN else _code(ch) for ch in name)
    return out if len(out) <= limit else out[: limit - 1] + "…"


_HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")


def _code(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def _safe_parts(name: str) -> tuple[str, ...] | None:
    """The member's path as folder parts, or None if it could land outside the target (or is a folder)."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or name.endswith("/"):
        return None
    parts = PurePosixPath(name).parts
    if not parts or any(p in ("", ".", "..") or "\x00" in p for p in parts):
        return None
    return parts


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def target_folder(unpack_to: Path, label: str) -> Path:
    """A stable folder per archive (the same zip unpacks to the same place, so resumed batches find it)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", label)[-80:].strip("._") or "archive"
    return unpack_to / f"{stem}-{hashlib.sha256(label.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


def _too_long(parts: tuple[str, ...]) -> int:
    """The length in bytes of the part (or whole name) no file system takes, 0 when every part fits."""
    sizes = [len(p.encode("utf-8", "surrogatepass")) for p in parts]
    if max(sizes) > MAX_PART_BYTES:
        return max(sizes)
    total = sum(sizes) + len(sizes) - 1
    return total if total > MAX_NAME_BYTES else 0


def unpack(zip_path: Path, target: Path, *, depth: int = 1, limit: int = MAX_ARCHIVE_BYTES) -> Unpacked:
    """Write the usable members of `zip_path` under `target` (emptied first); see the module docstring. Never
    raises for what the archive holds: an archive that cannot be read at all comes back with `error`."""
    try:
        return _unpack(zip_path, target, depth, limit)
    except Exception as exc:  # noqa: BLE001 - whatever the archive does, it costs this archive alone
        return Unpacked(folder=None, error=Message("batch:file:unreadable_zip", reason=_reason(exc)))


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return shown(f"{type(exc).__name__}: {text}")


def _unpack(zip_path: Path, target: Path, depth: int, limit: int) -> Unpacked:
    result = Unpacked(folder=None)
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        result.error = Message("batch:file:unreadable_zip", reason=shown(str(exc)))
        return result
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            result.error = Message("batch:file:too_many_members", count=len(infos), limit=MAX_MEMBERS)
            return result
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        used = 0
        files: set = set()  # parts of every member written, and of every folder made for them
        folders: set = set()
        for info in infos:
            if info.is_dir():
                continue
            name = shown(info.filename)
            reason, parts = _judge(info, depth, used, limit, files, folders)
            if reason is not None:
                result.skipped.append((name, reason))
                continue
            if parts is None:
                continue  # operating-system litter, not a student's work
            destination = target.joinpath(*parts)
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                cap = MAX_NESTED_BYTES if parts[-1].lower().endswith(".zip") else MAX_BYTES
                used += _copy_bounded(zf, info, destination, cap)
            except Exception as exc:  # noqa: BLE001 - one member that cannot be written costs that member alone
                try:
                    if destination.is_file() and not destination.is_symlink():
                        destination.unlink()
                except OSError:
                    pass
                why = (
                    Message("batch:file:too_large_unpacked", limit=exc.cap // 1024)
                    if isinstance(exc, _TooLarge)
                    else Message("batch:file:unpack_failed", reason=_reason(exc))
                )
                result.skipped.append((name, why))
                continue
            files.add(parts)
            folders.update(parts[:i] for i in range(1, len(parts)))
    result.folder = target
    return result


def _judge(info: zipfile.ZipInfo, depth: int, used: int, limit: int, files: set, folders: set):
    """(reason to leave the member out, None) or (None, its parts), or (None, None) for litter."""
    parts = _safe_parts(info.filename)
    if parts is None:
        return Message("batch:file:outside"), None
    if any(p in JUNK for p in parts):
        return None, None
    name = parts[-1]
    suffix = PurePosixPath(name).suffix.lower()
    nested = suffix == ".zip"
    if not (suffix in KEPT_SUFFIXES or name in METADATA_NAMES or nested):
        return Message("batch:file:not_kept"), None
    if any(p.startswith(".") for p in parts):
        return Message("batch:file:hidden"), None
    if _is_link(info):
        return Message("batch:file:link"), None
    if nested and depth >= MAX_DEPTH:
        return Message("batch:file:nested_too_deep"), None
    size = _too_long(parts)
    if size:
        return Message("batch:file:name_too_long", size=size, limit=MAX_PART_BYTES), None
    clash = next((parts[:i] for i in range(1, len(parts)) if parts[:i] in files), None)
    if clash is not None:
        return Message("batch:file:folder_is_file", name=shown("/".join(clash))), None
    if parts in folders:
        return Message("batch:file:file_is_folder"), None
    if parts in files:
        return Message("batch:file:twice"), None
    cap = MAX_NESTED_BYTES if nested else MAX_BYTES
    if info.file_size > cap:
        return Message("batch:file:too_large", size=info.file_size // 1024, limit=cap // 1024), None
    if used + info.file_size > limit:
        return Message("batch:file:archive_too_large", limit=limit >> 20), None
    return None, parts


def _copy_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, destination: Path, cap: int) -> int:
    """Copy one member, never more than `cap` bytes whatever its header claims (never through a link: the folder
    is the kit's own and links are never written, but the file is created afresh all the same)."""
    written = 0
    with zf.open(info) as source, open(destination, "xb") as out:
        while True:
            chunk = source.read(1 << 16)
            if not chunk:
                return written
            written += len(chunk)
            if written > cap:
                raise _TooLarge(cap)
            out.write(chunk)


class _TooLarge(Exception):
    """A member whose header lied about its size: cut at `cap`."""

    def __init__(self, cap: int):
        super().__init__(cap)
        self.cap = cap


__all__ = ["Unpacked", "unpack", "target_folder", "shown", "MAX_DEPTH"]
