"""The derivation checker speaks through the catalogue (derivation:* keys); numbers read with a real minus sign.

That every key exists in every language with the same placeholders is tests/test_catalogue.py's job."""

from autograder import catalogue
from autograder.catalogue import Message
from autograder.checker.symbolic import messages


def test_number_formats():
    assert messages.fmt_number(0.8170001) == "0.817"
    assert messages.fmt_number(-3.74e-13) == "−3.74e−13"
    assert messages.fmt_number(complex(0.5, -0.25)) == "0.5−0.25i"
    assert messages.fmt_coordinate(-1.2) == "−1.20"
    assert messages.fmt_point({"z1": 0.31, "z2": -1.2}) == "z1 = 0.31, z2 = −1.20"
    assert messages.fmt_pair(0.81701, 0.81709) == ("0.817", "0.8171")  # enough digits to read as different


def test_unknown_language_falls_back_to_the_source_language():
    assert messages.text("end_elsewhere", "fr", end="a", goal="b") == "the chain ends at a; the goal is b"
    assert messages.lang_or_default("fr") == catalogue.SOURCE_LANGUAGE
    assert messages.lang_or_default("zh_tw") == "zh-TW"


def test_sizes_read_as_whole_numbers():
    assert messages.fmt_point({"N": 1, "K": 2, "p[1,1]": 0.632258}) == "N = 1, K = 2, p[1,1] = 0.632"


def test_notes_become_catalogue_messages_with_nested_notes():
    note = {
        "key": "step_bad_side",
        "params": {
            "this": {"key": "step_label", "params": {"k": 2}},
            "reason": {
                "key": "not_allowed",
                "params": {"what": {"key": "what:function", "params": {"name": "sin"}}, "allowed": "z1, z2"},
            },
        },
    }
    message = messages.as_message(note)
    assert isinstance(message, Message) and message.key == "derivation:step_bad_side"
    assert message.params["reason"].params["what"] == Message("derivation:what:function", name="sin")
    assert messages.render(note, "en") == (
        "step 2 cannot be checked: the function sin is not allowed in a derivation; "
        "use numbers, z1, z2, + - * / **, and exp, log, ln, sqrt, Sum, Product, diff"
    )
    assert messages.render(note, "zh-TW").startswith("無法檢查第 2 步：推導中不允許 函數 sin")
    assert messages.as_message(("what:tuple", {})) == Message("derivation:what:tuple")
    assert messages.render("", "en") == ""


def test_a_list_of_notes_is_joined_by_the_languages_separator():
    notes = [{"key": "given_label"}, {"key": "step_label", "params": {"k": 2}}]
    assert messages.render(notes, "en") == "the given expression; step 2"
    assert messages.render(notes, "zh-TW") == "題目給定的式子；第 2 步"


def test_every_move_has_a_sentence_in_the_catalogue():
    from autograder.checker.symbolic.moves import RULES

    keys = {rule.key for rule in RULES} | {"move_multiply", "move_cancel", "move_rearranged"}
    assert all(catalogue.has(f"derivation:{key}") for key in keys)
    assert all(catalogue.has(f"derivation:{key}", "zh-TW") for key in keys)


def test_a_refused_input_renders_when_read_in_any_language():
    from autograder.checker.symbolic.symbols import DerivationInputError

    error = DerivationInputError("call_arity", name="exp", expected=("arity:one_argument", {"example": "exp(z1)"}))
    assert str(error) == "exp takes one argument, as in exp(z1)"
    assert error.message("zh-TW") == "exp 需要 剛好一個引數，例如 exp(z1)"
