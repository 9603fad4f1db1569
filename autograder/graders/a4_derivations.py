"""Hidden checks for a4_derivations: each chain is graded by the symbolic checker, step by step.

Per derivation: the progress from the given expression to the goal by the lecture's named moves (how a chain
earns it is written once, in a4_derivations.yml beside this file, and autograder/checker/symbolic/progress.py), and for
the MSE gradient the lecture's flat-surface fact. What each derivation is (start, milestones, goal, names,
identities, facts, the share of each part) is data in that file. The chain is graded once per submission
(every sympy job in killable workers, bounded by size so that the grade never depends on the machine's load;
the points sampled from the course's seed) and its parts are read by the checks below; every part says what it
says as catalogue Messages, so the failure is rendered in whatever language the report is read in.
"""
import pytest

from autograder.checker.feedback import PartialCredit
from autograder.checker.symbolic.chain import grade_chain
from autograder.checker.symbolic.derivations import DERIVATIONS as DATA
from autograder.derivation_data import assignment_data

DERIVATIONS = list(assignment_data("a4_derivations"))


def _graded(student, assignment, problem):
    """The chain graded once per submission."""
    def compute():
        steps = getattr(student, problem)()
        return grade_chain(problem, steps, step_seconds=assignment.limits.step_seconds, seed=assignment.seed)
    return student.memo(problem, compute)


def _judge(grade, which):
    """Pass, or PartialCredit with the share earned and what every failing part of the section says."""
    parts = [part for part in grade.parts if part.section == which]
    if all(p.passed for p in parts):
        return
    total = sum(p.weight for p in parts) or 1.0
    earned = sum(p.weight for p in parts if p.passed)
    raise PartialCredit(earned / total, messages=[p.says for p in parts if not p.passed])


def _weighted(section):
    """Each derivation with its `section` share as the check's weight (the data's parts, so that the points of a
    derivation with a fact split as its data says)."""
    return [pytest.param(name, marks=pytest.mark.weight(DATA[name].parts[section])) for name in DERIVATIONS]


@pytest.mark.parametrize("problem", _weighted("progress"))
def test_derivation_progress(student, assignment, problem):
    """from the given expression to the goal, by the lecture's moves"""
    _judge(_graded(student, assignment, problem), "progress")


@pytest.mark.weight(DATA["mse_softmax_gradient"].parts["vanishes"])
@pytest.mark.problem("mse_softmax_gradient")
def test_mse_softmax_gradient_vanishes_when_saturated(student, assignment):
    """as z1 → −∞ with target class 1 the MSE gradient tends to 0, the cross-entropy gradient to −1"""
    _judge(_graded(student, assignment, "mse_softmax_gradient"), "vanishes")
