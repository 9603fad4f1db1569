"""The student-safe part of the kit: what a student's notebook and visible-test folder carry, and what the
grading engine runs too (one package, no copies).

It computes no answer: the comparisons and the contract's precision (compare.py, tolerance.py, values.py), why a
check failed and the misconceptions shown on the right answer itself (feedback.py, diagnosis.py, slips.py), the
catalogue's sentences in memory (catalogue.py, message.py), the self-check in the student's own process
(local.py, forbidden.py, run.py, notebook.py), and the chain checker of derivations (symbolic/). The hidden
checks, the reference solutions, the mistakes that recompute answers (grading/misconceptions.py) and the
sandbox stay outside.

The rule that lets it travel: its modules import only each other, the standard library, numpy, sympy (with its
mpmath) and lark; tests/test_checker_package.py holds it to that. It reads no file and knows no format: what it
needs (the catalogue, the derivations, a pool of killable workers) is provided (sources.py) by the kit when it
is imported, or by a carried copy from the data it carries (carried.py).
"""
