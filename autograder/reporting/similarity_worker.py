"""The near-identical comparison, run as its own process (see `similarity`): a JSON request, pairs on stdout.

It reads and tokenises untrusted files, so it runs apart from the grader, under a memory limit it sets on itself
first (the number of bytes is its first argument) and a deadline the parent enforces by killing it, and it dies
with the parent (whose pid is its second argument; a descriptor of the request is its third); it never executes
anything it reads. Python's hash seed is fixed by the parent, so copydetect's fingerprints (built with `hash()`)
are the same on every run. One file is never the class's failure: whatever its bytes (NUL bytes, which the C
tokenizer refuses, lines of megabytes, code no tokenizer reads), it is read by the next reader that can, and a
file none can read is left out alone; a NUL byte must not hide a copied pair.
"""

from __future__ import annotations

import builtins
import io
import json
import keyword
import os
import sys
import tokenize


def _code(path: str) -> str | None:
    """The code the grader ran: a .py file, or a notebook's graded cells (read like the grader reads it)."""
    from autograder.errors import KitError
    from autograder.submission import load_submission

    try:
        submission = load_submission(path)
        return "\n\n".join(str(cell["source"]) for cell in submission.cells)
    except (KitError, Exception):  # noqa: BLE001 - a file that cannot be read is left out, alone
        return None


_JOB: dict = {}  # what each tokenising process needs (set before the pool forks)


