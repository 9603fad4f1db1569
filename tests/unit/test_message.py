"""Message rendering on its own: one sentence in English and Traditional Chinese, plain parameters and nested
messages, a missing parameter or translation, messages read back from an untrusted results.json, and the
same sentence written to a console through rich, where markup in student text must stay text."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from rich.markup import escape

from autograder import catalogue
from autograder.catalogue import ByLanguage, Message, from_json, render_all, say
from autograder.checker.message import MAX_DEPTH, MAX_TEXT, fill, plain
from autograder.reporting import terminal


# ---- filling a template ---------------------------------------------------------------------------------
def test_format_specs_of_the_template_are_applied():
    assert fill("{score:g} / {max_score:.0%}", {"score": 1.50, "max_score": 0.25}) == "1.5 / 25%"


def test_a_value_that_does_not_fit_its_spec_is_shown_as_text():
    assert fill("{score:g} points", {"score": "n/a"}) == "n/a points"


def test_a_missing_parameter_stays_visible_instead_of_failing():
    assert fill("{a} and {b}", {"a": 1}) == "1 and {b}"
    assert say("summary", "en") == "{score:g} / {max_score:g} points"


def test_braces_in_a_value_are_not_filled_again():
    """A student's text that looks like a placeholder is shown as written, never interpolated."""
    text = say("mismatch", "en", call="f()", expected="{got}", got="{call.__class__}")
    assert text == "f(): expected {got}, got {call.__class__}."


# ---- both languages -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, text", [("en", "1.5 / 3 points"), ("zh-TW", "1.5 / 3 分")])
def test_one_message_in_each_language(lang, text):
    assert say("summary", lang, score=1.5, max_score=3) == text


def test_nested_messages_render_in_the_language_of_the_whole():
    message = Message(
        "wrong_type",
        call="softmax(z)",
        got_type=Message("value:python", name="str"),
        expected=Message("value:numeric_array"),
    )
    assert message.render("en") == "softmax(z) returned a str; expected a numeric array."
    assert message.render("zh-TW") == "softmax(z) 回傳了 str；應回傳 數值陣列。"
    assert str(message) == message.render("en")


def test_an_unknown_language_speaks_the_source_language():
    assert say("summary", "xx-YY", score=1, max_score=2) == say("summary", "en", score=1, max_score=2)


def test_an_unknown_key_renders_as_the_key_so_the_gap_is_visible():
    assert Message("no:such:key", a=1).render("zh-TW") == "no:such:key"


def test_a_missing_translation_falls_back_to_english(tmp_path, monkeypatch):
    """A course adds a language with files only; what it has not translated yet is shown in English."""
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "engine.yml").write_text('summary: "{score:g} sur {max_score:g}"\n', encoding="utf-8")
    monkeypatch.setenv("AUTOGRADER_CATALOGUE", str(tmp_path))
    catalogue.reload()
    try:
        assert "xx" in catalogue.languages() and catalogue.resolve_language("XX") == "xx"
        assert say("summary", "xx", score=1, max_score=2) == "1 sur 2"
        assert say("mismatch", "xx", call="f", expected="1", got="2") == "f: expected 1, got 2."
    finally:
        monkeypatch.delenv("AUTOGRADER_CATALOGUE")
        catalogue.reload()
    assert "xx" not in catalogue.languages()


# ---- plain parameters -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, kept",
    [
        (np.int64(3), 3),
        (np.float32(0.5), 0.5),
        (True, True),
        (None, None),
        ("text", "text"),
        (float("nan"), "nan"),
        (float("-inf"), "-inf"),
        ([1, 2], "[1, 2]"),
    ],
)
def test_parameters_are_kept_as_json_safe_plain_data(value, kept):
    out = plain(value)
    assert out == kept and type(out) is type(kept)
    json.dumps(out, allow_nan=False)


def test_messages_are_data_and_compare_by_value():
    assert Message("summary", score=np.float64(1.0), max_score=2) == Message("summary", score=1.0, max_score=2)
    assert Message("summary", score=1) != Message("summary", score=2)


# ---- read back from results.json (untrusted) -----------------------------------------------------------------
def test_a_message_survives_results_json_in_both_languages():
    message = Message(
        "wrong_type", call="f(x)", got_type=Message("value:python", name="str"), expected=Message("value:numeric_array")
    )
    back = from_json(json.loads(json.dumps(message.to_json())))
    assert back == message and back.render("zh-TW") == message.render("zh-TW")


def test_by_language_text_survives_and_falls_back():
    texts = ByLanguage({"en": "sums to one", "zh-TW": "總和為一"}, default=Message("summary", score=1, max_score=2))
    back = from_json(json.loads(json.dumps(texts.to_json())))
    assert back == texts and back.render("zh-TW") == "總和為一"
    assert back.render("xx") == "1 / 2 points"  # a language without its text: the default message speaks
    assert ByLanguage({"zh-TW": "只有中文"}).render("en") == "只有中文"
    assert ByLanguage({}).render("en") == ""


@pytest.mark.parametrize("data", [None, "summary", [], {"key": 3}, {"key": "k" * 201}, {"by_language": "x"}])
def test_what_is_not_a_message_reads_back_as_none(data):
    assert from_json(data) is None


def test_a_message_read_back_is_checked_and_capped():
    data = {
        "key": "mismatch",
        "params": {
            "call": "c" * (MAX_TEXT + 10),
            "expected": math.inf,
            "got": [1, 2],
            "__class__": "x",
            "not an identifier": 1,
            "nested": {"key": "value:python", "params": {"name": {"unknown": 1}}},
            "ok": None,
        },
    }
    back = from_json(data)
    assert len(back.params["call"]) == MAX_TEXT
    assert back.params["expected"] == "inf"  # not a float JSON cannot write
    assert "got" not in back.params and "not an identifier" not in back.params
    assert back.params["nested"] == Message("value:python") and back.params["ok"] is None


def test_nesting_read_back_stops_at_its_depth():
    data: dict = {"key": "leaf"}
    for _ in range(MAX_DEPTH + 3):
        data = {"key": "wrap", "params": {"inner": data}}
    back, depth = from_json(data), 0
    while "inner" in back.params:
        back, depth = back.params["inner"], depth + 1
    assert depth == MAX_DEPTH


def test_render_all_joins_what_is_there():
    assert (
        render_all([Message("summary", score=1, max_score=2), None, Message("value:finite_values")], "en", " | ")
        == "1 / 2 points | finite values"
    )


# ---- plain text and the rich console --------------------------------------------------------------------------
def console_output(monkeypatch, encoding: str, markup: str) -> str:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="\n")
    monkeypatch.setattr("sys.stdout", stream)
    monkeypatch.setenv("COLUMNS", "200")
    terminal._console().print(markup)
    stream.flush()
    return raw.getvalue().decode(encoding)


def test_markup_in_student_text_is_printed_as_text(monkeypatch):
    message = say("mismatch", "en", call="f('[bold red]x[/]')", expected="1", got="[link=http://x]2[/link]")
    out = console_output(monkeypatch, "utf-8", escape(message))
    assert out.strip() == message


def test_a_console_without_a_symbol_gets_ascii_and_keeps_the_chinese(monkeypatch):
    """A Big5 (cp950) Windows console has no ⟨ or ✓; printing must neither fail nor lose the sentence."""
    message = say("mismatch", "zh-TW", call="softmax(z)", expected="[0.2, 0.8] ⟨2×1⟩", got="✓")
    out = console_output(monkeypatch, "cp950", escape(message))
    assert out.strip() == "softmax(z)：應為 [0.2, 0.8] <2×1>，得到 v。"  # × is in Big5
