"""The wire on its own: frames and values as the student side writes them, and what the trusted side makes of
well-formed, malformed, truncated and oversized ones. Nothing here starts a process: frames go through a pipe
or a buffer, values through `codec.encode` and `wire.decode`."""

from __future__ import annotations

import json
import math
import os
import struct
from types import SimpleNamespace

import numpy as np
import pytest

from autograder.checker.symbolic.tree import InvalidTree, SympyTree
from autograder.sandbox import codec, wire
from autograder.sandbox.process import MAX_HEADER, StudentProcess

# What the trusted side's call turns into a protocol failure of this submission (process.py, StudentProcess.call).
PROTOCOL_ERRORS = (wire.WireError, IndexError, KeyError, TypeError, ValueError, AttributeError)


def round_trip(value):
    blobs: list = []
    encoded = codec.encode(value, blobs)
    json.dumps(encoded, allow_nan=False)  # the header is strict JSON: nan and inf travel as text
    return wire.decode(json.loads(json.dumps(encoded)), blobs)


def parse(data: bytes):
    """The trusted side's frame parser over a buffer, as it reads the student's answer pipe."""
    state = SimpleNamespace(buffer=bytearray(data))
    return StudentProcess._parse_frame(state), bytes(state.buffer)


def raw_frame(header_bytes: bytes, blobs=()) -> bytes:
    parts = [struct.pack(">I", len(header_bytes)), header_bytes]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    return b"".join(parts)


# ---- values: what the student side sends, decoded on the trusted side ---------------------------------
@pytest.mark.parametrize(
    "value", [None, True, 0, -7, 0.25, "softmax", "", 2**60, -(2**200), (1, [2.5, "a"]), {"a": 1, (1, 2): [None]}]
)
def test_plain_values_come_back_equal_and_of_the_same_type(value):
    back = round_trip(value)
    assert back == value and type(back) is type(value)


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_infinities_travel_as_text_and_come_back(value):
    assert round_trip(value) == value


def test_nan_comes_back_as_nan():
    assert math.isnan(round_trip(float("nan")))


@pytest.mark.parametrize("dtype", ["<f8", ">f8", "<f4", "<f2", "|i1", "<i2", "<u4", ">i8", "|b1", "<c16"])
def test_arrays_of_every_numeric_dtype_come_back_exactly(dtype):
    original = (np.arange(12).reshape(3, 4) % 2).astype(dtype)
    back = round_trip(original)
    assert back.dtype == np.dtype(dtype) and back.shape == (3, 4) and np.array_equal(back, original)
    assert back.flags.writeable and back.flags.owndata  # a copy, not a view of the pipe's bytes


def test_nan_and_inf_inside_an_array_survive():
    back = round_trip(np.array([np.nan, np.inf, -np.inf, 1.0]))
    assert np.isnan(back[0]) and back[1] == np.inf and back[2] == -np.inf and back[3] == 1.0


@pytest.mark.parametrize("original", [np.zeros((0, 3)), np.array(2.5), np.ones((2, 3)).T, np.arange(10)[::3]])
def test_empty_scalar_and_non_contiguous_arrays(original):
    back = round_trip(original)
    assert back.shape == original.shape and np.array_equal(back, original)


def test_an_array_subclass_arrives_as_a_plain_array():
    back = round_trip(np.ma.masked_array([1.0, 2.0], mask=[True, False]))
    assert type(back) is np.ndarray and back.tolist() == [1.0, 2.0]


def test_numpy_scalars_arrive_as_python_numbers():
    assert type(round_trip(np.float32(1.5))) is float and type(round_trip(np.int64(3))) is int


@pytest.mark.parametrize(
    "value, type_name",
    [
        (1 + 2j, "complex"),
        (np.array(["a", "b"]), "ndarray of dtype <U1"),
        (np.array([object()]), "ndarray of dtype object"),
        (object(), "object"),
        (list(range(100_001)), "list"),
    ],
)
def test_what_is_not_data_arrives_as_a_description_only(value, type_name):
    back = round_trip(value)
    assert isinstance(back, wire.Opaque) and back.type_name == type_name