# Tokens whose text stays in the filtered code: the language's words and the names every file shares.
_KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins)) | {"self", "cls"}
_DROPPED = frozenset(
    {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
)


def _c_tokenizer():
    """CPython 3.11's C tokenizer, or None: 3.11's `tokenize` is pure Python (four times slower, and the one cost of
    the comparison that grows with the class), and its C tokenizer is reachable only through the private
    `_tokenize` module; from 3.12 on `tokenize` uses the C tokenizer itself. tests/unit/test_similarity_filter.py
    checks that both give the same form."""
    if sys.version_info[:2] != (3, 11):
        return None
    try:
        from _tokenize import TokenizerIter
    except ImportError:
        return None
    return TokenizerIter


_C_TOKENIZER = _c_tokenizer()


def _tokens(code: str, fast: bool = True):
    """(type, text, line where it starts) of each token of `code`."""
    if fast and _C_TOKENIZER is not None:
        for text, kind, line, *_where in _C_TOKENIZER(code):
            yield kind, text, line
    else:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            yield tok.type, tok.string, tok.start[0]


def filtered(code: str, fast: bool = True) -> str:
    """copydetect's filtered form of Python code: names become V (F after `def`, O after `class`), strings S, and
    layout and comments go; keywords, builtins, numbers and operators stay.

    copydetect makes this form with pygments' lexer, the one cost of the class report that grows with the class
    (5 to 10 ms a file, as much as grading it); Python's own tokenizer gives the same form in a fourth of the time,
    its C tokenizer in a fifteenth.
    Code it cannot read (an unclosed bracket) goes through copydetect's own filter instead; code the C tokenizer
    refuses (a NUL byte) through the public `tokenize` first. `fast`: False reads through the public `tokenize` even
    where the C tokenizer is at hand (the tests compare the two)."""
    if fast and _C_TOKENIZER is not None:
        try:
            return _filtered(code, True)
        except ValueError:  # "embedded null character": the pure-Python tokenizer reads it
            pass
    return _filtered(code, False)


def _filtered(code: str, fast: bool, lines: list | None = None) -> str:
    """`lines`, when given, gets the source line of each character of the filtered form (none for copydetect's own
    filter: its form has no lines to go back to)."""
    out: list[str] = []
    before = ""  # the text of the previous significant token
    try:
        for kind, text, line in _tokens(code, fast):
            if kind in _DROPPED:
                continue
            if kind == tokenize.NAME:
                if before == "def":
                    piece = "F"
                elif before == "class":
                    piece = "O"
                elif before != "." and text in _KEPT_NAMES:
                    piece = text
                else:
                    piece = "V"
            elif kind == tokenize.STRING:
                piece = "S"
            else:
                piece = text
            out.append(piece)
            if lines is not None:
                lines.extend([line] * len(piece))
            before = text
    except (tokenize.TokenError, SyntaxError):  # IndentationError is a SyntaxError
        from copydetect.utils import filter_code

        if lines is not None:
            lines.clear()
        return filter_code(code.replace("\x00", " "), "submission.py", "python")[0]
    return "".join(out)


def filtered_lines(code: str) -> tuple[str, list]:
    """The filtered form (as `filtered` gives it) and the source line of each of its characters (empty when the
    code could be read by copydetect's filter only)."""
    lines: list = []
    if _C_TOKENIZER is not None:
        try:
            return _filtered(code, True, lines), lines
        except ValueError:
            lines.clear()
    return _filtered(code, False, lines), lines


class Print:
    """What copydetect's `compare_files` reads of a fingerprint, kept small: a class's prints stay in memory until
    its pairs are known, and copydetect's own (numpy integers in a set and in a dict of lists, the code and its
    offsets) take about 120 KiB a file, and cost as much to pickle between processes as to make.

    The hashes stay a set of plain numbers (every pair is screened by their intersection); where each one is in
    the code is kept as two arrays and turned back into copydetect's dict only for a pair that passes the screen."""

    __slots__ = ("k", "hashes", "_flat_hashes", "_flat_idx", "empty", "token_coverage", "length")

    def __init__(self, fp):
        import numpy as np

        self.k = fp.k
        self.hashes = {int(h) for h in fp.hashes}
        pairs = [(int(h), int(i)) for h, found in fp.hash_idx.items() for i in found]
        self._flat_hashes = np.array([h for h, _ in pairs], dtype=np.int64)
        self._flat_idx = np.array([i for _, i in pairs], dtype=np.int64)
        self.empty = not fp.filtered_code
        self.token_coverage = float(fp.token_coverage)
        self.length = len(fp.filtered_code)

    def without(self, common: set) -> Print:
        """This print with the fingerprints in `common` set aside, its coverage (what similarity is a share of)
        counted again over what is left: the student's own code."""
        import numpy as np

        clone = object.__new__(Print)
        clone.k, clone.empty, clone.length = self.k, self.empty, self.length
        clone.hashes = self.hashes - common
        keep = ~np.isin(self._flat_hashes, np.fromiter(common, dtype=np.int64, count=len(common)))
        clone._flat_hashes, clone._flat_idx = self._flat_hashes[keep], self._flat_idx[keep]
        covered = np.zeros(self.length, dtype=bool)
        for offset in range(self.k):
            covered[np.clip(clone._flat_idx + offset, 0, max(self.length - 1, 0))] = True
        clone.token_coverage = float(covered.sum()) if clone._flat_idx.size else 0.0
        return clone

    @property
    def hash_idx(self) -> dict:
        found: dict = {}
        for h, i in zip(self._flat_hashes.tolist(), self._flat_idx.tolist()):
            found.setdefault(h, []).append(i)
        return found

    def for_copydetect(self):
        """A stand-in for copydetect's CodeFingerprint with what `compare_files` reads."""
        import types

        return types.SimpleNamespace(
            k=self.k,
            hashes=self.hashes,
            hash_idx=self.hash_idx,
            filtered_code="" if self.empty else " ",  # compare_files asks only whether the code is empty
            token_coverage=self.token_coverage,
            offsets=(),  # nothing was filtered by copydetect itself: no offsets to map back
        )


def _fingerprint(item):
    """One text's fingerprint, the stub's fingerprints left out (None if too small, or if nothing reads it: that
    one file is left out, never the class)."""
    try:
        return _fingerprint_of(item)
    except Exception:  # noqa: BLE001 - one file's bytes never stop the comparison of the others
        return item[0], None


def _fingerprint_of(item):
    from copydetect import CodeFingerprint

    key, code = item
    fp = CodeFingerprint(
        f"{key}.py",
        _JOB["k"],
        _JOB["window"],
        boilerplate=_JOB["plate"],
        filter=False,  # already filtered, by `filtered`
        fp=io.StringIO(filtered(code)),
    )
    return key, Print(fp) if fp.token_coverage >= _JOB["min_tokens"] else None


def fingerprints(files: list, boilerplate: list, k: int, window: int, min_tokens: int, processes: int = 0) -> dict:
    """key -> fingerprint; tokenising is most of the time, so it is done once per distinct text (a
    class hands in many identical files: the unchanged reference, a shared copy) and spread over the cores (at
    most `processes`, when given: a batch that grades meanwhile asks for one, since its graders hold the cores
    and what crosses between processes would cost more than it spares)."""
    import multiprocessing

    import numpy as np
    from copydetect import CodeFingerprint

    plate = []
    for path in boilerplate:
        code = _code(path)
        if code:
            try:
                plate.extend(CodeFingerprint(f"{path}.py", k, 1, filter=False, fp=io.StringIO(filtered(code))).hashes)
            except Exception:  # noqa: BLE001 - the stub is the kit's; still, nothing here stops the comparison
                pass
    _JOB.update(
        k=k, window=window, min_tokens=min_tokens, plate=np.unique(np.array(plate, dtype=np.int64)) if plate else None
    )
    owners: dict = {}  # text -> the keys of the files that hold it
    for key, path in files:
        code = _code(path)
        if code is not None:
            owners.setdefault(code, []).append(key)
    texts = [(keys[0], code) for code, keys in owners.items()]
    jobs = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4)
    if processes:
        jobs = min(jobs, processes)
    if jobs > 1 and len(texts) > 40:
        # fork: the children share this process's hash seed, so their fingerprints match; nothing else runs here.
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_die_with, initargs=(os.getpid(),)) as pool:
            results = pool.map(_fingerprint, texts, chunksize=16)
    else:
        results = map(_fingerprint, texts)
    prints = {}
    for (_first, code), (_, fp) in zip(texts, results):
        if fp is not None:
            for key in owners[code]:
                prints[key] = fp
    return prints


