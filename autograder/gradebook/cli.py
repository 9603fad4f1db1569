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
    from .book import build_gradebook
    from .lms import canvas_csv, gradebook_csv, moodle_csv
    from .overrides import load_overrides
    from .page import build_gradebook_html
    from .roster import load_roster

    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    outs = [Path(p) for p in args.outs]
    for out in outs:
        if not out.is_dir():
            raise KitError(f"not a batch's results folder: {out}")
    target = Path(args.out) if args.out else Path(os.path.commonpath([str(o.resolve().parent) for o in outs]))
    if target.exists() and not target.is_dir():
        raise KitError(f"--out {target} exists and is not a folder")
    roster = load_roster(args.roster) if args.roster else {}
    overrides = load_overrides(args.overrides) if args.overrides else []
    book = build_gradebook(outs, course, overrides, roster)
    lang = resolve_lang(args.lang or course.language)
    target.mkdir(parents=True, exist_ok=True)
    canvas, canvas_unmatched = canvas_csv(book, roster)
    moodle, moodle_unmatched = moodle_csv(book, roster)
    written = [
        write_text_atomic(target / "gradebook.html", build_gradebook_html(book, target, lang, course.title)),
        write_text_atomic(target / "gradebook.csv", gradebook_csv(book), newline=""),
        write_text_atomic(target / "canvas_grades.csv", canvas, newline=""),
        write_text_atomic(target / "moodle_grades.csv", moodle, newline=""),
    ]
    print(f"{len(book.rows)} student(s), {len(book.columns)} assignment(s): " + ", ".join(c.id for c in book.columns))
    for warning in book.warnings:
        print(f"warning: {warning}")
    for lms, missing in (("Canvas", canvas_unmatched), ("Moodle", moodle_unmatched)):
        if missing:
            shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
            print(
                f"warning: {len(missing)} student(s) without an id {lms} can match ({shown}): "
                f"give --roster with their {'canvas_id or sis_login_id' if lms == 'Canvas' else 'email or id_number'}"
            )
    for path in written:
        print(f"wrote {path}")
    return 0
