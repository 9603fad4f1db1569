"""The answer channel between the grader and a student process: what the student cannot drive.

A request is written without ever blocking (a student that stops reading times out), answers are matched
by ids the student cannot predict, nothing left over after an answer answers the next request, and every
field of a frame is checked before the grader uses it.
"""

from __future__ import annotations

import textwrap
import time

import numpy as np
import pytest

from autograder.sandbox import wire
from autograder.sandbox.process import StudentProcess, Zygote


@pytest.fixture(scope="module")
def zygote():
    z = Zygote().start()
    yield z
    z.cleanup()


@pytest.fixture(scope="module")
def limits(fast_course):
    return fast_course.assignment("a1_encoding").limits


def start(zygote, limits, source: str) -> StudentProcess:
    process = StudentProcess(zygote, [{"index": 0, "source": textwrap.dedent(source)}], "py", limits, ())
    report = process.start(10)
    assert report.get("ready"), report
    return process


STALLS = """
    import os, time
    _real_read = os.read
    _armed = []
    def _stalled(fd, n):
        if fd == 0 and _armed:
            while True:
                time.sleep(3600)
        return _real_read(fd, n)
    os.read = _stalled
    def stall():
        _armed.append(True)
        return 1
    def echo(x):
        return x
"""


def test_a_request_to_a_student_that_stopped_reading_times_out(zygote, limits):
    process = start(zygote, limits, STALLS)
    try:
        assert process.call("stall", [], {}, 5).value == 1
        big = np.zeros(1_000_000)  # 8 MB: far more than a pipe holds
        started = time.monotonic()
        result = process.call("echo", [big], {}, 2)
        took = time.monotonic() - started
        assert result.failure == "timeout" and took < 4, (result, took)
        assert "did not read its request" in result.error_message
    finally:
        process.kill()


def test_request_ids_are_unpredictable_and_answers_must_carry_them(zygote, limits):
    process = start(zygote, limits, "def f(x):\n    return x + 1\n")
    try:
        ids = set()
        for i in range(5):
            assert process.call("f", [i], {}, 5).value == i + 1
            ids.add(process.seq)
        assert len(ids) == 5 and all(isinstance(s, str) and len(s) == 24 for s in ids)
    finally:
        process.kill()


def test_bytes_left_over_after_an_answer_answer_nothing(zygote, limits):
    """The student writes a well-formed frame for every id it could guess right after its answer; the next call
    still gets its own answer."""
    source = """
        import json, os, struct, sys, threading, time
        def f(x):
            seq = sys._getframe(1).f_locals["header"]["seq"]
            def later():
                time.sleep(0.05)
                raw = json.dumps({"ok": True, "value": 999, "forbidden": [], "seq": seq, "nblobs": 0}).encode()
                os.write(3, struct.pack(">I", len(raw)) + raw)  # a second answer to the call already answered
            threading.Thread(target=later).start()
            return x
        def g(x):
            time.sleep(0.2)
            return x * 2
    """
    process = start(zygote, limits, source)
    try:
        assert process.call("f", [1], {}, 5).value == 1
        time.sleep(0.1)  # the stray frame is in the pipe before the next request
        assert process.call("g", [21], {}, 5).value == 42
    finally:
        process.kill()


@pytest.mark.parametrize(
    "frame",
    [
        {"ready": True, "names": ["f"], "notes": ["a string, not a note"]},
        {"ready": True, "names": [1, 2], "notes": []},
        {"ready": True, "names": ["f"], "notes": [{"kind": "syntax", "line": "ten"}]},
        {"ready": "yes"},
        ["not", "a", "dict"],
    ],
)
def test_a_malformed_load_report_is_a_protocol_error(frame):
    with pytest.raises(wire.WireError):
        wire.check_ready(frame)


@pytest.mark.parametrize(
    "frame",
    [
        {"ok": "true", "value": 1},
        {"ok": True, "value": 1, "warnings": "overflow"},
        {"ok": True, "value": 1, "forbidden": [3]},
        {"ok": False, "error": "boom"},
        {"ok": False, "error": {"type": 3}},
        {"ok": True, "value": 1, "args_after": {"0": 1}},
    ],
)
def test_a_malformed_answer_is_a_protocol_error(frame):
    with pytest.raises(wire.WireError):
        wire.check_answer(frame)


def test_well_formed_frames_pass_checked():
    assert wire.check_ready(
        {
            "ready": True,
            "names": ["f"],
            "notes": [{"kind": "error", "where": "<submission> line 3", "line": 3, "message": "NameError"}],
            "forbidden": [],
        }
    )["names"] == ["f"]
    assert (
        wire.check_answer({"ok": False, "error": {"type": "ValueError", "message": "no", "where": ""}})["error"]["type"]
        == "ValueError"
    )
