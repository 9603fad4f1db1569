"""The `autograder` command: every door of the kit, one subcommand each.

Bad usage or input (unknown assignment, missing file, broken course.yml) prints one line and exits 2;
a graded submission exits 0 whatever its score. Heavy modules are imported inside the commands so that
each door pays only for what it uses.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from .errors import KitError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: one line, exit 2, like every bad input
        raise KitError(f"{self.prog}: {message}")


def _course(args, warn: bool = True):
    """course.yml (--course or the kit's); its warnings go to stderr, so no command hides them."""
    from .course import load_course
    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    if warn:
        for warning in course.warnings:
            print(f"autograder: warning: {course.path.name if course.path else 'course.yml'}: {warning}",
                  file=sys.stderr)
    return course


# ---- student and instructor commands ------------------------------------------------------------
def cmd_grade(args) -> int:
    from .grading.supervisor import grade_submission
    from .atomic import write_json_atomic
    from .reporting.terminal import print_report

    from .grading.late import parse_time

    course = _course(args)
    submitted_at = parse_time(args.submitted_at) if args.submitted_at else None
    report = grade_submission(args.submission, args.assignment, course=course, lang=args.lang,
                              seed=args.seed, student=args.student, submitted_at=submitted_at)
    if args.results:
        write_json_atomic(report.to_results(), args.results)
    print_report(report, results_path=args.results)
    return 0


def cmd_check(args) -> int:
    from . import paths
    from .grading.supervisor import grade_submission
    from .reporting.terminal import print_check

    course = _course(args)
    course.assignment(args.assignment)
    target = Path(args.file) if args.file else paths.assignments_dir() / args.assignment / f"{args.assignment}.py"
    report = grade_submission(target, args.assignment, course=course, lang=args.lang, visible=True)
    print_check(report, target)
    return 0


def cmd_check_course(args) -> int:
    course = _course(args, warn=False)
    name = course.path.name if course.path else "course.yml"
    for warning in course.warnings:
        print(f"warning: {name}: {warning}")
    print(f"{course.title}: {len(course.assignments)} assignments, language {course.language} — OK")
    if not args.dry_run:
        return 0
    from .dry_run import dry_run, failures, table_lines
    print("dry run: the reference solution through every door (score / max):", flush=True)
    scores = dry_run(course, args.assignment or None)
    for line in table_lines(scores):
        print(line)
    print("classroom runs only the visible checks, which tell students early; the grade comes from the other doors.")
    wrong = failures(scores)
    if wrong:
        raise KitError(f"the reference did not get full marks through every door: {'; '.join(wrong)}")
    return 0


def cmd_generate(args) -> int:
    from .authoring.generate import check_drift, generate_all
    if args.check:
        drift = check_drift(None)
        for line in drift:
            print(line)
        if drift:
            raise KitError(f"{len(drift)} generated file(s) differ from solutions/: run `autograder generate`")
        print("generated files match solutions/")
        return 0
    for path in generate_all(None):
        print(f"wrote {path}")
    return 0


def cmd_release(args) -> int:
    from .authoring.release import release
    course = _course(args)
    course.assignment(args.assignment)
    out = release(args.assignment, Path(args.out), None)
    if args.classroom:
        from .integrations.classroom import add_classroom
        add_classroom(args.assignment, out, course)
    print(f"released {args.assignment} to {out}")
    return 0


def _optional(name: str, module: str, func: str):
    def run(args):
        try:
            mod = __import__(f"autograder.{module}", fromlist=[func])
        except ModuleNotFoundError as exc:
            raise KitError(f"`autograder {name}` needs a part that is not installed: {exc.name}") from None
        return getattr(mod, func)(args)
    return run


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="autograder", description="Grade, check and release the classification-loss exercises.")
    parser.add_argument("--course", help="path to course.yml (default: the kit's own)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("grade", help="grade one submission with the hidden checks and write results.json")
    p.add_argument("submission", help="a .py file or a .ipynb notebook")
    p.add_argument("--assignment", "-a", required=True)
    p.add_argument("--results", help="where to write results.json (Gradescope format)")
    p.add_argument("--seed", type=int, help="grading seed (default: course.yml's)")
    p.add_argument("--student", help="the student's identity for seeding (default: the file name)")
    p.add_argument("--lang", choices=["en", "zh-TW"])
    p.add_argument("--submitted-at", metavar="ISO_TIME", help="when it was handed in: applies course.yml's late policy")
    p.set_defaults(run=cmd_grade)

    p = sub.add_parser("check", help="run an assignment's visible checks on your file (self-study)")
    p.add_argument("assignment")
    p.add_argument("file", nargs="?", help="your .py or .ipynb (default: the stub in assignments/)")
    p.add_argument("--lang", choices=["en", "zh-TW"])
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("check-course", help="validate course.yml (--dry-run: grade the reference through every door)")
    p.add_argument("--dry-run", action="store_true",
                   help="grade each reference solution through grade, batch, nbgrader, Gradescope and Classroom")
    p.add_argument("--assignment", "-a", action="append", help="only this assignment (repeatable)")
    p.set_defaults(run=cmd_check_course)

    p = sub.add_parser("generate", help="regenerate stubs, notebooks and visible tests from solutions/")
    p.add_argument("--check", action="store_true", help="only report files that differ")
    p.set_defaults(run=cmd_generate)

    p = sub.add_parser("release", help="build the student bundle of an assignment")
    p.add_argument("assignment")
    p.add_argument("--out", required=True)
    p.add_argument("--classroom", action="store_true", help="add GitHub Classroom autograding of the visible checks")
    p.set_defaults(run=cmd_release)

    p = sub.add_parser("batch", help="grade a folder of submissions in parallel, resumably")
    p.add_argument("submissions", help="a folder of submissions, or an LMS or Gradescope export (.zip)")
    p.add_argument("--assignment", "-a", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: CPU count)")
    p.add_argument("--force", action="store_true", help="regrade even what is already graded")
    p.add_argument("--seed", type=int)
    p.add_argument("--lang", choices=["en", "zh-TW"])
    p.add_argument("--dask", metavar="ADDRESS", help="send the work to a Dask scheduler")
    p.set_defaults(run=_optional("batch", "batch.cli", "run"))

    p = sub.add_parser("report", help="write OUT/report.html (and every feedback page it links to) from a batch's results")
    p.add_argument("out")
    p.add_argument("--lang", choices=["en", "zh-TW"])
    p.add_argument("--submissions", metavar="DIR", help="the batch's submissions, to compare near-identical code too")
    p.set_defaults(run=_optional("report", "reporting.commands", "report"))

    p = sub.add_parser("feedback", help="write one feedback page per student from a batch's results")
    p.add_argument("out")
    p.add_argument("--lang", choices=["en", "zh-TW"])
    p.set_defaults(run=_optional("feedback", "reporting.commands", "feedback"))

    p = sub.add_parser("gradebook", help="merge the batches of every assignment into one gradebook (+ Canvas, Moodle CSVs)")
    p.add_argument("outs", nargs="+", metavar="OUT", help="the --out folder of each assignment's batch")
    p.add_argument("--out", help="where to write the gradebook (default: the folder holding the OUT folders)")
    p.add_argument("--overrides", metavar="FILE", help="YAML list of scores set by hand: student, assignment, score, reason, by")
    p.add_argument("--roster", metavar="FILE", help="CSV of who each student is in the LMS (student, name, email, canvas_id, …)")
    p.add_argument("--lang", choices=["en", "zh-TW"])
    p.set_defaults(run=_optional("gradebook", "gradebook.cli", "run"))

    p = sub.add_parser("nbgrader-course", help="write a complete nbgrader course from course.yml")
    p.add_argument("--out", required=True)
    p.set_defaults(run=_optional("nbgrader-course", "integrations.nbgrader_course", "run"))

    p = sub.add_parser("gradescope", help="build a Gradescope autograder bundle (autograder.zip)")
    p.add_argument("assignment")
    p.add_argument("--out", required=True)
    p.set_defaults(run=_optional("gradescope", "integrations.gradescope", "run"))
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM (what `timeout`, Slurm and `docker stop` send), handled like Ctrl-C: finished work is kept."""


def _terminate(signum, frame):
    raise Terminated()


def main(argv: list | None = None) -> int:
    parser = build_parser()
    previous = signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() else None
    try:
        args = parser.parse_args(argv)
        return int(args.run(args) or 0)
    except KitError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Terminated:
        print("autograder: terminated (SIGTERM); finished work is kept", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("autograder: interrupted; finished work is kept", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the kit: one line, the traceback only on request
        if os.environ.get("AUTOGRADER_DEBUG"):
            raise
        print(f"autograder: internal error: {type(exc).__name__}: {exc} (set AUTOGRADER_DEBUG=1 for details)", file=sys.stderr)
        return 3
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
