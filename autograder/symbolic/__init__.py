"""Derivations checked by sympy, step by step (assignment a4_derivations).

`grade_chain(problem, steps, lang, step_seconds)` grades one chain; `check_equivalent(a, b, problem, budget)`
compares two steps; `parse_step(text, problem)` reads a step written as Python-like text or LaTeX without
executing it. See chain.py for what a step, a move and the goal mean.
"""
from .chain import SPECS, ChainGrade, Part, grade_chain, is_sum_of_logs
from .equivalence import Verdict, check_equivalent
from .parse import parse_step
from .symbols import DerivationInputError, canonicalize

__all__ = [
    "grade_chain", "ChainGrade", "Part", "SPECS", "is_sum_of_logs",
    "check_equivalent", "Verdict", "parse_step", "canonicalize", "DerivationInputError",
]
