"""The results.json model: one declaration that the writer, the reader, the JSON Schema and docs/results.md agree on,
and a reader that never trusts what it reads."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from test_scoring import DUE, grade, outcome

from autograder.grading.results import build_results, error_results
from autograder.grading.results_model import (
    SCHEMA_PATH,
    BatchInfo,
    KitData,
    Results,
    documented_keys,
    json_schema,
    schema_text,
)

ROOT = Path(__file__).resolve().parents[2]
GRADESCOPE_SCHEMA = json.loads(
    (ROOT / "autograder" / "integrations" / "gradescope_results.schema.json").read_text(encoding="utf-8")
)


def documents() -> list:
    """results.json documents as the kit writes them: graded, partial, late, too late, forbidden, an error."""
    checks = [
        outcome("f", 1),
        outcome("f", 2, passed=False, fraction=0.4),
        outcome("f", 3, passed=False),
        outcome("g", 1),
    ]
    return [
        build_results(grade({"f": 100, "g": 5}, checks)),
        build_results(grade({"f": 100, "g": 5}, checks, submitted_at=DUE + timedelta(hours=3))),
        build_results(grade({"f": 100, "g": 5}, checks, submitted_at=DUE + timedelta(days=30))),
        build_results(grade({"f": 10, "g": 5}, checks, forbidden={"g": {"scipy"}})),
        error_results(
            "cannot read submission x.py",
            kit=KitData(assignment="a9_test", student="ada", seed=1, max_score=100.0, batch=BatchInfo(layout="flat")),
        ),
        error_results("no such file"),
    ]


def test_the_committed_schema_is_the_one_the_model_generates():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "results.schema.json is stale: run `python -m autograder.grading.results_model`"
    )
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("index", range(len(documents())))
def test_what_the_kit_writes_is_valid_for_the_kit_and_for_gradescope(index):
    data = documents()[index]
    jsonschema.validate(data, json_schema())
    jsonschema.validate(data, GRADESCOPE_SCHEMA)


def test_the_schema_refuses_what_the_kit_never_writes():
    data = documents()[0]
    for broken in (
        {**data, "score": None},
        {**data, "surprise": 1},
        {**data, "tests": [{**data["tests"][0], "status": "skipped"}]},
        {**data, "extra_data": {"kit": {**data["extra_data"]["kit"], "status": "maybe"}}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, json_schema())


def test_gradescope_knows_every_field_the_kit_writes_outside_extra_data():
    keys = documented_keys()
    top = {k.split(".")[0] for k in keys["Results"]}
    test = {k.split(".")[0] for k in keys["TestResult"]}
    assert top <= set(GRADESCOPE_SCHEMA["properties"])
    assert test <= set(GRADESCOPE_SCHEMA["$defs"]["test"]["properties"])


def test_docs_describe_exactly_the_fields_of_the_model():
    text = (ROOT / "docs" / "results.md").read_text(encoding="utf-8")
    documented, current = {}, None
    for line in text.splitlines():
        heading = re.match(r"#+ .*\(`(\w+)`\)", line)
        if heading:
            current = documented.setdefault(heading.group(1), [])
        row = re.match(r"\| `([\w.]+)` \|", line)
        if row and current is not None:
            current.append(row.group(1))
    assert documented == documented_keys()


@pytest.mark.parametrize("index", range(len(documents())))
def test_written_documents_read_back_unchanged(index):
    data = documents()[index]
    assert Results.from_json(data).to_json() == data
    assert Results.from_json(json.loads(json.dumps(data))).to_json() == data


def test_every_written_document_adds_up():
    for data in documents():
        assert Results.from_json(data).adds_up()


def test_the_reader_tolerates_anything():
    for junk in (
        {},
        {"score": "12"},
        {"tests": "x"},
        {"tests": [1, None, {"score": float("nan")}]},
        {"extra_data": []},
        {"extra_data": {"kit": {"problems": [1], "late": 3, "batch": "x"}}},
        {"score": True, "extra_data": {"kit": {"status": "hacked", "seed": 1.5, "max_score": "100"}}},
    ):
        results = Results.from_json(junk)
        assert results.checks == [] or all(c.name for c in results.checks)
        assert results.kit_data.status == "graded"
        assert results.score is None or isinstance(results.score, float)
    with pytest.raises(TypeError):
        Results.from_json([1, 2])


def test_the_reader_checks_what_it_keeps():
    results = Results.from_json(
        {
            "score": 3,
            "tests": [
                {"name": "softmax: rows", "score": 3, "max_score": 3, "tags": ["softmax", "misconception:wrong-axis"]},
                {
                    "name": "nameless: no tags",
                    "score": 0,
                    "max_score": 2,
                    "extra_data": {"messages": [{"key": 5}, "text"]},
                },
            ],
            "extra_data": {"kit": {"content_sha256": "../etc", "batch": {"lms": {"name": "Ana", "id": {"x": 1}}}}},
        }
    )
    first, second = results.checks
    assert (first.problem, first.passed, first.misconception) == ("softmax", True, "wrong-axis")
    assert (second.problem, second.passed, second.stored_messages()) == ("nameless", False, [])
    assert results.kit_data.content_sha256 is None
    assert results.kit_data.batch.lms == {"name": "Ana"}
    assert set(results.problems) == {"softmax", "nameless"}  # from the tests, when the kit's summary is missing
    assert results.problems["softmax"].score == 3 and results.problems["nameless"].status == "failed"
