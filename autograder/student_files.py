"""Reading a file a student handed in without following a link: every door reads submissions through here.

A student's upload, zip or folder is hostile, links included: `a1.py -> /autograder/source/solutions/a1.py` in
a Gradescope upload, a folder of a class that links to another student's work. The trusted side reads with the
grader's rights, so whatever a link points to would be graded as the student's own. A file is therefore read only
when it is not a link itself (opened with O_NOFOLLOW: no race between looking and opening) and the folder it lies
in, every folder link resolved, is still inside the folder the student controls (`within`: the upload, the
student's folder, an unpacked archive; by default the file's own folder). It must be a regular file (a FIFO or a
device is refused without blocking), and at most `limit` bytes are ever read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .catalogue import Message
from .errors import KitError

MAX_BYTES = 5 * 1024 * 1024  # a submission file, .py or .ipynb


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def link_problem(path: Path | str, within: Path | str | None = None) -> Message | None:
    """Why `path` may not be read as a student's file (a Message), or None: the same rule `read` applies, for a
    listing that must say what it left out before anything is opened."""
    path = Path(path)
    folder = Path(within) if within is not None else path.parent
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return Message("error:submission_not_found", path=str(path))
    except OSError as exc:
        return Message("error:submission_unreadable", path=str(path), reason=str(exc.strerror or exc))
    if stat.S_ISLNK(mode):
        if not os.path.exists(path):
            return Message("error:submission_broken_link", path=str(path))
        return Message("error:submission_link", path=str(path))
    if not _inside(os.path.realpath(path.parent), os.path.realpath(folder)):
        return Message("error:submission_link_outside", path=str(path), folder=str(folder))
    if not stat.S_ISREG(mode):
        return Message("error:submission_not_file", path=str(path))
    return None


def read(path: Path | str, within: Path | str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a student's file, never through a link (see the module docstring); a KitError says why not.

    More than `limit` bytes is an error (`error:submission_too_large`): nothing past limit + 1 is read."""
    path = Path(path)
    folder = Path(within) if within is not None else path.parent
    parent = os.path.realpath(path.parent)
    if not _inside(parent, os.path.realpath(folder)):
        raise KitError(Message("error:submission_link_outside", path=str(path), folder=str(folder)))
    try:
        fd = os.open(
            os.path.join(parent, path.name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
        )
    except OSError as exc:
        raise KitError(_open_failure(path, exc)) from None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        raise KitError(Message("error:submission_not_file", path=str(path)))
    with open(fd, "rb", closefd=True) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise KitError(
                Message("error:submission_unreadable", path=str(path), reason=str(exc.strerror or exc))
            ) from None
    if len(data) > limit:
        raise KitError(
            Message("error:submission_too_large", size=len(data) // 1024, limit=limit // 1024, name=path.name)
        )
    return data


def _open_failure(path: Path, exc: OSError) -> Message:
    if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
        broken = not os.path.exists(path)
        return Message("error:submission_broken_link" if broken else "error:submission_link", path=str(path))
    if exc.errno == errno.ENOENT:
        return Message("error:submission_not_found", path=str(path))
    if exc.errno in (errno.ENOTDIR, errno.EISDIR):
        return Message("error:submission_not_file", path=str(path))
    return Message("error:submission_unreadable", path=str(path), reason=str(exc.strerror or exc))


__all__ = ["MAX_BYTES", "link_problem", "read"]
