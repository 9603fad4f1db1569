"""The `autograder report` and `autograder feedback` commands over a batch's OUT folder."""
from __future__ import annotations

from pathlib import Path

from ..course import load_course


def report(args) -> int:
    from .class_report import write_class_report
    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    path = write_class_report(Path(args.out), course=course, lang=args.lang)
    print(f"wrote {path}")
    return 0


def feedback(args) -> int:
    from .feedback_pages import write_feedback_pages
    pages = write_feedback_pages(Path(args.out), lang=args.lang)
    print(f"wrote {len(pages)} feedback page(s) under {args.out}")
    return 0
