"""The trusted comparisons on their own: what passes, what fails with which sentence, and when a misconception
is named (only when the answer equals what that mistake gives on this input, and the mistake is told apart)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.checker.compare import (
    claim,
    describe_type,
    difference,
    distinct,
    expect_array,
    expect_equal,
    expect_no_warning,
    expect_numeric,
    expect_one_of,
    expect_raises,
    expect_scalar,
    expect_unchanged,
    index_text,
)
from autograder.checker.diagnosis import Suspect
from autograder.checker.feedback import Feedback, StudentRaised
from autograder.sandbox.wire import Opaque

CALL = "softmax(z)"
SIGN = Message("hint:sign")


def failure(check, *args, **kwargs) -> Feedback:
    with pytest.raises(Feedback) as raised:
        check(*args, **kwargs)
    return raised.value


# ---- numbers that show the difference ---------------------------------------------------------------
def test_distinct_prints_just_enough_digits_to_differ():
    assert distinct(2.0, 2.5) == ("2", "2.5")
    a, b = distinct(1.0, 1.0 + 1e-9)
    assert a != b and float(b) == pytest.approx(1.0 + 1e-9, rel=1e-12)


def test_index_text_reads_like_numpy_indexing():
    assert index_text((np.int64(1), 2)) == "[1, 2]"


def test_difference_points_at_the_largest_gap_of_a_matrix():
    got = np.array([[0.1, 0.2], [0.3, 0.9]])
    expected = np.array([[0.1, 0.2], [0.3, 0.4]])
    detail = difference(got, expected)
    assert detail.key == "difference"
    assert detail.params == {"diff": "0.5", "index": "[1, 1]", "expected": "0.4", "got": "0.9", "relative": "1.25"}


def test_difference_of_one_number_has_no_index():
    detail = difference(np.array(3.0), np.array(2.0))
    assert detail.key == "difference_scalar" and "index" not in detail.params and detail.params["relative"] == "0.5"


def test_difference_against_zero_is_infinitely_relative():
    assert difference(np.array([0.0, 1.0]), np.array([0.0, 0.0])).params["relative"] == "∞"


@pytest.mark.parametrize(
    "got, expected",
    [
        (np.zeros(2), np.zeros(3)),  # shapes differ: the shape message says it all
        (np.array([]), np.array([])),  # nothing to point at
        (np.array([np.nan]), np.array([1.0])),  # no entry is finite in both
        (np.array([1.0, 2.0]), np.array([1.0, 2.0])),
    ],
)
def test_difference_is_silent_where_it_has_nothing_to_show(got, expected):
    assert difference(got, expected) is None


def test_difference_ignores_entries_that_are_not_finite():
    detail = difference(np.array([np.inf, 1.5]), np.array([1.0, 1.0]))
    assert detail.params["index"] == "[1]"


# ---- expect_array ------------------------------------------------------------------------------------
def test_a_close_answer_passes_and_comes_back_as_floats():
    out = expect_array([1, 2], np.array([1.0, 2.0 + 1e-10]), call=CALL)  # within 1e-9 of the largest value
    assert out.dtype == float and out.tolist() == [1.0, 2.0]


def test_matching_infinities_and_nans_pass():
    expect_array(np.array([np.inf, np.nan, -np.inf, 1.0]), [np.inf, np.nan, -np.inf, 1.0], call=CALL)


def test_an_infinity_of_the_wrong_sign_fails():
    failed = failure(expect_array, np.array([np.inf, 1.0]), [-np.inf, 1.0], call=CALL)
    assert failed.key == "mismatch"


def test_a_wrong_answer_says_expected_got_and_where():
    failed = failure(expect_array, np.array([0.6, 0.5]), [0.2, 0.8], call=CALL)
    assert failed.key == "mismatch" and failed.misconception is None
    assert failed.params == {"call": CALL, "expected": "[0.2, 0.8]", "got": "[0.6, 0.5]"}
    assert failed.detail.key == "difference" and failed.detail.params["index"] == "[0]"
    english, chinese = failed.render("en"), failed.render("zh-TW")
    assert english.startswith(f"{CALL}: expected [0.2, 0.8], got [0.6, 0.5].")
    assert "應為 [0.2, 0.8]" in chinese and "得到 [0.6, 0.5]" in chinese and "expected" not in chinese


def test_a_near_miss_never_reads_expected_x_got_x():
    failed = failure(expect_array, np.array([1.0, 2.0]), [1.0, 2.0 + 1e-5], call=CALL)
    assert failed.key == "mismatch_beyond_digits" and failed.params["precision"] == "1e-09"
    assert failed.detail.params["expected"] != failed.detail.params["got"]
    assert failed.hint.key == "detail:digits" and failed.hint.params["digits"] == 5  # close, but not float64-close


def test_a_wrong_single_value_has_no_index_detail():
    failed = failure(expect_array, np.array([3.0]), [2.0], call=CALL)
    assert failed.key == "mismatch" and failed.detail is None


@pytest.mark.parametrize(
    "got, shown",
    [
        ("0.5", "a str"),
        (None, "a NoneType"),
        (np.array(["a", "b"]), "an array of dtype <U1"),
        (np.array([1 + 2j]), "an array of dtype complex128"),
        (Opaque("Tensor", "<Tensor>"), "an object of type Tensor"),
    ],
)
def test_what_is_not_numeric_data_is_named_by_its_type(got, shown):
    failed = failure(expect_array, got, [0.5], call=CALL)
    assert failed.key == "wrong_type"
    assert failed.render("en") == f"{CALL} returned {shown}; expected a numeric array."


def test_the_wrong_shape_names_both_shapes():
    failed = failure(expect_array, np.zeros((3, 2)), np.zeros((2, 3)), call=CALL)
    assert failed.key == "wrong_shape" and (failed.params["expected"], failed.params["got"]) == ("(2, 3)", "(3, 2)")


def test_nan_where_a_number_is_expected_points_at_the_first_one():
    failed = failure(expect_array, np.array([1.0, np.nan, np.inf]), [1.0, 2.0, 3.0], call=CALL)
    assert failed.key == "not_finite"
    assert failed.detail.key == "not_finite_where" and failed.detail.params["index"] == "[1]"


def test_the_misconception_is_named_when_the_answer_is_that_mistake():
    suspect = Suspect("sign", np.array([-0.2, -0.8]), SIGN)
    failed = failure(expect_array, np.array([-0.2, -0.8]), [0.2, 0.8], call=CALL, suspects=[suspect])
    assert failed.misconception == "sign" and failed.hint == SIGN
    assert failed.render("en").splitlines()[-1] == SIGN.render("en")


def test_no_misconception_is_named_without_evidence():
    suspect = Suspect("sign", np.array([-0.2, -0.8]), SIGN)
    failed = failure(expect_array, np.array([0.5, 0.5]), [0.2, 0.8], call=CALL, suspects=[suspect])
    assert failed.misconception is None and failed.hint is None
    assert "sign" in failed.refuted  # told apart on this input, and not what came back


def test_a_mistake_that_gives_the_right_answer_here_is_not_evidence():
    # the same value as expected: this input cannot tell the mistake apart, so a near-miss names nothing
    suspect = Suspect("sign", np.array([0.2, 0.8]), SIGN)
    failed = failure(expect_array, np.array([0.2, 0.8 + 1e-3]), [0.2, 0.8], call=CALL, suspects=[suspect])
    assert failed.misconception is None and "sign" not in failed.refuted


def test_two_mistakes_that_both_fit_name_neither():
    same = np.array([0.0, 1.0])
    suspects = [Suspect("sign", same, SIGN), Suspect("transposed", same, Message("hint:transposed"))]
    assert failure(expect_array, same, [1.0, 0.0], call=CALL, suspects=suspects).misconception is None


def test_suspects_are_computed_only_when_a_check_fails():
    def suspects():
        raise AssertionError("computed for a passing check")

    expect_array([1.0], [1.0], call=CALL, suspects=suspects)


def test_a_failing_diagnosis_never_turns_a_failure_into_a_crash():
    def suspects():
        raise ZeroDivisionError

    assert failure(expect_array, [2.0], [1.0], call=CALL, suspects=suspects).key == "mismatch"


# ---- the other checks --------------------------------------------------------------------------------
def test_expect_numeric_checks_type_shape_and_finiteness():
    assert expect_numeric([[1, 2]], (1, 2), call=CALL).dtype == float
    assert failure(expect_numeric, "x", (1,), call=CALL).key == "wrong_type"
    assert failure(expect_numeric, [1.0, 2.0], (1, 2), call=CALL).key == "wrong_shape"
    assert failure(expect_numeric, [1.0, np.inf], (2,), call=CALL).key == "not_finite"


@pytest.mark.parametrize("got", [0.25, np.float64(0.25), np.array(0.25), np.array([0.25]), [0.25], True * 0.25])
def test_expect_scalar_takes_any_single_number(got):
    assert expect_scalar(got, 0.25, call=CALL) == 0.25


def test_expect_scalar_names_the_shape_of_an_array_that_is_not_one_number():
    failed = failure(expect_scalar, np.array([0.25, 0.75]), 0.25, call=CALL)
    assert failed.key == "wrong_type"
    assert failed.render("en") == f"{CALL} returned an array of shape (2,); expected a single number."


def test_expect_scalar_shows_the_difference_beyond_the_digits():
    failed = failure(expect_scalar, 0.1 + 3e-7, 0.1, call=CALL)
    assert failed.key == "mismatch_beyond_digits" and failed.detail.key == "difference_scalar"
    assert failed.hint.key == "detail:digits"


def test_expect_equal_compares_type_and_value_on_this_side():
    expect_equal(["a", "b"], ("a", "b"), call=CALL)  # a list comes back where a tuple is asked: same data
    assert failure(expect_equal, 1, 1.0, call=CALL).key == "mismatch"

    class AlwaysEqual(tuple):
        def __eq__(self, other):
            return True

    assert failure(expect_equal, AlwaysEqual(), ("a",), call=CALL).key == "mismatch"


def test_expect_one_of_accepts_any_listed_answer_and_shows_them_all():
    expect_one_of("mean", ("sum", "mean"), call=CALL)
    failed = failure(expect_one_of, "max", ("sum", "mean"), call=CALL)
    assert failed.key == "mismatch_one_of" and failed.params["expected"] == "'sum' / 'mean'"
    assert failure(expect_one_of, "max", ("sum",), call=CALL).key == "mismatch"


def test_expect_one_of_never_blames_an_accepted_answer():
    suspects = [Suspect("sum-vs-mean", "mean", Message("hint:sum-vs-mean")), Suspect("sign", "max", SIGN)]
    failed = failure(expect_one_of, "max", ("sum", "mean"), call=CALL, suspects=suspects)
    assert failed.misconception == "sign"


def _student(*, raises=None, returns=None, warnings=()):
    def call(*args, **kwargs):
        if raises is not None:
            raise raises
        return returns

    return SimpleNamespace(f=call, last_call="f(1)", last_warnings=list(warnings))


def test_expect_raises_matches_the_exception_by_name():
    expect_raises(_student(raises=StudentRaised("ValueError", "bad")), "ValueError", "f", 1)
    failed = failure(expect_raises, _student(raises=StudentRaised("TypeError", "x" * 500)), "ValueError", "f", 1)
    assert failed.key == "wrong_error" and failed.params["type"] == "TypeError" and len(failed.params["message"]) == 200
    assert failure(expect_raises, _student(returns=0.5), "ValueError", "f", 1).key == "expected_error"


def test_expect_unchanged_catches_an_argument_changed_in_place():
    before = {"z": np.array([1.0, np.nan])}
    expect_unchanged(before, [np.array([1.0, np.nan])], call=CALL)
    failed = failure(expect_unchanged, before, [np.array([0.0, np.nan])], call=CALL)
    assert failed.key == "mutated" and failed.params["arg"] == "z"
    assert failure(expect_unchanged, before, [Opaque("list", "?")], call=CALL).key == "mutated"


def test_a_warning_names_a_mistake_only_when_one_tag_explains_it():
    overflow = Suspect("no-max-subtraction", None, Message("hint:no-max-subtraction"))
    expect_no_warning(_student(), overflow)
    named = failure(expect_no_warning, _student(warnings=["overflow encountered in exp"]), overflow, None)
    assert named.key == "warning" and named.misconception == "no-max-subtraction"
    other = Suspect("sigmoid-overflow", None, Message("hint:sigmoid-overflow"))
    assert failure(expect_no_warning, _student(warnings=["overflow"]), overflow, other).misconception is None


def test_claim_raises_its_own_sentence_only_when_false():
    claim(True, "mismatch", call=CALL, expected="1", got="2")
    failed = failure(claim, False, "mismatch", call=CALL, expected="1", got="2")
    assert failed.render("en") == f"{CALL}: expected 1, got 2."


def test_describe_type_of_plain_python_and_numpy_values():
    assert describe_type([1, "a"]).render("en") == "a list"
    assert describe_type(np.array([True])).render("zh-TW") != describe_type(np.array([True])).render("en")
