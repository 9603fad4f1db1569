"""Hidden checks for a4_derivations: each chain is graded by the symbolic checker, step by step.

Per derivation: starting at the given expression, the steps (a share for each valid step that is one move),
reaching the goal, and for the MSE gradient the lecture's flat-surface fact. The chain is graded once per
submission (every sympy job in killable workers, the points sampled from the course's seed) and its parts
are read by the checks below, in both languages.
"""
import pytest

from autograder.grading.feedback import PartialCredit
from autograder.symbolic.chain import grade_chain

DERIVATIONS = ["sigmoid_softmax_equivalence", "softmax_shift_invariance", "cross_entropy_is_nll",
               "softmax_ce_gradient", "mse_softmax_gradient"]


def _graded(student, assignment, problem):
    """The chain graded once, shown in both languages."""
    def compute():
        steps = getattr(student, problem)()
        grade = grade_chain(problem, steps, lang="en", step_seconds=assignment.limits.step_seconds, seed=assignment.seed)
        return {"en": grade, "zh-TW": grade.in_language("zh-TW")}
    return student.memo(problem, compute)


def _section(grade, which):
    """start / steps / goal / fact: the chain's parts in order [start, step 1..n, goal, (fact)]."""
    parts = grade.parts
    tail = 2 if grade.problem == "mse_softmax_gradient" else 1
    sections = {"start": parts[:1], "steps": parts[1:len(parts) - tail], "goal": parts[len(parts) - tail:len(parts) - tail + 1],
                "fact": parts[len(parts) - 1:] if tail == 2 else []}
    return sections[which]


def _judge(graded, which):
    """Pass, or PartialCredit with the share earned and every failing part's message in each language."""
    parts = {lang: _section(g, which) for lang, g in graded.items()}
    en = parts["en"]
    total = sum(p.weight for p in en) or 1.0
    earned = sum(p.weight for p in en if p.passed)
    if en and all(p.passed for p in en):
        return
    texts = {lang: "\n".join(p.message for p in ps if not p.passed) or "—" for lang, ps in parts.items()}
    raise PartialCredit(earned / total, texts)


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
    _judge(_graded(student, assignment, "mse_softmax_gradient"), "fact")
