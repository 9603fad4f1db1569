"""Atomic writes: a temporary file beside the target, fsync (of what cannot be made again), then os.replace.

A reader (a browser reload, a resumed batch, a spreadsheet) sees the old file or the complete new one,
never half of one; a crash mid-write leaves no temporary file behind. Every file the kit writes goes here.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

# `.NAME.XXXXXXXX.tmp`: what write_text_atomic leaves only if the process was killed mid-write.
_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def write_text_atomic(
    path: Path | str, text: str, *, newline: str | None = None, mode: int = 0o644, durable: bool = True
) -> Path:
    """`text` in `path`, whole or not at all (a temporary file renamed over it); `durable`: on disk before the rename
    (fsync), for what cannot be made again: a grade. Pages made from the grades can be made again, and skip it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def json_text(data, *, expand: int = 2) -> str:
    """JSON for people and programs alike: the members of the outer `expand` levels of objects and lists one per
    line (a results.json's tests, each on its line), everything deeper compact on its line.

    Why not json.dumps(indent=...): indenting goes through the standard library's pure-Python encoder, five times
    slower than its C one, and a batch writes a results.json per submission. Each line here is the C encoder's."""

    def write(value, depth: int) -> str:
        if depth >= expand or not isinstance(value, (dict, list)) or not value:
            return json.dumps(value, ensure_ascii=False, allow_nan=False)
        pad, inner = " " * depth, " " * (depth + 1)
        if isinstance(value, dict):
            members = (
                f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {write(v, depth + 1)}" for k, v in value.items()
            )
            return "{\n" + ",\n".join(members) + f"\n{pad}}}"
        return "[\n" + ",\n".join(f"{inner}{write(v, depth + 1)}" for v in value) + f"\n{pad}]"

    return write(data, 0) + "\n"


def write_json_atomic(data, path: Path | str, **dump_options) -> Path:
    """`data` as JSON in `path`, atomically and durably: laid out by `json_text`, or by json.dumps(**dump_options)."""
    if dump_options:
        options = {"ensure_ascii": False, "allow_nan": False, **dump_options}
        return write_text_atomic(path, json.dumps(data, **options))
    return write_text_atomic(path, json_text(data))


def sweep_leftovers(folder: Path | str) -> int:
    """Remove the temporary files of writes that a killed process never finished, below `folder`; how many.

    Only files named as this module names them are touched, so a folder shared with other tools is safe."""
    removed = 0
    for path in Path(folder).rglob(".*.tmp"):
        if _LEFTOVER.match(path.name) and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed
