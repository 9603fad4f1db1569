"""`autograder batch SUBMISSIONS --assignment ID --out OUT`: the command-line door to `run_batch`.

Exit 0 when the batch ran (whatever the scores, even if some students' folders were unusable: they are
listed); a missing folder, an unknown assignment, an unreachable scheduler or a cluster without a worker that can grade
is a KitError (one line, exit 2).
"""

from __future__ import annotations

from .runner import run_batch


def run(args) -> int:
    if not getattr(args, "dask", None):  # one grading process per worker, starting while course.yml is read
        from ..grading.supervisor import start_early
        from .runner import default_jobs

        start_early(args.jobs if args.jobs and args.jobs > 0 else default_jobs())
    from ..course import load_course

    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    summary = run_batch(
        args.submissions,
        args.assignment,
        args.out,
        jobs=args.jobs or 0,
        force=args.force,
        seed=args.seed,
        lang=args.lang,
        dask=getattr(args, "dask", None),
        course=course,
        submitted_at_from=getattr(args, "submitted_at_from", None),
        min_isolation=getattr(args, "min_isolation", None),
        dask_wait=getattr(args, "dask_wait", None),
        roster=getattr(args, "roster", None),
    )
    from .. import catalogue

    lang = catalogue.resolve_language(args.lang or course.language) or catalogue.SOURCE_LANGUAGE
    for line in summary.lines(lang=lang):
        print(line)
    return 0
