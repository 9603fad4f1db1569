"""Which mistake a problem's failed checks name, settled over all of them (feedback.settle, diagnosis.pick).

Each case builds the failures the hidden checks would raise (expect_array with the suspects a grader passes) for a
student who made one mistake, two at once, or something no known mistake explains, and settles them as the
engine's scoring and the self-check do.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.catalogue import Message
from autograder.checker import slips
from autograder.checker.compare import expect_array
from autograder.checker.diagnosis import Finding, Suspect, compose, pick
from autograder.checker.feedback import Feedback, settle

RIGHT_ONE = np.array([[0.3, -0.3]])  # a gradient at N = 1
RIGHT_MANY = np.array([[0.1, -0.1], [-0.2, 0.2], [0.05, -0.05]])  # at N = 3


def failure(got, expected, suspects) -> Feedback:
    with pytest.raises(Feedback) as caught:
        expect_array(np.asarray(got, float), np.asarray(expected, float), call="f(z)", suspects=suspects)
    return caught.value


def gradient_suspects(expected, n: int) -> list:
    """What a grader tries for a gradient: the sign, a factor N, and both at once (composed from the two)."""
    sign, factor = slips.flipped_gradient(expected), slips.not_divided_by_n(expected, n)
    return [sign, factor, compose(sign, factor)]


def settled(student) -> list:
    """What each check names (None too for a check passed: nothing to say)."""
    failures = []
    for expected, n in ((RIGHT_ONE, 1), (RIGHT_MANY, 3)):
        got = student(expected, n)
        failures.append(None if np.allclose(got, expected) else failure(got, expected, gradient_suspects(expected, n)))
    settle(failures)
    return [f.misconception if f is not None else None for f in failures]


def test_two_mistakes_at_once_are_named_on_every_check_they_explain():
    """At N = 1 the answer is exactly the flipped sign; N = 3 shows the factor too: both are named, both times."""
    first = failure(-RIGHT_ONE, RIGHT_ONE, gradient_suspects(RIGHT_ONE, 1))
    assert first.misconception == "sign"  # that check alone cannot see the factor 1
    assert settled(lambda e, n: -n * e) == ["not-divided-by-n+sign", "not-divided-by-n+sign"]


def test_one_mistake_is_named_alone_where_the_pair_is_refuted():
    assert settled(lambda e, n: -e) == ["sign", "sign"]
    assert settled(lambda e, n: n * e) == [None, "not-divided-by-n"]  # at N = 1 the factor gives the right answer


def test_an_answer_no_mistake_explains_names_nothing():
    assert settled(lambda e, n: 2 * n * e) == [None, None]


def test_the_compound_hint_names_both_mistakes_and_both_fixes_in_either_language():
    failures = [failure(-n * e, e, gradient_suspects(e, n)) for e, n in ((RIGHT_ONE, 1), (RIGHT_MANY, 3))]
    settle(failures)
    english, chinese = failures[1].hint.render("en"), failures[1].hint.render("zh-TW")
    assert "gradient not divided by N, and flipped sign" in english and "Flip the sign back." in english
    assert "梯度沒有除以 N，以及正負號相反" in chinese and "把正負號改回來" in chinese


def _finding(tag, shared=None, parts=()):
    return Finding(tag, Message(f"hint:{tag}"), parts, shared)


def test_mistakes_the_evidence_cannot_tell_apart_are_named_by_what_they_share_or_not_at_all():
    a = _finding("unstable-log-sum-exp", shared="no-stable-log-sum-exp")
    b = _finding("log-sum-exp-without-max", shared="no-stable-log-sum-exp")
    named = pick([a, b])
    assert named.tag == "no-stable-log-sum-exp" and named.hint.key == "hint:no-stable-log-sum-exp"
    assert pick([a, _finding("sign")]) is None  # nothing shared: nothing said
    assert pick([a]) is a


def test_a_single_mistake_beats_a_pair_only_when_the_pair_has_it_as_a_part():
    single, pair = _finding("sign"), _finding("not-divided-by-n+sign", parts=("not-divided-by-n", "sign"))
    other = _finding("mean-over-all-elements+sum-vs-mean", parts=("mean-over-all-elements", "sum-vs-mean"))
    assert pick([single, pair]) is single  # true whichever was made
    assert pick([_finding("divided-by-n-minus-1"), other]) is None  # N/K = N/(N − 1) here: cannot tell
    assert pick([pair]) is pair and pick([pair, other]) is None


def test_a_pair_not_tried_on_a_check_is_refuted_there_with_its_part():
    """A check that tries only the sign (no factor) and refutes it refutes the sign-and-factor pair too."""
    only_sign = failure(2 * RIGHT_ONE, RIGHT_ONE, [slips.flipped_gradient(RIGHT_ONE)])
    pair_found = failure(-3 * RIGHT_MANY, RIGHT_MANY, gradient_suspects(RIGHT_MANY, 3))
    settle([only_sign, pair_found])
    assert pair_found.misconception is None and pair_found.hint is None


def test_an_answer_of_the_wrong_shape_refutes_nothing_of_another_shape():
    """A function written for one vector returns a vector for a batch: that says nothing against the mistake the
    one-vector check shows."""
    right_one, right_batch = np.eye(2) * 0.25, np.stack([np.eye(2) * 0.25] * 3)
    diagonal = Suspect("diagonal-only", right_one * 2, Message("hint:diagonal-only"))
    batch_diagonal = Suspect("diagonal-only", right_batch * 2, Message("hint:diagonal-only"))
    one = failure(right_one * 2, right_one, [diagonal])
    batch = failure(np.ones(2), right_batch, [batch_diagonal])
    assert "diagonal-only" not in batch.refuted
    settle([one, batch])
    assert one.misconception == "diagonal-only"
    same_shape = failure(np.ones((3, 2, 2)), right_batch, [batch_diagonal])  # the right shape, other values
    assert "diagonal-only" in same_shape.refuted
