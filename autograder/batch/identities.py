"""Which student each entry of a batch is, by the ids its door gives, and what names them in the instructor's files.

With a roster, each entry's door ids (a Canvas user id, a Gradescope SID or e-mail, an nbgrader login, a folder
name) are looked up in it: the entry is that roster student, and anything naming the student by any of their ids
(an extension, a row of times.csv) applies to it. Without one, an entry is known by its door ids and its own id, so
an extension or a time written with the e-mail still finds the student a Gradescope export keys by SID. The OUT
folder and the seed stay the entry's own id (grades replay as before); the roster key is recorded beside them.

What cannot be matched is said, never dropped: entries the roster does not know (graded under their own id),
anonymous ones (Canvas's anonymous grading: nobody's name, kept as anon_<id>), entries whose ids name two roster
students, extensions that name no entry of the batch (without a roster, where nothing else can tell a misspelt id).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..catalogue import Message
from ..roster import door_ids, norm

MAX_SHOWN = 10


def shown(names: list) -> str:
    names = sorted(names)
    return ", ".join(names[:MAX_SHOWN]) + (", …" if len(names) > MAX_SHOWN else "")


@dataclass
class Identities:
    """entry.student -> its roster student (when a roster knows it) and every id it is known by."""

    roster: object = None
    person: dict = field(default_factory=dict)  # entry.student -> roster.Person
    ids: dict = field(default_factory=dict)  # entry.student -> [ids], the door's first
    warnings: list = field(default_factory=list)  # Messages

    def students_named(self, key) -> list[str]:
        """The entries `key` names: through the roster (any id of its student), else by any id of theirs."""
        if self.roster is not None:
            person = self.roster.find(key)
            if person is None:
                return []
            return sorted(s for s, p in self.person.items() if p.key == person.key)
        wanted = norm(key)
        return sorted(s for s, ids in self.ids.items() if wanted in {norm(i) for i in ids})


def identify(entries, roster=None) -> Identities:
    """Every entry's ids, and its roster student when there is a roster; what does not match, as warnings."""
    found = Identities(roster=roster)
    unknown, anonymous = [], []
    for entry in entries:
        ids = door_ids(entry.layout, entry.lms, entry.raw_id)
        own = [*ids, entry.student]
        if entry.lms.get("canvas_anonymous_id"):
            anonymous.append(entry.student)
        if roster is not None and ids:
            people = []
            for value in ids:
                person = roster.find(value)
                if person is not None and person not in people:
                    people.append(person)
            if len(people) > 1:
                found.warnings.append(
                    Message(
                        "batch:roster_conflict",
                        student=entry.student,
                        roster=roster.source,
                        first=people[0].key,
                        second=people[1].key,
                    )
                )
            if people:
                found.person[entry.student] = people[0]
                own += people[0].id_values()
            else:
                unknown.append(entry.student)
        found.ids[entry.student] = own
    if unknown:
        found.warnings.append(
            Message("batch:roster_unknown", count=len(unknown), roster=roster.source, students=shown(unknown))
        )
    if anonymous:
        found.warnings.append(Message("batch:anonymous", count=len(anonymous), students=shown(anonymous)))
    if roster is not None:
        present = {p.key for p in found.person.values()}
        absent = [p.key for p in roster if p.key not in present]
        if absent and found.person:
            found.warnings.append(
                Message("batch:roster_absent", count=len(absent), roster=roster.source, students=shown(absent))
            )
    return found


def with_entry_extensions(course, assignment_id: str, identities: Identities, file_name: str = "course.yml"):
    """The course with each entry's extension under the entry's own id (the id its grade is computed under), found
    by any id of the entry; and, without a roster, a warning for each extension that names no entry of the batch."""
    assignment = course.assignment(assignment_id)
    granted = assignment.extensions
    if not granted:
        return course, []
    by_id = {norm(k): due for k, due in granted.items()}
    keyed = dict(granted)
    for student, ids in identities.ids.items():
        dues = [by_id[norm(i)] for i in ids if norm(i) in by_id]
        if dues:
            keyed[student] = max(dues)
    warnings = []
    if identities.roster is None:
        for student in assignment.written_extensions or granted:
            if not identities.students_named(student):
                warnings.append(
                    Message(
                        "batch:extension_unmatched",
                        file=file_name,
                        where=f"assignments.{assignment_id}.extensions.{student}",
                    )
                )
    changed = dataclasses.replace(assignment, extensions=keyed)
    return dataclasses.replace(course, assignments={**course.assignments, assignment_id: changed}), warnings


__all__ = ["Identities", "identify", "with_entry_extensions", "shown"]
