"""Visible checks for a4_derivations: the grader's own chain checker, run on your chains before you submit.

Each derivation has two checks: that it returns a chain (a list of at least two steps), and everything the
grader will say about its steps: the move each step made, a step that is too large (a leap), a false step
with a point where its two sides differ, a step that cannot be read (an unknown symbol, a float), whether
the chain starts at the given expression and reaches the goal. Run `pytest` in this folder, or
`autograder check a4_derivations`. Set AUTOGRADER_LANG=zh-TW for 繁體中文 with plain pytest.
"""
import os

import pytest

try:  # the kit's own checker, in its killable workers (`autograder check`, or wherever the kit is installed)
    from autograder.symbolic.practice import check_chain, report
except ImportError:  # a plain Python with sympy, numpy and lark: the same checker, carried in this file
    # <kit-embed autograder.symbolic as _a4_checker: messages runner tree symbols rebuild parse normal equivalence moves jobs chain practice>
    from _a4_checker.practice import check_chain, report


def _lang(request):
    try:
        return request.getfixturevalue("lang")  # the course's language, under `autograder check`
    except pytest.FixtureLookupError:
        return os.environ.get("AUTOGRADER_LANG", "en")


def _points(request, problem):
    try:
        return request.getfixturevalue("assignment").problems[problem]
    except pytest.FixtureLookupError:
        return None


def _is_a_chain(chain, name):
    assert isinstance(chain, (list, tuple)), f"{name}() returns a list of expressions (a chain), got {type(chain).__name__}"
    assert len(chain) >= 2, f"{name}(): a chain has at least two expressions (the start and the goal), got {len(chain)}"


def _steps(request, problem, chain):
    lang = _lang(request)
    grade = check_chain(problem, chain, lang)
    if not grade.passed:
        failure = AssertionError(report(grade, _points(request, problem)))
        failure.lang = lang  # the report is already in the student's language: shown as it is
        raise failure


def test_sigmoid_softmax_equivalence_is_a_chain(student):
    _is_a_chain(student.sigmoid_softmax_equivalence(), "sigmoid_softmax_equivalence")


def test_sigmoid_softmax_equivalence_steps(student, request):
    _steps(request, "sigmoid_softmax_equivalence", student.sigmoid_softmax_equivalence())


def test_softmax_shift_invariance_is_a_chain(student):
    _is_a_chain(student.softmax_shift_invariance(), "softmax_shift_invariance")


def test_softmax_shift_invariance_steps(student, request):
    _steps(request, "softmax_shift_invariance", student.softmax_shift_invariance())


def test_cross_entropy_is_nll_is_a_chain(student):
    _is_a_chain(student.cross_entropy_is_nll(), "cross_entropy_is_nll")


def test_cross_entropy_is_nll_steps(student, request):
    _steps(request, "cross_entropy_is_nll", student.cross_entropy_is_nll())


def test_softmax_ce_gradient_is_a_chain(student):
    _is_a_chain(student.softmax_ce_gradient(), "softmax_ce_gradient")


def test_softmax_ce_gradient_steps(student, request):
    _steps(request, "softmax_ce_gradient", student.softmax_ce_gradient())


def test_mse_softmax_gradient_is_a_chain(student):
    _is_a_chain(student.mse_softmax_gradient(), "mse_softmax_gradient")


def test_mse_softmax_gradient_steps(student, request):
    _steps(request, "mse_softmax_gradient", student.mse_softmax_gradient())
