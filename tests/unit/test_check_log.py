"""The shared check log: what a grading process appends is what its supervisor reads back, a half-written record
never counts, a record too large is refused (and goes as a message), and what is not data is skipped."""

from __future__ import annotations

import json
import struct

import pytest

from autograder.grading.check_log import _HEADER, SIZE, CheckLog


@pytest.fixture
def log():
    made = CheckLog.create()
    if made is None:
        pytest.fail("no memfd on this machine: the kit's Linux build expects one")
    yield made
    made.close()


def test_what_is_appended_is_read_back_in_order_and_cleared_per_submission(log):
    events = [
        {
            "index": i,
            "passed": i % 2 == 0,
            "fraction": 0.5,
            "output": f"check {i} — 第{i}",
            "forbidden": {"softmax": ["scipy"]},
        }
        for i in range(30)
    ]
    for event in events:
        assert log.append(event)
    assert log.events() == events
    log.clear()
    assert log.events() == []
    assert log.append(events[3]) and log.events() == [events[3]]


def test_a_record_whose_count_was_not_written_does_not_count(log):
    """A grading process killed in the middle of an append: the count is written last."""
    assert log.append({"index": 0, "passed": True})
    (used,) = struct.unpack_from("<Q", log.memory, 0)
    data = json.dumps({"index": 1, "passed": True}).encode()
    at = _HEADER + used  # the records start after the count and the seconds the machine took
    struct.pack_into("<I", log.memory, at, len(data))
    log.memory[at + 4 : at + 4 + len(data)] = data  # the record, but not the new count
    assert log.events() == [{"index": 0, "passed": True}]


def test_too_large_or_not_data_is_refused_and_garbage_is_skipped(log):
    assert not log.append({"output": "x" * SIZE})
    assert not log.append({"value": object()})
    assert not log.append({"fraction": float("nan")})
    assert log.events() == []
    struct.pack_into("<Q", log.memory, 0, 4 + 5)
    struct.pack_into("<I", log.memory, _HEADER, 5)
    log.memory[_HEADER + 4 : _HEADER + 9] = b"[1,2]"  # a record that is JSON but not an object
    assert log.events() == []
    struct.pack_into("<Q", log.memory, 0, SIZE * 4)  # a count beyond the memory
    assert log.events() == []


@pytest.mark.parametrize(
    "event",
    [
        {"passed": True},
        {"index": True, "passed": True},
        {"index": 1, "passed": 1},
        {"index": 1, "passed": True, "fraction": "1"},
        {"index": 1, "passed": True, "fraction": 2.0},
        {"index": 1, "passed": True, "duration": "slow"},
        {"index": 1, "passed": True, "output": ["x"]},
        {"index": 1, "passed": True, "misconception": 3},
        {"index": 1, "passed": True, "forbidden": "scipy"},
        {"index": 1, "passed": True, "forbidden": {"softmax": "scipy"}},
    ],
)
def test_an_event_not_shaped_as_the_grading_process_writes_it_is_not_read(log, event):
    """At level none a student could write here: nothing it writes may stop the supervisor's scoring."""
    assert log.append(event)
    assert log.append({"index": 0, "passed": False})
    assert log.events() == [{"index": 0, "passed": False}]
