"""A plain class folder and a Canvas export as hostile students make them, for tests/test_layouts.py and the red-team
suite (tests/adversarial/test_hostile_files.py).

In both: alice's zip holds bob.py and carol.py (it must be alice's alone: bob is graded from his own file, carol,
who handed nothing in, gets no row); frank's zip holds a member whose name is 300 characters long beside his work;
gina's holds `x.py` and then `x.py/a1_encoding.py`; trent's holds a link; ursula's holds a name with an escape
sequence that would clear the instructor's terminal. The plain folder also holds links (a file to the grader's
secret copy of the reference, a student's file to another's, a folder to the secrets), a latin-1 file without a
coding line, and a submission whose exception carries a lone surrogate and a NUL byte. One copied pair hides behind
a NUL byte in a notebook cell (the near-identical comparison must still group it). Every honest student must be
graded exactly as alone, every bad file is named with its reason, and nothing stops the batch.
"""

from __future__ import annotations

import io
import json
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
A1 = "a1_encoding"
SOLUTION = (KIT / "solutions" / f"{A1}.py").read_text(encoding="utf-8")
WRONG_AXIS = SOLUTION.replace(
    "    return e / np.sum(e, axis=axis, keepdims=True)\n", "    return e / np.sum(e, axis=0, keepdims=True)\n", 1
)
STUB = (KIT / "assignments" / A1 / f"{A1}.py").read_text(encoding="utf-8")
LONG = "x" * 300 + ".py"
ESCAPE = "\x1b[2J\x1b]0;owned\x07evil.py"
SURROGATE = SOLUTION.replace(
    "def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:",
    'def softmax(logits, axis=-1):\n    raise ValueError("\\ud800 lone \\x00 nul \\x1b[2J")\n\n\n'
    "def _unused(logits: np.ndarray, axis: int = -1) -> np.ndarray:",
    1,
)


@dataclass
class HostileClass:
    folder: Path
    honest: dict = field(default_factory=dict)  # student -> the file to grade alone, as it was handed in
    errors: dict = field(default_factory=dict)  # student -> words their error must contain
    ignored: dict = field(default_factory=dict)  # file as the batch shows it -> words of its reason
    absent: set = field(default_factory=set)  # names that must have no row
    zero: dict = field(default_factory=dict)  # student -> a problem that must score 0 (graded, hostile)
    copied: tuple = ()  # two students the class report must group as near-identical


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            if isinstance(data, tuple):  # ("link", target): a symbolic link member
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                zf.writestr(info, data[1])
            else:
                zf.writestr(name, data)
    return buffer.getvalue()


