"""Groups of identical or near-identical submissions, for the instructor's class report only.

Byte-identical files are found from the content hash every results.json already carries. Near-identical
code is found with copydetect: each file's tokens with names, strings and comments taken out (copydetect's
filtered form, made with the standard library's tokenizer), k-gram fingerprints winnowed, the released stub's
fingerprints removed as boilerplate, the code most of the class shares set aside (a starting file handed in again
by many: COMMON_SHARE), and two submissions joined when each shares at least NEAR of its own fingerprinted code
with the other. Groups are the connected parts of that graph; the most similar pairs come with both files side by
side and the matching lines marked.

Untrusted files are read and tokenised in a separate worker process (`similarity_worker`) with a memory limit and a
deadline (a batch starts it while it grades: `NearComparison`): the report always finishes, and says so when the
comparison did not. The worker sets its memory limit itself, before it reads anything (no preexec_fn: the class
report may run in a process with threads, where code between fork and exec can deadlock). It runs with a fixed hash
seed, because copydetect fingerprints with Python's `hash()`, which is otherwise salted per process: the same class
gives the same groups every time.

Nothing here reaches a student: only the class report shows it (the feedback pages are built from a view
that has no place for it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ._common import StudentResults

NEAR = 0.8  # share of each file's fingerprinted code found in the other
MIN_TOKENS = 40  # a file with less own code than this (a stub, a one-liner) is never grouped
NOISE_K = 25  # copydetect's defaults: no match shorter than 25 filtered characters counts,
WINDOW = 6  # and every match of 30 or more is guaranteed to be found (window 30 - 25 + 1)
SECONDS = 120.0  # deadline of the whole near-identical comparison
MEMORY_BYTES = 4 << 30
# Code found in more than max(COMMON_FLOOR, COMMON_SHARE × the files compared) is the class's common ground (a
# starting file many hand in again), set aside before pairs are compared, as MOSS sets aside passages many programs
# share; a small class (at most 4 × COMMON_FLOOR files) sets nothing aside below COMMON_FLOOR + 1 files.
COMMON_SHARE = 0.25
COMMON_FLOOR = 10
VIEWS = 20  # pairs shown side by side, the most similar first
VIEW_LINES = 300  # lines of each file in a side-by-side view
VIEW_CHARS = 40_000


@dataclass
class Member:
    dir_name: str
    student: str
    similarity: float  # the highest similarity to another member of its group (1.0 = identical)


@dataclass
class Cluster:
    kind: str  # "identical" | "near"
    members: list = field(default_factory=list)


@dataclass
class PairView:
    """Two near-identical files side by side: each one's code (as graded: a notebook's cells joined) and the line
    ranges [first, last] the comparison found in the other."""

    a: str
    b: str
    similarity_a: float
    similarity_b: float
    code_a: str = ""
    code_b: str = ""
    marks_a: list = field(default_factory=list)
    marks_b: list = field(default_factory=list)
    cut_a: bool = False
    cut_b: bool = False


@dataclass
class SimilarityResult:
    clusters: list = field(default_factory=list)
    compared_code: bool = False  # near-identical code was compared (the files were at hand)
    failure: str = ""  # why the near-identical comparison did not finish
    views: list = field(default_factory=list)  # PairView of the most similar near-identical pairs


def _attempted(sub: StudentResults) -> bool:
    """A graded submission with at least one problem attempted: identical untouched stubs are no signal."""
    if sub.status != "graded" or not sub.problems:
        return False
    return any(p.status != "not implemented" for p in sub.problems.values())


class NearComparison:
    """The near-identical comparison as a process that can start before it is needed.

    Fingerprinting (tokenising every file) is nearly all of its cost and needs only the files, so a batch starts
    it as soon as it knows them: it then runs at low priority while the class is graded, on the time the grading
    leaves, and the report later names the submissions whose pairs count (`pairs`). The deadline runs from that
    moment: a class's grading time is not counted against it, a comparison that hangs still is."""

    def __init__(self, sources: dict, boilerplate: list, *, memory_bytes: int = MEMORY_BYTES, processes: int = 0):
        """`processes`: at most this many tokenising processes (0: one per core, up to four)."""
        self.keys = {str(key) for key in sources}
        request = {
            "files": [[str(key), str(path)] for key, path in sorted(sources.items(), key=lambda kv: str(kv[0]))],
            "boilerplate": [str(p) for p in boilerplate],
            "k": NOISE_K,
            "window": WINDOW,
            "near": NEAR,
            "min_tokens": MIN_TOKENS,
            "processes": processes,
            "common_share": COMMON_SHARE,
            "common_floor": COMMON_FLOOR,
            "views": VIEWS,
            "view_lines": VIEW_LINES,
            "view_chars": VIEW_CHARS,
        }
        self.failure = ""
        self.views: list = []  # PairView, once `pairs` has answered
        self.process = None
        # The request goes in a file and what the process says on stderr to another, both without a name (nothing
        # to clean up, whatever kills whom): nothing waits on a pipe while the class is graded (a pipe nobody
        # reads stops its writer once full).
        self.stderr = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by close()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as request_file:
            json.dump(request, request_file)
            request_file.flush()
            request_file.seek(0)
            try:
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "autograder.reporting.similarity_worker",
                        str(memory_bytes),
                        str(os.getpid()),
                        str(request_file.fileno()),
                    ],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=self.stderr,
                    pass_fds=(request_file.fileno(),),
                    text=True,
                    env={**os.environ, "PYTHONHASHSEED": "0"},
                )
            except OSError as exc:
                self.failure = f"the comparison process failed: {exc.strerror or exc}"
                self.close()

    def pairs(self, keys=None, *, seconds: float = SECONDS) -> tuple[list, str]:
        """[(a, b, similarity of a, similarity of b)] among `keys` (all files: None) with both at least NEAR, and
        why it failed ("" if it did not)."""
        if self.failure:
            return [], self.failure
        chosen = sorted(self.keys if keys is None else self.keys & {str(k) for k in keys})
        try:
            out, _ = self.process.communicate(json.dumps({"keys": chosen}) + "\n", timeout=seconds)
        except subprocess.TimeoutExpired:
            self.close()
            return [], f"stopped after {seconds:g} s"
        except OSError:  # it died before reading the keys: what it said is read below
            out, _ = self.process.communicate()
        try:
            if self.process.returncode != 0:
                self.stderr.seek(0)
                last = (self.stderr.read().strip().splitlines() or ["no message"])[-1]
                return [], f"the comparison process failed: {last[:200]}"
            try:
                answer = json.loads(out)
                pairs = [(str(a), str(b), float(s1), float(s2)) for a, b, s1, s2 in answer["pairs"]]
                self.views = [_view(v) for v in answer.get("views") or []]
            except (ValueError, KeyError, TypeError, AttributeError):
                return [], "the comparison process gave no readable answer"
            return pairs, ""
        finally:
            self.close()

    def close(self) -> None:
        """Stop the process if it still runs (a batch interrupted before its report)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        self.stderr.close()


def _view(data: dict) -> PairView:
    def marks(side: str) -> list:
        return [[int(first), int(last)] for first, last in data.get(f"marks_{side}") or []]

    return PairView(
        a=str(data["a"]),
        b=str(data["b"]),
        similarity_a=float(data["similarity_a"]),
        similarity_b=float(data["similarity_b"]),
        code_a=str(data.get("code_a") or ""),
        code_b=str(data.get("code_b") or ""),
        marks_a=marks("a"),
        marks_b=marks("b"),
        cut_a=bool(data.get("cut_a")),
        cut_b=bool(data.get("cut_b")),
    )


def near_pairs(
    sources: dict, boilerplate: list, *, seconds: float = SECONDS, memory_bytes: int = MEMORY_BYTES
) -> tuple[list, str]:
    """[(a, b, similarity of a, similarity of b)] with both at least NEAR, and why it failed ("" if it did not)."""
    return NearComparison(sources, boilerplate, memory_bytes=memory_bytes).pairs(seconds=seconds)


def find_clusters(
    subs: list,
    sources: dict | None = None,
    boilerplate: list | None = None,
    *,
    seconds: float = SECONDS,
    comparison: NearComparison | None = None,
) -> SimilarityResult:
    """Groups of submissions (by OUT folder name); `sources` maps folder names to the graded files when known, or
    `comparison` was started on them ahead (`NearComparison`)."""
    eligible = {s.dir_name: s for s in subs if _attempted(s)}
    parent = {name: name for name in eligible}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    best: dict[str, float] = {}
    by_sha: dict[str, list] = {}
    for name, sub in eligible.items():
        if sub.content_sha256:
            by_sha.setdefault(sub.content_sha256, []).append(name)
    for names in by_sha.values():
        for name in names[1:]:
            parent[root(name)] = root(names[0])
        if len(names) > 1:
            for name in names:
                best[name] = 1.0
    result = SimilarityResult()
    files = {name: Path(path) for name, path in (sources or {}).items() if name in eligible and path}
    pairs: list = []
    if comparison is not None:  # started ahead on the class's files: only the eligible ones' pairs count
        pairs, result.failure = comparison.pairs(eligible, seconds=seconds)
        result.compared_code, result.views = not result.failure, comparison.views
    elif files:
        started = NearComparison(files, boilerplate or [])
        pairs, result.failure = started.pairs(seconds=seconds)
        result.compared_code, result.views = not result.failure, started.views
    for a, b, s1, s2 in pairs:
        if a in eligible and b in eligible:
            parent[root(a)] = root(b)
            best[a] = max(best.get(a, 0.0), s1)
            best[b] = max(best.get(b, 0.0), s2)
    groups: dict[str, list] = {}
    for name in eligible:
        groups.setdefault(root(name), []).append(name)
    for names in groups.values():
        if len(names) < 2:
            continue
        shas = {eligible[n].content_sha256 for n in names}
        kind = "identical" if len(shas) == 1 and None not in shas else "near"
        members = [Member(n, eligible[n].student, best.get(n, 0.0)) for n in names]
        members.sort(key=lambda m: (-m.similarity, m.student.lower(), m.dir_name))
        result.clusters.append(Cluster(kind, members))
    result.clusters.sort(key=lambda c: (c.kind != "identical", -len(c.members), c.members[0].student.lower()))
    return result


__all__ = [
    "find_clusters",
    "near_pairs",
    "NearComparison",
    "SimilarityResult",
    "PairView",
    "Cluster",
    "Member",
    "NEAR",
]
