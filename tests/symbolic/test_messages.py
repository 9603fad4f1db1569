"""Every message exists in both languages with the same placeholders; numbers read with a real minus sign."""
import string

import pytest

from autograder.symbolic import messages


def placeholders(template):
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(messages.MESSAGES))
def test_both_languages_with_the_same_placeholders(key):
    table = messages.MESSAGES[key]
    assert set(table) == set(messages.LANGS)
    assert placeholders(table["en"]) == placeholders(table["zh-TW"])


@pytest.mark.parametrize("key", sorted(messages.WHAT))
def test_what_names_in_both_languages(key):
    assert set(messages.WHAT[key]) == set(messages.LANGS)


def test_number_formats():
    assert messages.fmt_number(0.8170001) == "0.817"
    assert messages.fmt_number(-3.74e-13) == "−3.74e−13"
    assert messages.fmt_number(complex(0.5, -0.25)) == "0.5−0.25i"
    assert messages.fmt_coordinate(-1.2) == "−1.20"
    assert messages.fmt_point({"z1": 0.31, "z2": -1.2}) == "z1 = 0.31, z2 = −1.20"
    assert messages.fmt_pair(0.81701, 0.81709) == ("0.817", "0.8171")  # enough digits to read as different


def test_unknown_language_falls_back_to_english():
    assert messages.text("goal_wrong", "fr", end="a", goal="b") == "your chain ends at a, the goal is b"
    assert messages.lang_or_default("fr") == "en"


def test_sizes_read_as_whole_numbers():
    assert messages.fmt_point({"N": 1, "K": 2, "p[1,1]": 0.632258}) == "N = 1, K = 2, p[1,1] = 0.632"


def test_notes_render_in_either_language_with_nested_notes():
    note = {"key": "step_bad_side", "params": {"k": 2, "reason": {"key": "not_allowed", "params": {
        "what": {"what": "function", "params": {"name": "sin"}}, "allowed": "z1, z2"}}}}
    assert messages.render(note, "en") == ("step 2 cannot be checked: the function sin is not allowed in a derivation; "
                                           "use numbers, z1, z2, + - * / **, and exp, log, ln, sqrt, Sum, Product, diff")
    assert messages.render(note, "zh-TW").startswith("無法檢查第 2 步：推導中不允許 函數 sin")
    assert messages.render("", "en") == ""


def test_every_move_has_a_name_in_both_languages():
    from autograder.symbolic.moves import RULES
    keys = {rule.key for rule in RULES} | {"move_multiply", "move_cancel", "move_rearranged"}
    assert keys <= set(messages.MESSAGES)
