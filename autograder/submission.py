"""Reading a submission (.py or .ipynb) into the code cells the student process will run.

Only reading happens here, on the trusted side: the file is read without following a link (student_files.py),
the notebook is parsed as JSON and validated as nbformat, IPython magics and shell lines are dropped with a note,
cells tagged `skip-grading` (plots, practice checks) are left out. A file that cannot be read is a KitError with
one clear line.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import student_files
from .catalogue import Message
from .checker.cells import SKIP_TAG, code_cells
from .checker.feedback import cell_name
from .errors import KitError

MAX_BYTES = student_files.MAX_BYTES
__all__ = ["Submission", "load_submission", "SKIP_TAG", "MAX_BYTES"]


@dataclass
class Submission:
    path: Path
    kind: str  # "py" or "ipynb"
    cells: list  # [{"index": number, "ran": bool, "source": str}]: a notebook's cell as Jupyter numbers it (cells.py)
    notes: list = field(default_factory=list)  # Messages the student should read (dropped magics, ...)
    sha256: str = ""

    @property
    def student_default(self) -> str:
        return self.path.stem


def load_submission(path: Path | str, within: Path | str | None = None) -> Submission:
    """The submission at `path`; `within` is the folder the student controls (default: the file's own folder): a
    link, or a folder link leading out of it, is refused with the reason."""
    path = Path(path)
    if path.suffix not in (".py", ".ipynb"):
        if not os.path.lexists(path):
            raise KitError(Message("error:submission_not_found", path=str(path)))
        raise KitError(Message("error:submission_suffix", name=path.name))
    return parse_submission(path, student_files.read(path, within))


def parse_submission(path: Path, raw: bytes) -> Submission:
    """The submission whose bytes `raw` were read from `path` (a .py or .ipynb name) already: a batch's parent reads
    each file once, and a cluster's worker, which may not see the file, parses what it was sent."""
    path = Path(path)
    sha = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _declared(raw) if path.suffix == ".py" else None
        if text is None:
            raise KitError(
                Message("error:submission_not_utf8", reason=exc.reason, byte=exc.start, name=path.name)
            ) from None
    if path.suffix == ".py":
        return Submission(path, "py", [{"index": 0, "ran": False, "source": text}], [], sha)
    return _load_notebook(path, text, sha)


def _declared(raw: bytes) -> str | None:
    """A .py file in the encoding its coding line declares (PEP 263: `# -*- coding: latin-1 -*-`), as Python reads
    it; None when there is none, or the file is not in it."""
    import io
    import tokenize

    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(raw).readline)
        if encoding in ("utf-8", "utf-8-sig"):
            return None
        return raw.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError, ValueError):
        return None


def _load_notebook(path: Path, text: str, sha: str) -> Submission:
    from .heavy_imports import nbformat as _nbformat

    nbformat = _nbformat()

    try:
        json.loads(text)
    except ValueError as exc:
        raise KitError(Message("error:notebook_not_json", reason=str(exc), name=path.name)) from None
    except RecursionError:
        raise KitError(Message("error:notebook_too_deep", name=path.name)) from None
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds; all mean "not a notebook"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KitError(Message("error:notebook_invalid", name=path.name, reason=first[:200])) from None
    notes: list = []
    cells = []
    for cell in code_cells(nb):
        name = cell_name(cell.number, cell.ran)
        notes += [Message("ipython_dropped", cell=name, line=line, text=text[:40]) for line, text in cell.dropped]
        cells.append({"index": cell.number, "ran": cell.ran, "source": cell.source})
    return Submission(path, "ipynb", cells, notes, sha)