def test_a_student_object_cannot_run_code_on_the_trusted_side():
    class Hostile:
        def __repr__(self):
            raise SystemExit("repr ran")

        def __eq__(self, other):
            raise SystemExit("eq ran")

    back = round_trip(Hostile())
    assert isinstance(back, wire.Opaque) and back.type_name == "Hostile" and "Hostile object at" in back.description


def test_a_sympy_expression_arrives_as_a_checked_tree_not_an_object():
    sympy = pytest.importorskip("sympy")
    z = sympy.Symbol("z1")
    back = round_trip(sympy.exp(z) / (1 + sympy.exp(z)))
    assert isinstance(back, SympyTree) and not isinstance(back, sympy.Basic)


def test_a_named_function_travels_by_name():
    encoded, blobs = wire.encode_args([wire.NamedFunction("weighted_squares", {"weights": np.array([1.0, 2.0])})])
    assert encoded == [{"t": "fn", "name": "weighted_squares", "params": {"weights": [1.0, 2.0]}}] and blobs == []
    rebuilt = codec.decode(encoded[0], blobs)  # the student side builds it from the name
    assert rebuilt(np.array([1.0, 1.0])) == 3.0


# ---- values a hostile student side may send instead -----------------------------------------------------
def nd(dtype="<f8", shape=(2,), b=0, **extra) -> dict:
    return {"t": "nd", "dtype": dtype, "shape": list(shape) if isinstance(shape, tuple) else shape, "b": b, **extra}


@pytest.mark.parametrize("dtype", ["|O", "O", "<U1", "|S4", "|V8", "<M8[s]", "<m8", "<i3", "<f8,<i4", None, 8, "<f8 "])
def test_arrays_must_have_a_numeric_dtype(dtype):
    with pytest.raises(wire.WireError, match="numeric"):
        wire.decode(nd(dtype=dtype), [b"\0" * 16])


@pytest.mark.parametrize("shape", [[-1], [2.0], [True, 2], "2", None, [1] * 33, [[2]]])
def test_a_malformed_shape_is_refused(shape):
    with pytest.raises(wire.WireError, match="shape"):
        wire.decode(nd(shape=shape), [b"\0" * 16])


def test_a_huge_declared_shape_is_refused_before_anything_is_allocated():
    with pytest.raises(wire.WireError, match="too large"):
        wire.decode(nd(shape=(10**9, 10**9)), [b""])
    with pytest.raises(wire.WireError, match="too large"):
        wire.decode(nd(dtype="|u1", shape=(codec.MAX_ELEMENTS + 1,)), [b""])


@pytest.mark.parametrize("shape, blob", [((2,), b"\0" * 15), ((2,), b"\0" * 17), ((0,), b"\0" * 8), ((3, 0), b"\0")])
def test_data_that_does_not_match_its_shape_is_refused(shape, blob):
    with pytest.raises(wire.WireError, match="does not match"):
        wire.decode(nd(shape=shape), [blob])


@pytest.mark.parametrize("index", [1, -1, True, "0", None, 0.0])
def test_a_reference_to_a_blob_that_is_not_there_is_refused(index):
    with pytest.raises(wire.WireError, match="reference"):
        wire.decode(nd(b=index), [b"\0" * 16])


@pytest.mark.parametrize(
    "value, message",
    [
        ({"t": "float", "v": "1e400"}, "bad float"),
        ({"t": "float", "v": "0.5"}, "bad float"),  # plain floats travel as JSON numbers, only nan/inf as text
        ({"t": "int", "v": "12a"}, "bad integer"),
        ({"t": "int", "v": "1" * 4001}, "bad integer"),  # no int() of a million digits on the trusted side
        ({"t": "int", "v": "0x10"}, "bad integer"),
        ({"t": "exec", "v": "import os"}, "unknown value kind"),
        ({"v": 1}, "unknown value kind"),
        ([1, 2], "unexpected list"),
        ("raw text", "unexpected str"),
    ],
)
def test_malformed_values_are_wire_errors(value, message):
    with pytest.raises(wire.WireError, match=message):
        wire.decode(value, [])


