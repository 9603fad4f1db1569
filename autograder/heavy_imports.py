"""Imports of heavy libraries, done where they are first needed and without their costly optional parts.

jsonschema (and nbformat, which validates notebooks with it) imports the optional `rfc3987_syntax` when it is
installed (nbgrader's dependencies install it), and that package compiles a Lark grammar at import: about 1 s,
more than grading a submission. No schema or notebook the kit reads uses the IRI formats it checks, so the kit
marks it absent before the first import; jsonschema then simply leaves those formats unchecked.
"""

from __future__ import annotations

import sys


def _skip_iri_grammar() -> None:
    if "jsonschema" not in sys.modules:  # too late once jsonschema is in: it has looked for the package already
        sys.modules.setdefault("rfc3987_syntax", None)


def jsonschema():
    _skip_iri_grammar()
    import jsonschema as module

    return module


def nbformat():
    _skip_iri_grammar()
    import nbformat as module

    return module
