"""The `autograder report` and `autograder feedback` commands over a batch's OUT folder."""
from __future__ import annotations

from pathlib import Path

from ..catalogue import say
from ..course import load_course


def report(args) -> int:
    from .class_report import write_class_report
    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    path = write_class_report(Path(args.out), course=course, lang=args.lang)
    print(say("cli:wrote", args.lang or course.language, path=str(path)))
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