def test_deep_nesting_is_refused_without_recursing_without_end():
    value: object = 1
    for _ in range(70):
        value = {"t": "list", "v": [value]}
    with pytest.raises(wire.WireError, match="nested too deeply"):
        wire.decode(value, [])


@pytest.mark.parametrize(
    "value",
    [
        {"t": "list", "v": 5},
        {"t": "dict", "v": [[1]]},
        {"t": "dict", "v": 3},
        nd(dtype="<f8\n"),  # a dtype with a trailing newline is not a numeric dtype
    ],
)
def test_a_malformed_container_is_a_protocol_error_not_a_crash(value):
    with pytest.raises(PROTOCOL_ERRORS):
        wire.decode(value, [b"\0" * 16])


def test_long_text_and_descriptions_are_capped():
    assert len(wire.decode({"t": "str", "v": "x" * 200_000}, [])) == 100_000
    opaque = wire.decode({"t": "opaque", "type": "T" * 500, "repr": "r" * 500}, [])
    assert (len(opaque.type_name), len(opaque.description)) == (80, 200)


def test_an_unhashable_dict_key_is_kept_as_its_text():
    back = wire.decode({"t": "dict", "v": [[{"t": "list", "v": [1]}, 2]]}, [])
    assert back == {"[1]": 2}


def test_a_malformed_sympy_tree_arrives_as_a_refusal():
    assert isinstance(wire.decode({"t": "sym", "v": ["__import__", "os"]}, []), InvalidTree)


# ---- frames --------------------------------------------------------------------------------------------
def test_a_frame_round_trips_through_a_pipe():
    read_end, write_end = os.pipe()
    try:
        codec.write_frame(write_end, {"ok": True, "seq": "7"}, [b"abc", b""])
        header, blobs = codec.read_frame(read_end)
    finally:
        os.close(read_end)
        os.close(write_end)
    assert header == {"ok": True, "seq": "7", "nblobs": 2} and blobs == [b"abc", b""]


def test_a_frame_header_refuses_nan():
    with pytest.raises(ValueError):
        codec.frame_bytes({"value": float("nan")})


@pytest.mark.parametrize("cut", [2, 4 + 3, -1])
def test_the_student_side_refuses_a_truncated_frame(cut):
    data = codec.frame_bytes({"op": "call"}, [b"12345678"])[:cut]
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, data)
        os.close(write_end)
        with pytest.raises(EOFError):
            codec.read_frame(read_end)
    finally:
        os.close(read_end)


def test_the_student_side_refuses_a_huge_declared_blob():
    data = raw_frame(json.dumps({"nblobs": 1}).encode()) + struct.pack(">Q", codec.MAX_FRAME + 1)
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, data)
        with pytest.raises(ValueError, match="too large"):
            codec.read_frame(read_end)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_the_trusted_side_parses_one_frame_and_keeps_what_follows():
    first = codec.frame_bytes({"seq": "1", "ok": True}, [b"\x01\x02"])
    second = codec.frame_bytes({"seq": "2"})
    frame, rest = parse(first + second)
    assert frame == ({"seq": "1", "ok": True, "nblobs": 1}, [b"\x01\x02"]) and rest == second


def test_the_trusted_side_waits_for_the_rest_of_a_truncated_frame():
    whole = codec.frame_bytes({"seq": "1"}, [b"x" * 100])
    for cut in (0, 3, 4, 10, len(whole) - 101, len(whole) - 1):
        frame, rest = parse(whole[:cut])
        assert frame is None and rest == whole[:cut], cut  # nothing consumed: more bytes may come
    assert parse(whole)[0] is not None