def without_common(prints: dict, share: float, floor: int, min_tokens: int) -> dict:
    """The prints with every fingerprint found in more than max(floor, share × files) of the files set aside, as MOSS
    sets aside passages found in many programs: a starting file the class shares (handed out, or passed around) is
    no sign that two students copied each other, and would otherwise join every variant of it into one group.
    A file with less than `min_tokens` of code left is no longer compared."""
    from collections import Counter

    counts: Counter = Counter()
    for fp in prints.values():  # per file: identical files hand in the same print, and each counts
        counts.update(fp.hashes)
    limit = max(floor, share * len(prints))
    common = {h for h, n in counts.items() if n > limit}
    if not common:
        return prints
    trimmed: dict = {}
    out = {}
    for key, fp in prints.items():
        if id(fp) not in trimmed:
            trimmed[id(fp)] = fp.without(common)
        if trimmed[id(fp)].token_coverage >= min_tokens:
            out[key] = trimmed[id(fp)]
    return out


def pair_views(pairs: list, prints: dict, paths: dict, most: int, max_lines: int, max_chars: int) -> list:
    """The strongest `most` pairs side by side: each file's code (its first `max_lines` lines, at most `max_chars`)
    and the line ranges copydetect found in the other, as [first, last] (1-based)."""
    from copydetect import compare_files

    views = []
    different = [p for p in pairs if prints[p[0]] is not prints[p[1]]]  # one text twice: nothing to set side by side
    for a, b, s1, s2 in sorted(different, key=lambda p: (-min(p[2], p[3]), p[0], p[1]))[:most]:
        _overlap, _similarity, (slices_a, slices_b) = compare_files(
            prints[a].for_copydetect(), prints[b].for_copydetect()
        )
        view = {"a": a, "b": b, "similarity_a": s1, "similarity_b": s2}
        for side, key, slices in (("a", a, slices_a), ("b", b, slices_b)):
            code = _code(paths[key]) or ""
            _form, line_of = filtered_lines(code)
            marks = []
            for start, end in zip(*(slices.tolist() if len(slices) else ([], []))):
                if line_of and 0 <= start < end <= len(line_of):
                    first, last = line_of[int(start)], line_of[int(end) - 1]
                    if marks and first <= marks[-1][1] + 1:
                        marks[-1][1] = max(marks[-1][1], last)
                    else:
                        marks.append([first, last])
            shown = code[:max_chars].splitlines()[:max_lines]
            view[f"code_{side}"] = "\n".join(shown)
            view[f"cut_{side}"] = len(code.splitlines()) > len(shown) or len(code) > max_chars
            view[f"marks_{side}"] = marks
        views.append(view)
    return views