def notebook(*sources: str) -> str:
    cells = [
        {"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None, "id": f"c{i}"}
        for i, s in enumerate(sources)
    ]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def copied_notebook() -> str:
    """dana's work split into cells, names changed, and one cell holding a NUL byte in a comment."""
    head, _, rest = SOLUTION.partition("def softmax(")
    disguised = ("def softmax(" + rest).replace("shifted", "moved").replace("# ", "#  ")
    return notebook(head, "# \x00 nothing to see\nANSWER = 1\n", disguised)


def _hostile_zips() -> dict:
    return {
        "alice": {"bob.py": STUB, "carol.py": SOLUTION},
        "frank": {LONG: SOLUTION, f"{A1}.py": WRONG_AXIS},
        "gina": {"x.py": WRONG_AXIS, f"x.py/{A1}.py": SOLUTION},
        "trent": {f"{A1}.py": ("link", "/etc/passwd")},
        "ursula": {ESCAPE: SOLUTION, f"{A1}.py": WRONG_AXIS},
    }


def _expect_zips(hc: HostileClass, label) -> None:
    """What the zips above must give; `label(student)` is how the batch names that student's zip."""
    hc.errors["alice"] = "2 candidate files"
    hc.absent.add("carol")
    hc.honest["frank"] = WRONG_AXIS
    hc.ignored[f"{label('frank')}:{'x' * 120}"] = "a name no file system takes"
    hc.honest["gina"] = WRONG_AXIS
    hc.ignored[f"{label('gina')}:x.py/{A1}.py"] = "its folder x.py is a file of the same zip"
    hc.errors["trent"] = "no .py or .ipynb submission"
    hc.ignored[f"{label('trent')}:{A1}.py"] = "a symbolic link"
    hc.honest["ursula"] = WRONG_AXIS
    hc.ignored[f"{label('ursula')}:\\x1b[2J\\x1b]0;owned\\x07evil.py"] = "is the file named after the assignment"


def plain_class(root: Path) -> HostileClass:
    """A class folder of <student>.py files, <student>/ folders and students' zips."""
    secret = root / "grader-secret"
    secret.mkdir(parents=True)
    (secret / f"{A1}.py").write_text(SOLUTION, encoding="utf-8")  # what a followed link would hand in
    folder = root / "plain"
    folder.mkdir()
    hc = HostileClass(folder)
    (folder / "bob.py").write_text(WRONG_AXIS, encoding="utf-8")
    hc.honest["bob"] = WRONG_AXIS
    (folder / "dana.py").write_text(SOLUTION, encoding="utf-8")
    hc.honest["dana"] = SOLUTION
    (folder / "zed.ipynb").write_text(copied_notebook(), encoding="utf-8")
    hc.honest["zed"] = copied_notebook()
    hc.copied = ("dana", "zed")
    for student, members in _hostile_zips().items():
        (folder / f"{student}.zip").write_bytes(_zip(members))
    _expect_zips(hc, lambda student: f"{student}.zip")
    (folder / "mallory.py").symlink_to(secret / f"{A1}.py")
    hc.errors["mallory"] = "symbolic link"
    hc.ignored["mallory.py"] = "symbolic link"
    (folder / "oscar").mkdir()
    (folder / "oscar" / f"{A1}.py").symlink_to(folder / "dana.py")
    hc.errors["oscar"] = "symbolic link"
    hc.ignored[f"oscar/{A1}.py"] = "symbolic link"
    (folder / "peggy").symlink_to(secret)
    hc.errors["peggy"] = "symbolic link"
    hc.ignored["peggy"] = "symbolic link"
    (folder / "victor.py").write_bytes(SOLUTION.encode() + "# café\n".encode("latin-1"))
    hc.errors["victor"] = "not UTF-8"
    (folder / "walter.py").write_text(SURROGATE, encoding="utf-8")
    hc.zero["walter"] = "softmax"
    return hc


def canvas_class(root: Path) -> HostileClass:
    """A Canvas "download submissions" zip, lying in a class folder, whose students' zips are the hostile ones."""
    folder = root / "canvas"
    folder.mkdir(parents=True)
    hc = HostileClass(folder)
    members = {
        f"ann_11_901_{A1}.py": SOLUTION,
        f"bob_22_902_{A1}.py": WRONG_AXIS,
        f"zed_77_907_{A1}.ipynb": copied_notebook(),
    }
    hc.honest.update(ann=SOLUTION, bob=WRONG_AXIS, zed=copied_notebook())
    hc.copied = ("ann", "zed")
    users = {"alice": 33, "frank": 44, "gina": 55, "trent": 66, "ursula": 88}
    for student, zipped in _hostile_zips().items():
        members[f"{student}_{users[student]}_90{users[student]}_work.zip"] = _zip(zipped)
    (folder / "submissions.zip").write_bytes(_zip(members))
    _expect_zips(hc, lambda student: f"submissions.zip:{student}_{users[student]}_90{users[student]}_work.zip")
    return hc


def clusters(report_html: str) -> list:
    """(kind, students) of each group the class report shows (instructor only)."""
    import re

    found = re.findall(r'<div class="cluster" data-kind="(\w+)" data-size="(\d+)">(.*?)</div>', report_html, re.S)
    return [(kind, sorted(re.findall(r'<li data-student="([^"]+)">', body))) for kind, _size, body in found]


def problems(hc: HostileClass, out: Path, printed: str, alone: dict) -> list:
    """Every way a batch of `hc` (results under `out`, its printed summary) differs from what it must give; `alone`
    maps each honest student to the results.json it gets graded alone."""
    errors = []

    def results(student: str) -> dict | None:
        try:
            return json.loads((out / student / "results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def verdicts(data: dict) -> list:
        return [(t["name"], t["score"], t["status"], t["output"]) for t in data["tests"]]

    for student, wanted in alone.items():
        data = results(student)
        if data is None:
            errors.append(f"{student}: not graded")
        elif data["score"] != wanted["score"] or verdicts(data) != verdicts(wanted):
            errors.append(f"{student}: graded {data['score']} in the class, {wanted['score']} alone")
    for student, words in hc.errors.items():
        data = results(student)
        note = (data or {}).get("extra_data", {}).get("kit", {}).get("note") or ""
        if data is None or data["extra_data"]["kit"]["status"] != "error" or words not in note:
            errors.append(f"{student}: expected an error saying {words!r}, got {note or data!r}"[:400])
        if not any(line.startswith(f"  error: {student}: ") and words in line for line in printed.splitlines()):
            errors.append(f"{student}: no printed error saying {words!r}")
    for student, problem in hc.zero.items():
        data = results(student)
        kit = (data or {}).get("extra_data", {}).get("kit", {})
        if kit.get("status") != "graded" or kit["problems"][problem]["score"] != 0:
            errors.append(f"{student}: expected graded with {problem} at 0, got {kit.get('status')}")
    ignored = [line[len("  ignored: ") :] for line in printed.splitlines() if line.startswith("  ignored: ")]
    for shown, words in hc.ignored.items():
        if not any(line.startswith(shown) and words in line for line in ignored):
            errors.append(f"not listed as ignored: {shown!r} ({words})")
    for name in hc.absent:
        if (out / name).exists():
            errors.append(f"{name} has a row but handed nothing in")
    if "\x1b" in printed or "\x00" in printed:
        errors.append("a control character reached the instructor's terminal")
    report = (out / "report.html").read_text(encoding="utf-8")
    if "did not finish" in report:
        errors.append("the near-identical comparison did not finish")
    if not any(set(hc.copied) <= set(members) for _kind, members in clusters(report)):
        errors.append(f"the copied pair {hc.copied} is not grouped: {clusters(report)}")
    return errors
