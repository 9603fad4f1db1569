"""Hidden checks for a4_derivations: each chain is graded by the symbolic checker, step by step.

Per derivation: starting at the given expression, the steps (a share for each valid step that is one move),
reaching the goal, and for the MSE gradient the lecture's flat-surface fact. What each derivation is
(start, goal, names, identities, facts, the share of each part) is data, in a4_derivations.yml beside this
file. The chain is graded once per
submission (every sympy job in killable workers, the points sampled from the course's seed) and its parts
are read by the checks below; every part says what it says as catalogue Messages, so the failure is rendered
in whatever language the report is read in.
"""
import pytest

from autograder.grading.feedback import PartialCredit
from autograder.symbolic.chain import grade_chain
from autograder.symbolic.derivations import assignment_data

DERIVATIONS = list(assignment_data("a4_derivations"))


def _graded(student, assignment, problem):
    """The chain graded once per submission."""
    def compute():
        steps = getattr(student, problem)()
        return grade_chain(problem, steps, step_seconds=assignment.limits.step_seconds, seed=assignment.seed)
    return student.memo(problem, compute)


def _section(grade, which):
    """The chain's parts of one section: start, steps, goal or vanishes."""
    return [part for part in grade.parts if part.section == which]


def _judge(grade, which):
    """Pass, or PartialCredit with the share earned and what every failing part says."""
    parts = _section(grade, which)
    if all(p.passed for p in parts):
        return
    total = sum(p.weight for p in parts) or 1.0
    earned = sum(p.weight for p in parts if p.passed)
    raise PartialCredit(earned / total, messages=[p.says for p in parts if not p.passed])


@pytest.mark.weight(2)
@pytest.mark.parametrize("problem", DERIVATIONS)
def test_derivation_starts_at_given_expression(student, assignment, problem):
    """starts at the given expression"""
    _judge(_graded(student, assignment, problem), "start")


@pytest.mark.weight(6)
@pytest.mark.parametrize("problem", DERIVATIONS)
def test_derivation_steps(student, assignment, problem):
    """every step follows from the one before, one move at a time"""
    _judge(_graded(student, assignment, problem), "steps")


@pytest.mark.weight(2)
@pytest.mark.parametrize("problem", DERIVATIONS)
def test_derivation_reaches_goal(student, assignment, problem):
    """reaches the goal"""
    _judge(_graded(student, assignment, problem), "goal")


@pytest.mark.problem("mse_softmax_gradient")
def test_mse_softmax_gradient_vanishes_when_saturated(student, assignment):
    """as z1 → −∞ with target class 1 the MSE gradient tends to 0, the cross-entropy gradient to −1"""
    _judge(_graded(student, assignment, "mse_softmax_gradient"), "vanishes")