def near_pairs(prints: dict, near: float) -> list:
    """The pairs (with copydetect's similarity of each side) that join the files into near-identical groups.

    Only groups matter, so a pair already joined through others is not compared again: a class where a hundred
    files are one copy costs about a hundred comparisons, not five thousand. A cheap count of shared
    fingerprints (set intersection) screens out pairs that cannot reach `near` before copydetect compares them.
    """
    from copydetect import compare_files

    keys = sorted(prints)
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    pairs = []
    for i, a in enumerate(keys):
        hashes_a = prints[a].hashes
        for b in keys[i + 1 :]:
            if root(a) == root(b):
                continue
            hashes_b = prints[b].hashes
            if len(hashes_a & hashes_b) < 0.5 * near * min(len(hashes_a), len(hashes_b)):
                continue  # far too little in common to reach `near` on both sides
            _overlap, (s1, s2), _slices = compare_files(prints[a].for_copydetect(), prints[b].for_copydetect())
            if s1 >= near and s2 >= near:
                parent[root(a)] = root(b)
                pairs.append([a, b, round(float(s1), 4), round(float(s2), 4)])
    return pairs


def _without_plotting() -> None:
    """copydetect imports matplotlib.pyplot at its top for its own HTML report, which this process never draws:
    a placeholder module spares over a second of imports per class report. This process does nothing else."""
    import types

    for name in ("matplotlib", "matplotlib.pyplot"):
        sys.modules.setdefault(name, types.ModuleType(name))
    sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]


def _die_with(parent: int) -> bool:
    """End with `parent` (this process with the batch or report that started it, a tokenising process with this
    one): a batch killed while it grades leaves no comparison running. False when the parent is gone already."""
    import signal

    from autograder.sandbox.linux import die_with_parent

    return die_with_parent(signal.SIGKILL, parent)


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space (and its tokenising children's) before any file is read."""
    try:
        import resource
    except ImportError:  # not a POSIX system: the deadline still holds
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def main(argv: list) -> int:
    """Arguments: the memory limit, the parent's pid and the descriptor of the request (files, boilerplate,
    sizes). The files are fingerprinted at once, at low priority (a batch starts this process while it grades);
    then one line on stdin, {"keys": [...]}, names the files whose pairs are wanted (all of them when it never
    comes); the code most of them share is set aside, and the pairs among them, with the strongest pairs' code side
    by side, go to stdout."""
    memory_bytes, parent, request_file = argv
    limit_memory(int(memory_bytes))
    if not _die_with(int(parent)):
        return 0  # the batch that wanted the pairs is gone already
    try:
        os.nice(10)  # grading comes first; this runs on the time it leaves
    except OSError:
        pass
    _without_plotting()
    with open(int(request_file), encoding="utf-8") as handle:  # a descriptor of a file without a name
        request = json.load(handle)
    prints = fingerprints(
        request["files"],
        request["boilerplate"],
        int(request["k"]),
        int(request["window"]),
        int(request["min_tokens"]),
        int(request.get("processes", 0)),
    )
    wanted = sys.stdin.readline()
    if wanted.strip():
        keys = {str(key) for key in json.loads(wanted)["keys"]}
        prints = {key: fp for key, fp in prints.items() if key in keys}
    prints = without_common(
        prints, float(request.get("common_share", 1.0)), int(request.get("common_floor", 0)), int(request["min_tokens"])
    )
    pairs = near_pairs(prints, float(request["near"]))
    paths = {str(key): path for key, path in request["files"]}
    views = pair_views(
        pairs,
        prints,
        paths,
        int(request.get("views", 0)),
        int(request.get("view_lines", 300)),
        int(request.get("view_chars", 40000)),
    )
    json.dump({"pairs": pairs, "views": views}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