@pytest.mark.parametrize(
    "data",
    [
        struct.pack(">I", MAX_HEADER + 1),  # a huge declared header, before it arrives
        raw_frame(json.dumps({"nblobs": 1}).encode()) + struct.pack(">Q", codec.MAX_ELEMENTS * 16 + 1),  # a huge blob
        raw_frame(b"{not json"),
        raw_frame(b"\xff\xfe"),
        raw_frame(b"[" * 100_000 + b"]" * 100_000),  # nesting that would exhaust the stack
        raw_frame(b'{"v": 1' + b"0" * 5000 + b"}"),  # an integer of 5000 digits
        raw_frame(json.dumps({"nblobs": -1}).encode()),
        raw_frame(json.dumps({"nblobs": 10_001}).encode()),
        raw_frame(json.dumps({"nblobs": "2"}).encode()),
        raw_frame(json.dumps({"nblobs": 1.0}).encode()),
        raw_frame(json.dumps([1, 2]).encode()),
    ],
)
def test_the_trusted_side_calls_a_malformed_or_oversized_frame_bad(data):
    assert parse(data)[0] == "bad"


# ---- the header of an answer, field by field ----------------------------------------------------------------
def test_an_answer_is_capped_field_by_field():
    answer = wire.check_answer({"ok": True, "value": 1, "warnings": ["w" * 500] * 10, "forbidden": ["torch"] * 50})
    assert len(answer["warnings"]) == 3 and len(answer["warnings"][0]) == 200 and len(answer["forbidden"]) == 20
    error = wire.check_answer({"ok": False, "error": {"type": "E" * 500, "message": "m" * 5000}})["error"]
    assert (len(error["type"]), len(error["message"]), error["where"]) == (100, 2000, "")


def test_an_unreadable_value_is_reported_not_decoded():
    answer = wire.check_answer({"ok": True, "value": {"t": "nd"}, "unreadable": "generator"})
    assert answer["unreadable"] == "generator" and "value" not in answer


@pytest.mark.parametrize("line", [True, -1, 10**9, 3.0, "3"])
def test_a_note_line_must_be_a_line_number(line):
    with pytest.raises(wire.WireError, match="line"):
        wire.check_ready({"ready": True, "notes": [{"kind": "error", "line": line}]})


def test_a_load_report_that_is_not_ready_keeps_only_its_reason():
    report = wire.check_ready({"ready": False, "setup_error": "x" * 1000, "names": [1]})
    assert report == {"ready": False, "setup_error": "x" * 500}


def test_a_load_report_is_capped():
    report = wire.check_ready({"ready": True, "names": ["f"] * 1000, "notes": [{"kind": "exit"}] * 100})
    assert len(report["names"]) == 500 and len(report["notes"]) == 50 and report["notes"][0]["line"] is None


def test_text_from_the_student_is_always_text_a_file_can_hold():
    """A lone surrogate travels in JSON ("\\ud800") and no UTF-8 file can hold it: written as it came, one student's
    exception would stop results.json, its page and the whole batch. It arrives as U+FFFD; a pair stays its
    character."""
    error = wire.check_answer({"ok": False, "error": {"type": "ValueError", "message": "a\ud800b\x00\x1b[2J"}})["error"]
    assert error["message"] == "a\ufffdb\x00\x1b[2J"
    error["message"].encode("utf-8")
    assert round_trip("x\udfff") == "x\ufffd" and round_trip("\U0001f600") == "\U0001f600"
    ready = wire.check_ready({"ready": True, "names": ["f\ud800"], "notes": [{"kind": "error", "message": "\udc80"}]})
    assert ready["names"] == ["f\ufffd"] and ready["notes"][0]["message"] == "\ufffd"
    assert wire.decode({"t": "opaque", "type": "T\ud800", "repr": "\ud800"}, []).description == "\ufffd"
