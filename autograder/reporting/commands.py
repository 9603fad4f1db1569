"""The `autograder report` and `autograder feedback` commands over a batch's OUT folder."""

from __future__ import annotations

from pathlib import Path

from ..catalogue import say
from ..course import load_course


def report(args, found_again) -> int:
    """`found_again(out, submissions, assignment_id)`: OUT folder name -> the graded file, found in SUBMISSIONS
    exactly as the batch found it (the batch's own discovery, passed in: reporting sits below batch)."""
    from ._common import load_results
    from .class_report import write_class_report
    from .feedback_pages import write_feedback_pages

    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    out = Path(args.out)
    pages = write_feedback_pages(out)  # the report links each student to their page
    subs, _ = load_results(out)
    assignment = next((s.assignment for s in subs if s.assignment), None)
    submissions = getattr(args, "submissions", None)
    sources = found_again(out, submissions, assignment) if submissions and assignment else None
    path = write_class_report(out, course=course, lang=args.lang, sources=sources)
    print(say("cli:wrote_report", args.lang or course.language, path=str(path), count=len(pages)))
    return 0


def feedback(args) -> int:
    from .feedback_pages import write_feedback_pages

    pages = write_feedback_pages(Path(args.out), lang=args.lang)
    lang = args.lang
    if lang is None:
        course = load_course(args.course) if getattr(args, "course", None) else load_course()
        lang = course.language
    print(say("cli:wrote_pages", lang, count=len(pages), out=str(args.out)))
    return 0
