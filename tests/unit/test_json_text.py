"""results.json's layout: what json.loads reads back is what was written, one test per line, and nothing that is
not strict JSON (no NaN) gets written."""

from __future__ import annotations

import json

import pytest

from autograder.atomic import json_text


def test_reads_back_as_written_with_each_test_on_its_line():
    data = {
        "score": 12.5,
        "tests": [{"name": "softmax: √2 — 機率", "extra_data": {"messages": [], "x": None}}, {"name": "b"}],
        "extra_data": {"kit": {"notes": ["a", "b"], "empty": {}}, "list": []},
        "empty": [],
    }
    text = json_text(data)
    assert json.loads(text) == data
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and text.endswith("\n")
    assert '  {"name": "softmax: √2 — 機率", "extra_data": {"messages": [], "x": null}},' in lines
    assert ' "empty": []' in lines


def test_not_strict_json_is_refused():
    with pytest.raises(ValueError):
        json_text({"score": float("nan")})
    with pytest.raises(ValueError):
        json_text({"tests": [{"score": float("inf")}]})
