"""What the self-check carries into an assignment's folder and notebook: which kit modules, which catalogue
entries, which course facts (embed.py is how they travel).

    checker            conftest.py: the comparisons, the messages and the in-process `student` (plain pytest)
    notebook-checker   the notebook's set-up cell: the same, plus the visible checks and `check()`

Only modules that compute no answer travel: the catalogue, grading's feedback, diagnosis, slips, values and
compare, the self-check itself (and the chain checker and its derivations' data for an assignment of
derivations). The hidden checks (graders/), the
reference solutions, misconceptions.py (it recomputes answers) and the sandbox never do; the release's leak
check (generate.leaks) reads every carried module back and refuses any other.
"""

from __future__ import annotations

from .. import catalogue
from ..catalogue.store import HERE, load_languages
from ..symbolic.derivations import carried_value
from .embed import Bundle

CHECKER = [
    "catalogue",
    "catalogue.message",
    "catalogue.store",
    "grading.feedback",
    "grading.values",
    "grading.diagnosis",
    "grading.slips",
    "grading.tolerance",
    "grading.compare",
    "selfcheck",
    "selfcheck.forbidden",
    "selfcheck.local",
    "selfcheck.run",
]
NOTEBOOK = ["selfcheck.notebook"]
DERIVATIONS = [
    "symbolic.messages",
    "symbolic.runner",
    "symbolic.tree",
    "symbolic.symbols",
    "symbolic.rebuild",
    "symbolic.parse",
    "symbolic.normal",
    "symbolic.show",
    "symbolic.equivalence",
    "symbolic.moves",
    "symbolic.route",
    "symbolic.progress",
    "symbolic.jobs",
    "symbolic.chain",
    "symbolic.practice",
    "symbolic.derivations",
]

# The catalogue a carried copy speaks: whole domains, plus the entries of one assignment from the shared ones.
DOMAINS = ("engine", "misconceptions", "graders")
NOTEBOOK_DOMAINS = ("selfcheck",)
SYMBOLIC_DOMAINS = ("derivations",)
ALLOWED = frozenset(CHECKER + NOTEBOOK + DERIVATIONS)  # what a leak check accepts in a carried bundle


def modules(assignment, notebook: bool) -> list:
    carried = list(CHECKER)
    if assignment.is_derivation:
        carried += DERIVATIONS
    if notebook:
        carried += NOTEBOOK
    return carried


def entries(assignment, notebook: bool) -> dict:
    """{language: {key: template}} of what the checks of `assignment` can say, in every language (and, in a
    notebook, what `check()` says around them: its lines, the hints, why it matters)."""
    domains = DOMAINS + (SYMBOLIC_DOMAINS if assignment.is_derivation else ())
    domains += NOTEBOOK_DOMAINS if notebook else ()
    own = (f"check:test_{assignment.id}_visible:",) + ((f"lesson:{assignment.id}:",) if notebook else ())
    chosen = {}
    for code, language in load_languages([HERE]).items():  # the kit's own sentences, whatever AUTOGRADER_CATALOGUE adds
        chosen[code] = {
            key: template
            for key, template in language.messages.items()
            if language.origin[key].stem in domains or key.startswith(own) or key == "check_name"
        }
    return chosen


def course_facts(assignment, language: str) -> dict:
    """What `check()` needs to know of the course: the assignment, its problems' points, the language, the packages
    it forbids."""
    return {
        "ASSIGNMENT": assignment.id,
        "POINTS": [[p, float(v)] for p, v in assignment.problems.items()],  # in order
        "LANGUAGE": catalogue.resolve_language(language) or catalogue.SOURCE_LANGUAGE,
        "FORBIDDEN": list(assignment.forbidden_imports),  # refused by the self-check as by the grade
    }


def bundle(name: str, assignment, language: str, visible_source: str | None = None) -> Bundle:
    """The Bundle a marker names, for one assignment."""
    if name not in ("checker", "notebook-checker"):
        raise ValueError(f"kit-embed: no bundle {name!r} (checker, notebook-checker)")
    notebook = name == "notebook-checker"
    values = {
        "catalogue.carried": {"ENTRIES": entries(assignment, notebook)},
        "selfcheck.course": course_facts(assignment, language),
    }
    if assignment.is_derivation:  # the chain checker grades the derivations declared beside the graders
        values["symbolic.carried"] = {"DERIVATIONS": carried_value(assignment.id)}
    sources = {"selfcheck.visible": visible_source} if notebook and visible_source is not None else {}
    return Bundle(modules(assignment, notebook), sources, values)


__all__ = ["bundle", "modules", "entries", "course_facts", "ALLOWED", "CHECKER"]
