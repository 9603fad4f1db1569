"""Derivations checked by sympy, step by step (an assignment whose course.yml `kind` is derivation).

`grade_chain(problem, steps, lang, step_seconds)` grades one chain; `check_equivalent(a, b, problem, budget)`
compares two steps; `parse_step(text, problem)` reads a step written as Python-like text or LaTeX without
executing it. See chain.py for what a step, a move and the goal mean, and derivations.py for where each
derivation's data (start, goal, names, shares) comes from.

The names are loaded on first use, so that the wire can use `tree` (plain data, no sympy) in every grading
process without paying for sympy.
"""

_EXPORTS = {
    "grade_chain": "chain",
    "ChainGrade": "chain",
    "Part": "chain",
    "SPECS": "chain",
    "DERIVATIONS": "derivations",
    "check_equivalent": "chain",
    "Verdict": "equivalence",
    "parse_step": "parse",
    "canonicalize": "symbols",
    "DerivationInputError": "symbols",
    "SympyTree": "tree",
    "InvalidTree": "tree",
}

__all__ = sorted(_EXPORTS)


def _module(name: str):
    """The submodule that defines an export, imported now (plain imports, which the architecture test reads)."""
    if name == "chain":
        from . import chain as module
    elif name == "derivations":
        from . import derivations as module
    elif name == "equivalence":
        from . import equivalence as module
    elif name == "parse":
        from . import parse as module
    elif name == "symbols":
        from . import symbols as module
    else:
        from . import tree as module
    return module


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
