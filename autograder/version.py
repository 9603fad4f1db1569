"""The kit's version: a module of its own, below everything, so that what reads it (a cluster's identity of the kit)
does not import the package's wiring (autograder/__init__.py)."""

__version__ = "0.1.0"
