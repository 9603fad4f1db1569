"""The roster lives with the course (autograder/roster.py): every door, not only the gradebook, names students by it."""

from ..roster import COLUMNS, ID_COLUMNS, Person, Roster, load_roster

__all__ = ["load_roster", "Roster", "Person", "COLUMNS", "ID_COLUMNS"]
