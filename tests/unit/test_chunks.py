"""A cluster's tasks grade several submissions each while much is left (Dask's cost is per task), one each near the
end; a submission whose task took down workers goes alone; the worker parses exactly what the parent would have;
a result crosses as a packed Results that says who it is."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from autograder.batch.cluster import CHUNK, TAIL_CHUNKS, DaskPool
from autograder.batch.layouts import Entry
from autograder.batch.runner import _Item, _take_chunk
from autograder.batch.worker_side import Packed, RawSubmission, unpacked
from autograder.errors import KitError
from autograder.submission import load_submission

pytestmark = pytest.mark.unit


def pool_of(threads: int) -> DaskPool:
    sized = type("Sized", (DaskPool,), {"threads": threads})  # only the sizing: no client, no cluster
    return sized.__new__(sized)


def test_tasks_are_full_while_much_is_left_and_single_at_the_end():
    pool = pool_of(4)
    assert pool.chunk(10_000) == CHUNK
    assert pool.chunk(TAIL_CHUNKS * 4 * 3) == 3
    assert pool.chunk(TAIL_CHUNKS * 4 - 1) == 1
    assert pool.chunk(1) == 1
    assert pool_of(0).chunk(5) == 1  # no usable thread yet: never zero


def items(folder: Path, count: int) -> deque:
    folder.mkdir(exist_ok=True)
    found = deque()
    for i in range(count):
        path = folder / f"s{i}.py"
        path.write_text(f"x = {i}\n", encoding="utf-8")
        found.append(_Item(Entry(f"s{i}", path, "files", within=folder), sha=""))
    return found


class Writes:
    def __init__(self):
        self.errors = []

    def __call__(self, item, status, method, entry, message, sha):
        self.errors.append((entry.student, status))


class FakeBatch:
    write_error = "write_error"


def test_a_chunk_reads_the_bytes_and_stops_at_what_goes_alone_or_here(tmp_path):
    pending = items(tmp_path / "subs", 6)
    pending[2].alone = True
    pending[5].here = True
    write = Writes()
    first = _take_chunk(pending, 8, FakeBatch, write)
    assert [i.entry.student for i in first] == ["s0", "s1"]
    assert all(isinstance(i.submission, RawSubmission) for i in first)
    assert [i.entry.student for i in _take_chunk(pending, 8, FakeBatch, write)] == ["s2"]  # alone
    assert [i.entry.student for i in _take_chunk(pending, 8, FakeBatch, write)] == ["s3", "s4"]
    assert _take_chunk(pending, 8, FakeBatch, write) == [] and pending[0].entry.student == "s5"  # graded here
    assert write.errors == []


def test_a_file_gone_before_its_chunk_is_an_error_result_and_the_rest_go(tmp_path):
    pending = items(tmp_path / "subs", 3)
    pending[1].entry.path.unlink()
    write = Writes()
    chunk = _take_chunk(pending, 8, FakeBatch, write)
    assert [i.entry.student for i in chunk] == ["s0", "s2"]
    assert write.errors == [("s1", "error")]


def test_the_worker_parses_what_the_parent_would_have(tmp_path):
    path = tmp_path / "s.py"
    path.write_text("import numpy as np\n\ndef f(x):\n    return x\n", encoding="utf-8")
    raw = RawSubmission(path.name, path.read_bytes())
    parsed, loaded = raw.parse(), load_submission(path, within=tmp_path)
    assert parsed.path.name == loaded.path.name  # only the name travels: the worker may not see the file
    assert (parsed.kind, parsed.cells, parsed.notes, parsed.sha256) == (
        loaded.kind,
        loaded.cells,
        loaded.notes,
        loaded.sha256,
    )
    assert parsed.student_default == loaded.student_default
    broken = RawSubmission("s.ipynb", b"{not json")
    with pytest.raises(KitError):
        broken.parse()


def a_result(student: str = "ada", graders: str = "g" * 64):
    from autograder.grading.results import error_results
    from autograder.grading.results_model import KitData, Results

    kit = KitData(assignment="a1_encoding", student=student, graders_sha256=graders)
    return Results.from_json(error_results("cannot read submission x.py", kit=kit))


def test_a_packed_result_says_who_it_is_and_unpacks_to_the_same_result():
    results = a_result()
    packed = Packed.of(results)
    assert (packed.kit_data.student, packed.kit_data.assignment, packed.kit_data.graders_sha256) == (
        "ada",
        "a1_encoding",
        "g" * 64,
    )
    assert packed.load() == results and unpacked(packed) == results and unpacked(results) is results


def test_a_packed_result_that_is_not_what_it_says_is_refused():
    packed = Packed.of(a_result("ada"))
    forged = Packed(Packed.of(a_result("bob")).blob, packed.kit_data)  # says ada, holds bob's result
    with pytest.raises(KitError):
        forged.load()
