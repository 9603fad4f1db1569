"""The derivations as data: read from beside the graders, checked when read, carried in declared order."""

import json

import pytest
from sympy import IndexedBase

from autograder.checker.symbolic.derivations import DERIVATIONS, Derivation
from autograder.checker.symbolic.symbols import CANONICAL, kit_expression, with_abbreviations
from autograder.course import load_course
from autograder.derivation_data import assignment_data, carried_value

GOOD = {
    "names": ["z1", "z2"],
    "start": "exp(z1)",
    "goal": "exp(z1)",
    "goal_text": "exp(z1)",
    "milestones": [],
    "parts": {"progress": 1.0},
}


def test_the_checker_grades_what_course_yml_grades_as_derivations():
    course = load_course()
    derivation_problems = [p for a in course.assignments.values() if a.is_derivation for p in a.problems]
    assert list(DERIVATIONS) == derivation_problems  # declared in the order course.yml lists them
    for derivation in DERIVATIONS.values():
        assert abs(sum(derivation.parts.values()) - 1) < 1e-12
        assert set(derivation.names) <= set(CANONICAL)
        table = with_abbreviations(derivation)
        beside = getattr(derivation.vanishes, "beside", None)
        if derivation.vanishes is not None:
            fact = derivation.vanishes
            assert {fact.along, *fact.at} <= set(derivation.names) and len(fact.values) == len(fact.below)
        for text in (derivation.start, derivation.goal, derivation.goal_factor, beside):
            if text is not None:
                expr = kit_expression(text, table)
                free = {s.name for s in expr.free_symbols if s.is_Symbol}
                free |= {str(b.label) for b in expr.atoms(IndexedBase)}
                assert free <= set(derivation.names), (derivation.name, text, free)


@pytest.mark.parametrize(
    "change, fragment",
    [
        (lambda d: d["parts"].update(progress=0.9), "add up to 0.9"),
        (lambda d: d["parts"].update(vanishes=0.0), "parts must be"),
        (lambda d: d["parts"].update(middle=0.0), "parts must be"),
        (lambda d: d["parts"].pop("progress"), "parts must be"),
        (lambda d: d.pop("milestones"), "declare its milestones"),
    ],
)
def test_a_wrong_share_is_refused_when_read(change, fragment):
    data = json.loads(json.dumps(GOOD))
    change(data)
    with pytest.raises(ValueError, match=fragment):
        Derivation.from_data("probe", data)


def test_kit_expressions_read_only_the_names_they_are_given():
    assert kit_expression("1 - y1 - y2", CANONICAL) == 1 - CANONICAL["y1"] - CANONICAL["y2"]
    with pytest.raises(ValueError, match="cannot read 'x1 \\+ 1'"):
        kit_expression("x1 + 1", CANONICAL)  # an undeclared name is a mistake in the data, not a new symbol


def test_a_carried_copy_keeps_the_declared_order():
    for assignment in load_course().assignments.values():
        carried = carried_value(assignment.id)
        assert list(carried) == list(assignment_data(assignment.id))
        if assignment.is_derivation:
            assert list(carried) == list(assignment.problems)
            first = next(iter(carried.values()))
            declared = [key for key in assignment_data(assignment.id)[next(iter(carried))] if key != "milestones"]
            assert list(first) == declared + ["route"]
        else:
            assert carried == {}


def test_a_carried_copy_holds_the_route_but_never_a_milestone():
    """The milestones are the reference's own steps: a carried copy holds their digests and moves, which is all
    the chain checker needs, and nothing that reads as a step."""
    carried = carried_value("a4_derivations")
    text = json.dumps(carried, ensure_ascii=False)
    for name, data in assignment_data("a4_derivations").items():
        route = carried[name]["route"]
        assert len(route["keys"]) == len(data["milestones"]) + 2 and len(route["moves"]) == len(data["milestones"]) + 1
        for milestone in data["milestones"]:
            assert milestone not in text and milestone.replace(" ", "") not in text.replace(" ", "")
    carried = {key: value for key, value in GOOD.items() if key != "milestones"}
    assert Derivation.from_data("probe", {**carried, "route": {"keys": [], "moves": []}}).route is not None


def test_a_route_that_skips_a_move_is_a_mistake_in_the_data():
    from autograder.checker.symbolic import route
    from autograder.checker.symbolic.chain import SPECS

    spec = SPECS["sigmoid_softmax_equivalence"]
    skipping = Derivation.from_data(
        "sigmoid_softmax_equivalence",
        {**GOOD, "names": ["z1", "z2"], "milestones": ["1/(1 + exp(z2 - z1))"], "goal": "1/(1 + exp(z2 - z1))"},
    )
    with pytest.raises(ValueError, match="milestone 1 is not one named move from milestone 0"):
        route.build(skipping, [spec.start], spec.goal)
