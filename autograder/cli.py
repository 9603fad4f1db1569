"""The `autograder` command: every door of the kit, one subcommand each.

Bad usage or input (unknown assignment, missing file, broken course.yml) prints one line and exits 2;
a graded submission exits 0 whatever its score. Heavy modules are imported inside the commands so that
each door pays only for what it uses. Everything printed comes from the catalogue, in the language of
`--lang`, else course.yml's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
import threading
from pathlib import Path

from . import catalogue
from .catalogue import Message, say
from .errors import KitError, Terminated

# argparse's own error sentences (English), each as a catalogue message with what it names.
_USAGE = [
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "error:args_required"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "error:args_unrecognized"),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<value>'[^']*')"), "error:arg_invalid_choice"),
    (re.compile(r"argument (?P<arg>\S+): invalid \w+ value: (?P<value>.+)"), "error:arg_invalid_value"),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "error:arg_expected_one"),
]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors: one line, exit 2, like every bad input
        for pattern, key in _USAGE:
            match = pattern.fullmatch(message)
            if match:
                message = Message(key, **match.groupdict())
                break
        raise KitError(Message("cli:usage_error", prog=self.prog, message=message))


def _language(text: str) -> str:
    """--lang: any language of the catalogue, matched loosely (zh-tw, zh_TW)."""
    found = catalogue.resolve_language(text)
    if found is None:
        raise argparse.ArgumentTypeError(
            say("error:unknown_language", language=text, known=", ".join(catalogue.languages()))
        )
    return found


def _course(args, warn: bool = True):
    """course.yml (--course or the kit's); its warnings go to stderr, so no command hides them."""
    from .course import load_course

    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    if warn:
        for warning in course.warnings:
            print(
                _say(
                    args, "cli:course_warning", file=course.path.name if course.path else "course.yml", warning=warning
                ),
                file=sys.stderr,
            )
    return course


def _given_language(argv: list) -> str | None:
    """--lang as written on the command line, read before parsing (the help and the errors speak it too)."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return catalogue.resolve_language(argv[index + 1])
        if arg.startswith("--lang="):
            return catalogue.resolve_language(arg.partition("=")[2])
    return None


def _course_language(argv: list) -> str:
    """course.yml's language (of --course when given), or the source language when it cannot be read."""
    try:
        from .course import load_course

        path = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--course"), None)
        return load_course(path).language if path else load_course().language
    except Exception:  # an error message must not fail for want of a language
        return catalogue.SOURCE_LANGUAGE


def _ui_language(args) -> str:
    """The language to speak to this user: --lang, else course.yml's (read only when something is printed)."""
    if getattr(args, "ui_lang", None) is None:
        args.ui_lang = getattr(args, "lang", None) or _course_language(getattr(args, "argv", []))
    return args.ui_lang


def _say(args, key: str, **params) -> str:
    return say(key, _ui_language(args), **params)


# ---- student and instructor commands ------------------------------------------------------------
def cmd_grade(args) -> int:
    from .grading.supervisor import grade_submission, start_early

    start_early()  # its start-up overlaps reading course.yml and the imports below
    from .atomic import write_json_atomic
    from .grading.late import parse_time
    from .reporting.terminal import print_report

    course = _course(args)
    submitted_at = parse_time(args.submitted_at, course.timezone) if args.submitted_at else None
    report = grade_submission(
        args.submission,
        args.assignment,
        course=course,
        lang=args.lang,
        seed=args.seed,
        student=args.student,
        submitted_at=submitted_at,
    )
    if args.results:
        write_json_atomic(report.to_results(), args.results)
    print_report(report, results_path=args.results)
    return 0


def cmd_check(args) -> int:
    from .grading.supervisor import grade_submission, start_early

    start_early()  # as for `grade`
    from . import paths
    from .reporting.terminal import print_check

    course = _course(args)
    course.assignment(args.assignment)
    target = Path(args.file) if args.file else paths.assignments_dir() / args.assignment / f"{args.assignment}.py"
    report = grade_submission(target, args.assignment, course=course, lang=args.lang, visible=True, own_work=True)
    print_check(report, target)
    return 0


def cmd_check_course(args) -> int:
    from .course import check_identities

    course = _course(args, warn=False)
    name = course.path.name if course.path else "course.yml"
    check_identities(course)  # an extension for an id of nobody in the roster would silently not apply
    for warning in course.warnings:
        print(_say(args, "cli:check_warning", file=name, warning=warning))
    if course.roster is None and any(a.extensions for a in course.assignments.values()):
        print(_say(args, "cli:check_warning", file=name, warning=_say(args, "roster:check_course_no_roster")))
    print(_say(args, "cli:course_ok", title=course.title, count=len(course.assignments), language=course.language))
    if not args.dry_run:
        return 0
    from .dry_run import dry_run, failures, table_lines

    print(_say(args, "cli:dry_run_heading"), flush=True)
    scores = dry_run(course, args.assignment or None)
    for line in table_lines(scores):
        print(line)
    print(_say(args, "cli:dry_run_classroom"))
    wrong = failures(scores)
    if wrong:
        raise KitError(Message("error:dry_run_failed", doors="; ".join(wrong)))
    return 0


def cmd_doctor(args) -> int:
    """The isolation level student code gets on this machine, what it does not cover, and course.yml's verdict."""
    from .sandbox.levels import Level, refusal, required
    from .sandbox.process import Zygote

    course = _course(args)
    zygote = Zygote().start()
    try:
        level = Level.from_status(zygote.report())
    finally:
        zygote.cleanup()
    lang = _ui_language(args)
    for line in level.describe():
        print(line.render(lang))
    refused = refusal(course.min_isolation, level)
    print(
        _say(
            args,
            "isolation:required",
            setting=course.min_isolation,
            wanted=required(course.min_isolation, level),
            verdict=refused.render(lang) if refused else _say(args, "isolation:allowed"),
        )
    )
    return 0


def cmd_generate(args) -> int:
    from .authoring.generate import check_drift, generate_all

    if args.check:
        drift = check_drift(None)
        for line in drift:
            print(line)
        if drift:
            raise KitError(f"{len(drift)} generated file(s) differ from solutions/: run `autograder generate`")
        print(_say(args, "cli:generated_match"))
        return 0
    for path in generate_all(None):
        print(_say(args, "cli:wrote", path=str(path)))
    return 0


def cmd_release(args) -> int:
    from .authoring.release import release

    course = _course(args)
    course.assignment(args.assignment)
    out = release(args.assignment, Path(args.out), None, getattr(args, "lang", None))
    if args.classroom:
        from .integrations.classroom import add_classroom

        add_classroom(args.assignment, out, course)
    print(_say(args, "cli:released", assignment=args.assignment, out=str(out)))
    return 0


@contextlib.contextmanager
def _part(name: str):
    """Around a command's imports: a part of the kit the installation lacks (nbgrader, Dask) is one line, not a
    traceback."""
    try:
        yield
    except ModuleNotFoundError as exc:
        raise KitError(Message("error:missing_part", command=name, part=str(exc.name))) from None


def cmd_batch(args) -> int:
    with _part("batch"):
        from .batch.cli import run
    return run(args)


def cmd_canvas_times(args) -> int:
    with _part("canvas-times"):
        from .integrations.canvas_times import run
    return run(args)


def _found_again(out: Path, submissions: str, assignment_id: str) -> dict:
    """For the report: the files a batch graded, found again in SUBMISSIONS as the batch found them."""
    from .batch.runner import found_again

    return found_again(out, submissions, assignment_id)


def cmd_report(args) -> int:
    with _part("report"):
        from .reporting.commands import report
    return report(args, _found_again)


def cmd_feedback(args) -> int:
    with _part("feedback"):
        from .reporting.commands import feedback
    return feedback(args)


def cmd_gradebook(args) -> int:
    with _part("gradebook"):
        from .gradebook.cli import run
    return run(args)


def cmd_nbgrader_course(args) -> int:
    with _part("nbgrader-course"):
        from .integrations.nbgrader_course import run
    return run(args)


def cmd_gradescope(args) -> int:
    with _part("gradescope"):
        from .integrations.gradescope import run
    return run(args)


def build_parser(lang: str = catalogue.SOURCE_LANGUAGE) -> argparse.ArgumentParser:
    def h(key: str, **params) -> str:
        return say(f"cli:help:{key}", lang, **params).replace("%", "%%")

    def add_lang(p) -> None:
        p.add_argument(
            "--lang", type=_language, metavar="LANG", help=h("lang", languages=", ".join(catalogue.languages()))
        )

    parser = _Parser(prog="autograder", description=h("description"))
    parser.add_argument("--course", help=h("course"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("grade", help=h("grade"))
    p.add_argument("submission", help=h("submission"))
    p.add_argument("--assignment", "-a", required=True)
    p.add_argument("--results", help=h("results"))
    p.add_argument("--seed", type=int, help=h("seed"))
    p.add_argument("--student", help=h("student"))
    add_lang(p)
    p.add_argument("--submitted-at", metavar="ISO_TIME", help=h("submitted_at"))
    p.set_defaults(run=cmd_grade)

    p = sub.add_parser("check", help=h("check"))
    p.add_argument("assignment")
    p.add_argument("file", nargs="?", help=h("file"))
    add_lang(p)
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("check-course", help=h("check_course"))
    p.add_argument("--dry-run", action="store_true", help=h("dry_run"))
    p.add_argument("--assignment", "-a", action="append", help=h("dry_run_assignment"))
    p.set_defaults(run=cmd_check_course)

    p = sub.add_parser("doctor", help=h("doctor"))
    add_lang(p)
    p.set_defaults(run=cmd_doctor)

    p = sub.add_parser("generate", help=h("generate"))
    p.add_argument("--check", action="store_true", help=h("generate_check"))
    p.set_defaults(run=cmd_generate)

    p = sub.add_parser("release", help=h("release"))
    p.add_argument("assignment")
    p.add_argument("--out", required=True, help=h("out"))
    p.add_argument("--classroom", action="store_true", help=h("classroom"))
    add_lang(p)
    p.set_defaults(run=cmd_release)

    p = sub.add_parser("batch", help=h("batch"))
    p.add_argument("submissions", help=h("submissions"))
    p.add_argument("--assignment", "-a", required=True)
    p.add_argument("--out", required=True, help=h("out"))
    p.add_argument("--jobs", "-j", type=int, default=0, help=h("jobs"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("--seed", type=int, help=h("seed"))
    add_lang(p)
    p.add_argument("--dask", metavar="ADDRESS", help=h("dask"))
    p.add_argument("--submitted-at-from", metavar="SOURCE", help=h("submitted_at_from"))
    p.add_argument("--min-isolation", choices=("none", "landlock", "userns", "root"), help=h("min_isolation"))
    p.add_argument("--dask-wait", metavar="SECONDS", type=float, help=h("dask_wait"))
    p.add_argument("--roster", metavar="FILE", help=h("batch_roster"))
    p.add_argument("--dask-insecure", action="store_true", help=h("dask_insecure"))
    p.set_defaults(run=cmd_batch)

    p = sub.add_parser("canvas-times", help=h("canvas_times"))
    p.add_argument("submissions_json", nargs="+", metavar="JSON", help=h("canvas_times_json"))
    p.add_argument("--out", required=True, help=h("canvas_times_out"))
    p.set_defaults(run=cmd_canvas_times)

    p = sub.add_parser("report", help=h("report"))
    p.add_argument("out", help=h("results_folder"))
    add_lang(p)
    p.add_argument("--submissions", metavar="DIR", help=h("report_submissions"))
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("feedback", help=h("feedback"))
    p.add_argument("out", help=h("results_folder"))
    add_lang(p)
    p.set_defaults(run=cmd_feedback)

    p = sub.add_parser("gradebook", help=h("gradebook"))
    p.add_argument("outs", nargs="+", metavar="OUT", help=h("gradebook_outs"))
    p.add_argument("--out", help=h("gradebook_out"))
    p.add_argument("--overrides", metavar="FILE", help=h("gradebook_overrides"))
    p.add_argument("--roster", metavar="FILE", help=h("gradebook_roster"))
    add_lang(p)
    p.set_defaults(run=cmd_gradebook)

    p = sub.add_parser("nbgrader-course", help=h("nbgrader_course"))
    p.add_argument("--out", required=True, help=h("out"))
    p.set_defaults(run=cmd_nbgrader_course)

    p = sub.add_parser("gradescope", help=h("gradescope"))
    p.add_argument("assignment")
    p.add_argument("--out", required=True, help=h("out"))
    p.set_defaults(run=cmd_gradescope)
    return parser


def _terminate(signum, frame):
    raise Terminated()


def _tolerant(stream) -> None:
    """A console that cannot encode a character (Big5/cp950 has no ⟨ or −) shows "?", never a traceback."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


def main(argv: list | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        _tolerant(stream)
    previous = (
        signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() else None
    )
    lang = _given_language(argv)
    if lang is None and any(a in ("-h", "--help") for a in argv):
        lang = _course_language(argv)
    parser = build_parser(lang or catalogue.SOURCE_LANGUAGE)
    try:
        args = parser.parse_args(argv)
        args.argv, args.ui_lang = argv, lang
        return int(args.run(args) or 0)
    except KitError as exc:
        lang = lang or _course_language(argv)
        print(say("cli:error", lang, message=exc.render(lang)), file=sys.stderr)
        return exc.exit_code
    except Terminated:
        print(say("cli:terminated", lang or catalogue.SOURCE_LANGUAGE), file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print(say("cli:interrupted", lang or catalogue.SOURCE_LANGUAGE), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the kit: one line, the traceback only on request
        if os.environ.get("AUTOGRADER_DEBUG"):
            raise
        print(
            say("cli:internal_error", lang or catalogue.SOURCE_LANGUAGE, type=type(exc).__name__, message=str(exc)),
            file=sys.stderr,
        )
        return 3
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
