"""`autograder gradebook OUT... [--out DIR] [--overrides FILE] [--roster FILE]`: one table for the whole course.

Writes gradebook.html, gradebook.csv, canvas_grades.csv and moodle_grades.csv into DIR (default: the folder that
holds the OUT folders, so the page's links to the feedback pages stay short), each atomically.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..atomic import write_text_atomic
from ..errors import KitError


def run(args) -> int:
    from ..course import load_course
    from ..reporting._common import resolve_lang
    from ..roster import load_roster
    from .book import build_gradebook
    from .lms import canvas_csv, gradebook_csv, import_warnings, moodle_csv
    from .overrides import load_overrides
    from .page import build_gradebook_html

    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    outs = [Path(p) for p in args.outs]
    for out in outs:
        if not out.is_dir():
            raise KitError(f"not a batch's results folder: {out}")
    target = Path(args.out) if args.out else Path(os.path.commonpath([str(o.resolve().parent) for o in outs]))
    if target.exists() and not target.is_dir():
        raise KitError(f"--out {target} exists and is not a folder")
    roster = load_roster(args.roster) if args.roster else course.roster
    overrides = load_overrides(args.overrides) if args.overrides else []
    book = build_gradebook(outs, course, overrides, roster)
    lang = resolve_lang(args.lang or course.language)
    target.mkdir(parents=True, exist_ok=True)
    canvas, canvas_joins = canvas_csv(book)
    moodle, moodle_joins = moodle_csv(book)
    written = [
        write_text_atomic(target / "gradebook.html", build_gradebook_html(book, target, lang, course.title)),
        write_text_atomic(target / "gradebook.csv", gradebook_csv(book), newline=""),
        write_text_atomic(target / "canvas_grades.csv", canvas, newline=""),
        write_text_atomic(target / "moodle_grades.csv", moodle, newline=""),
    ]
    print(f"{len(book.rows)} student(s), {len(book.columns)} assignment(s): " + ", ".join(c.id for c in book.columns))
    for warning in [*book.warnings, *import_warnings(book, canvas_joins, moodle_joins)]:
        print("warning: " + warning.render(lang))
    for path in written:
        print(f"wrote {path}")
    return 0
