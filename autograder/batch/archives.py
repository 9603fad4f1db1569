"""Unpacking the zips instructors are handed (LMS and Gradescope exports, a student's zipped work) safely.

A zip inside a class folder comes from students, so it is hostile until proven otherwise: only the files a
batch can use are written (.py, .ipynb, Gradescope's submission_metadata.yml and, one level down, zips),
never a link, never outside the target folder (no `..`, no absolute names), each file and the whole archive
bounded before anything is read, and the number of members bounded too. Everything left out is reported
with the reason, so nothing is silently ignored.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..submission import MAX_BYTES

KEPT_SUFFIXES = (".py", ".ipynb")
METADATA_NAMES = ("submission_metadata.yml",)
MAX_MEMBERS = 20_000  # a class export of a few hundred students with a few files each
MAX_ARCHIVE_BYTES = 1 << 30  # what one zip may unpack to, in all (only kept files count)
MAX_NESTED_BYTES = 256 << 20  # a zip inside a zip (a student's zipped work inside a Canvas export)
MAX_DEPTH = 2  # an export zip holding students' zips, no deeper
JUNK = ("__MACOSX", ".DS_Store", "Thumbs.db", "__pycache__", ".ipynb_checkpoints")


@dataclass
class Unpacked:
    """Where a zip went, and what of it was left out (display name of the member, reason)."""

    folder: Path | None
    skipped: list = field(default_factory=list)
    error: str | None = None  # the archive itself could not be read


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


def unpack(zip_path: Path, target: Path, *, depth: int = 1, limit: int = MAX_ARCHIVE_BYTES) -> Unpacked:
    """Write the usable members of `zip_path` under `target` (emptied first); see the module docstring."""
    result = Unpacked(folder=None)
    try:
        zf = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        result.error = f"not a readable zip ({exc})"
        return result
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            result.error = f"{len(infos)} members (more than {MAX_MEMBERS}): not unpacked"
            return result
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        used = 0
        for info in infos:
            if info.is_dir():
                continue
            parts = _safe_parts(info.filename)
            shown = info.filename
            if parts is None:
                result.skipped.append((shown, "a name that would land outside the folder"))
                continue
            if any(p in JUNK for p in parts):
                continue  # operating-system litter, not a student's work
            name = parts[-1]
            suffix = PurePosixPath(name).suffix.lower()
            nested = suffix == ".zip"
            if not (suffix in KEPT_SUFFIXES or name in METADATA_NAMES or nested):
                result.skipped.append((shown, "not a .py or .ipynb file"))
                continue
            if any(p.startswith(".") for p in parts):
                result.skipped.append((shown, "a hidden file"))
                continue
            if _is_link(info):
                result.skipped.append((shown, "a symbolic link"))
                continue
            if nested and depth >= MAX_DEPTH:
                result.skipped.append((shown, "a zip inside a zip inside a zip"))
                continue
            cap = MAX_NESTED_BYTES if nested else MAX_BYTES
            if info.file_size > cap:
                result.skipped.append((shown, f"too large ({info.file_size // 1024} KiB > {cap // 1024} KiB)"))
                continue
            if used + info.file_size > limit:
                result.skipped.append((shown, f"the archive unpacks to more than {limit >> 20} MiB"))
                continue
            destination = target.joinpath(*parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            try:
                used += _copy_bounded(zf, info, destination, cap)
            except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError) as exc:
                destination.unlink(missing_ok=True)
                result.skipped.append((shown, f"cannot be unpacked ({type(exc).__name__}: {exc})"))
    result.folder = target
    return result


def _copy_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, destination: Path, cap: int) -> int:
    """Copy one member, never more than `cap` bytes whatever its header claims."""
    written = 0
    with zf.open(info) as source, open(destination, "wb") as out:
        while True:
            chunk = source.read(1 << 16)
            if not chunk:
                return written
            written += len(chunk)
            if written > cap:
                raise ValueError(f"more than {cap // 1024} KiB once unpacked")
            out.write(chunk)


__all__ = ["Unpacked", "unpack", "target_folder", "MAX_DEPTH"]
