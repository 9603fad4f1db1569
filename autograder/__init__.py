"""The classification-loss teaching kit: reference exercises, an isolated grading engine, and its doors (CLI,
batch, nbgrader, Gradescope).

The student-safe part (autograder/checker/) reads no file: the kit provides it the catalogue's YAML files, the
derivations declared beside the graders and its killable sympy workers here, on first use of each."""

from .version import __version__ as __version__


def _catalogue():
    from .catalogue.store import load_languages

    return load_languages()


def _codes():
    from .catalogue.store import language_codes

    return language_codes()


def _derivations():
    from .derivation_data import kit_data

    return kit_data()


def _runner():
    from .grading.budget import default_budget

    return default_budget()


def _provide() -> None:
    from .checker import sources

    sources.provide(catalogue=_catalogue, codes=_codes, derivations=_derivations, runner=_runner)


_provide()
