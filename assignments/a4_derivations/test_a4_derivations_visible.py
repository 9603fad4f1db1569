"""Visible checks for a4_derivations: the grader's own chain checker, run on your chains before you submit.

Each derivation has two checks: that it returns a chain (a list of at least two steps), and everything the
grader will say about its steps: the move each step made and the progress it earns toward the goal, a step
that is too large (a leap: the moves it combines and what showing them would earn), a false step with a
point where its two sides differ, a step that cannot be read (an unknown symbol, a float), and how much of
the way to the goal the chain shows. Run `pytest` in this folder (`--lang=zh-TW` for 繁體中文),
`check("softmax_ce_gradient")` in the notebook, or `autograder check a4_derivations`.
"""
from autograder.checker.feedback import Feedback, PartialCredit
from autograder.checker.symbolic.practice import check_chain, report_messages


def _is_a_chain(chain):
    if not isinstance(chain, (list, tuple)):
        raise Feedback("derivation:chain_not_list", type=getattr(chain, "type_name", None) or type(chain).__name__)
    if len(chain) == 0:
        raise Feedback("derivation:chain_empty")
    if len(chain) < 2:
        raise Feedback("derivation:steps_none")


def _steps(problem, chain):
    grade = check_chain(problem, chain)
    if not grade.passed:
        raise PartialCredit(grade.score, messages=report_messages(grade))


def test_sigmoid_softmax_equivalence_is_a_chain(student):
    _is_a_chain(student.sigmoid_softmax_equivalence())


def test_sigmoid_softmax_equivalence_steps(student):
    _steps("sigmoid_softmax_equivalence", student.sigmoid_softmax_equivalence())


def test_softmax_shift_invariance_is_a_chain(student):
    _is_a_chain(student.softmax_shift_invariance())


def test_softmax_shift_invariance_steps(student):
    _steps("softmax_shift_invariance", student.softmax_shift_invariance())


def test_cross_entropy_is_nll_is_a_chain(student):
    _is_a_chain(student.cross_entropy_is_nll())


def test_cross_entropy_is_nll_steps(student):
    _steps("cross_entropy_is_nll", student.cross_entropy_is_nll())


def test_softmax_ce_gradient_is_a_chain(student):
    _is_a_chain(student.softmax_ce_gradient())


def test_softmax_ce_gradient_steps(student):
    _steps("softmax_ce_gradient", student.softmax_ce_gradient())


def test_mse_softmax_gradient_is_a_chain(student):
    _is_a_chain(student.mse_softmax_gradient())


def test_mse_softmax_gradient_steps(student):
    _steps("mse_softmax_gradient", student.mse_softmax_gradient())
