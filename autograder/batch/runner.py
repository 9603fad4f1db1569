"""Grading a class: threads that each drive one supervised grading process with a warm `Grader` (what a thread or a
Dask worker does with one submission is worker_side.py; this module is the parent: what to grade, where, and what is
kept).

Why this shape:
- Start-up (numpy, pytest, collecting the graders, the student-process template) is paid once per
  grading process, never per submission: each one builds one `Grader` and grades many submissions.
- Each grading process is supervised (grading/supervisor.py): a submission that overruns its deadline,
  whatever it does to the grading process, has that process killed and replaced and gets the grade of
  what finished; the rest of the class goes on.
- The per-submission work goes through a `concurrent.futures` executor, so a Dask scheduler
  (`--dask ADDRESS`) can take the place of the local threads without changing anything else.
- Only this parent process writes under OUT, one atomic results.json per submission as soon as it is
  graded (a few writer threads at once: fsyncs committed together keep one parent ahead of a large
  cluster); grades.csv is rebuilt from those files. Killing the batch at any moment therefore loses only
  the submissions in flight (at most two per worker thread) and the results being written, and the next
  run skips what is already graded with the same content, graders, course settings, seed and language.
- On a Dask cluster (batch/cluster.py) every worker is checked before it grades, each result again when it
  arrives, and the parent keeps deadlines of its own: a stalled worker or a submission that never comes
  back is moved to another worker, then graded here, then recorded as an error; the batch never waits in
  silence.
- A fault of the machine is never a grade: a submission whose grading the machine stalled (a stopped or starved
  grading process, a grading process that died once, a lost worker or scheduler, a deadline reached) is graded
  again from the start before anything is recorded (grading/supervisor.py, here, on another worker), and the
  summary counts every regrade. If the machine stalls it every time, it is recorded as not graded (an error that
  the next run grades), never as a score.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import hashlib
import json
import os
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .. import student_files
from ..atomic import sweep_leftovers, write_json_atomic
from ..catalogue import SOURCE_LANGUAGE, Message, say
from ..errors import KitError
from ..grading.results import error_results
from ..grading.results_model import BatchInfo, KitData, Results
from .archives import shown as _shown
from .grades import neutralise, read_result, rebuild_grades_csv
from .identities import Identities, identify, shown, with_entry_extensions
from .layouts import Entry, discover
from .progress import make_progress
from .worker_side import GradingSetup, Packed, RawSubmission, Task, _grade_tasks, close_graders, deliver, unpacked

UNPACKED = ".unpacked"  # OUT/.unpacked/: the zips' contents (students' code never sees OUT)
IGNORED_CSV = "ignored.csv"  # OUT/ignored.csv: every file the batch left out, and why


def found_again(out: Path, submissions, assignment_id: str) -> dict:
    """OUT folder name -> the graded file, found again in SUBMISSIONS exactly as the batch found it (the report's
    links to each student's code)."""
    return {e.student: e.path for e in discover(submissions, assignment_id, unpack_to=Path(out) / UNPACKED) if e.path}


# ================================================================================ the parent side
@dataclass
class BatchSummary:
    """What a batch did; `lines()` is what the CLI prints."""

    assignment: str
    out: Path
    total: int = 0
    graded: int = 0
    skipped: int = 0
    errors: int = 0
    regrades: int = 0  # submissions graded again from the start because the machine stalled their grading
    workers: int = 0
    wall: float = 0.0
    grading_wall: float = 0.0
    write_seconds: float = 0.0  # the parent's own time writing results, summed over its writer threads
    grading_cpu: float = 0.0  # this process's CPU while grading: with Dask, the parent's own cost
    loop_cpu: float = 0.0  # the same from the first submission sent to the last result (no connecting, no checks)
    problems: list = field(default_factory=list)  # (student, message) for every error
    ignored: list = field(default_factory=list)  # (file as shown, reason) for every file left out
    warnings: list = field(default_factory=list)  # text or catalogue Messages
    late_marked: list = field(default_factory=list)  # students whose file Canvas marked LATE_
    grades_csv: Path | None = None
    report: Path | None = None
    report_error: str = ""

    @property
    def rate(self) -> float:
        return self.graded / self.grading_wall if self.grading_wall > 0 else 0.0

    def lines(self, max_problems: int = 20, lang: str = SOURCE_LANGUAGE) -> list[str]:
        def text(message) -> str:
            return message.render(lang) if hasattr(message, "render") else str(message)

        lines = [
            f"{self.assignment}: graded {self.graded}, skipped {self.skipped} (already graded), "
            f"errors {self.errors} — {self.total} submission(s), wall {self.wall:.1f} s"
            + (f", {self.rate:.1f} submissions/s with {self.workers} worker(s)" if self.graded else "")
        ]
        if self.regrades:
            lines.append(say("batch:regrades", lang, count=self.regrades))
        lines += [f"warning: {visible(text(warning))}" for warning in self.warnings]
        for where, reason in self.ignored[:max_problems]:  # names and reasons may quote what a student wrote
            lines.append(f"  ignored: {visible(where)}: {visible(text(reason))}")
        if len(self.ignored) > max_problems:
            more = len(self.ignored) - max_problems
            lines.append(
                "  " + Message("batch:ignored_more", count=more, file=str(self.out / IGNORED_CSV)).render(lang)
            )
        if self.late_marked:
            lines.append(
                Message("batch:late_marked", count=len(self.late_marked), students=shown(self.late_marked)).render(lang)
            )
        for student, message in self.problems[:max_problems]:
            lines.append(f"  error: {visible(student)}: {visible(str(message))}")
        if len(self.problems) > max_problems:
            lines.append(f"  … and {len(self.problems) - max_problems} more error(s): see {self.out / 'grades.csv'}")
        if self.grades_csv:
            lines.append(f"wrote {self.grades_csv}" + (f" and {self.report}" if self.report else ""))
        if self.report_error:
            lines.append(f"report.html not written: {self.report_error}")
        return lines


def visible(text: str) -> str:
    """Text for the instructor's terminal: no control character acts on it (see archives.shown)."""
    return _shown(text, limit=4000)


def fingerprint(assignment) -> str:
    """What else decides a grade besides the graders file: points, limits, imports, visibility, the reference."""
    from .. import paths

    reference = paths.solutions_dir() / f"{assignment.id}.py"
    try:
        reference_sha = hashlib.sha256(reference.read_bytes()).hexdigest()
    except OSError:
        reference_sha = ""
    settings = {
        "problems": assignment.problems,
        "limits": dataclasses.asdict(assignment.limits),
        "forbidden": list(assignment.forbidden_imports),
        "visibility": assignment.visibility,
        "reference": reference_sha,
        "late_policy": assignment.late_policy,
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class _Batch:
    """The parent's state for one run: where things go and what a result must match to be kept."""

    assignment: object
    submissions: Path
    out: Path
    seed: int
    lang: str
    graders_sha256: str
    fingerprint: str
    summary: BatchSummary
    times: dict = field(default_factory=dict)  # student -> trusted submission time (--submitted-at-from)
    # With a report, or on a cluster (whose results arrive as models): each result written is kept (folder name ->
    # Results) for grades.csv and the report, which then read no file this batch wrote; with a report (`pages`) each
    # student's page is written beside their grade, by the same thread.
    written: dict | None = None
    pages: bool = False
    paged: set = field(default_factory=set)  # the students whose page was written beside their grade
    identities: Identities = field(default_factory=Identities)  # each entry's roster student and ids

    def late_basis(self, entry: Entry) -> list:
        """What the late penalty depends on: the time handed in and the student's due date (extensions included)."""
        from ..grading.late import due_for

        moment, due = self.times.get(entry.student), due_for(self.assignment, entry.student)
        return [moment.isoformat() if moment else None, due.isoformat() if due else None]

    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def result_path(self, entry: Entry) -> Path:
        return self.out / entry.student / "results.json"

    def batch_info(self, entry: Entry, **notes) -> BatchInfo:
        info = {"fingerprint": self.fingerprint, "layout": entry.layout, "late_basis": tuple(self.late_basis(entry))}
        if entry.path is not None:
            try:
                info["source"] = str(entry.path.relative_to(self.submissions))
            except ValueError:
                info["source"] = str(entry.path)
        if entry.renamed:
            info["id_as_found"] = entry.raw_id
        if entry.lms:
            info["lms"] = dict(entry.lms)
        person = self.identities.person.get(entry.student)
        if person is not None:
            info["roster"] = person.key
        if entry.origin:  # e.g. "export.zip:alice_12_34_a1_encoding.py" for a file unpacked from a zip
            info["source"] = entry.origin
        return BatchInfo(**info, **notes)

    def up_to_date(self, entry: Entry, content_sha256: str) -> bool:
        found = read_result(self.result_path(entry))
        kit = found.kit_data if found is not None else KitData(status="error")
        batch = kit.batch or BatchInfo()
        return (
            kit.status == "graded"
            and kit.assignment == self.assignment.id
            and kit.student == entry.student
            and kit.content_sha256 == content_sha256
            and kit.graders_sha256 == self.graders_sha256
            and kit.seed == self.seed
            and kit.language == self.lang
            and batch.fingerprint == self.fingerprint
            and batch.late_basis == tuple(self.late_basis(entry))
        )

    def write_graded(
        self, entry: Entry, graded: Results | Packed, *, isolation: str | None = None, worker: str | None = None
    ) -> None:
        """Keep a graded result, with the isolation level its student ran under (instructor-only, like all of
        extra_data.kit) and, on a cluster, the worker that graded it."""
        written = time.perf_counter()
        self._check_identity(entry, graded)
        graded = unpacked(graded)
        graded = deliver(
            self.out, entry.student, graded, isolation=isolation, batch=self.batch_info(entry), worker=worker
        )
        self._keep(entry, graded)
        with self.lock:  # results are written by several threads at once (see _grade_all)
            self.summary.graded += 1
            self.summary.write_seconds += time.perf_counter() - written

    def keep_written(self, entry: Entry, graded: Results | Packed, *, paged: bool) -> None:
        """A result a worker sharing OUT has written already (results.json, and the page when `paged`): only what
        the report and grades.csv need of it is kept here."""
        self._check_identity(entry, graded)
        if self.written is not None and (paged or not self.pages):
            with self.lock:
                self.written[entry.student] = graded
                if paged:
                    self.paged.add(entry.student)
        else:
            self._keep(entry, graded)  # the page, where the worker wrote none
        with self.lock:
            self.summary.graded += 1

    def _check_identity(self, entry: Entry, graded: Results | Packed) -> None:
        kit = graded.kit_data
        if kit.student != entry.student or kit.assignment != self.assignment.id:
            raise KitError(f"a worker returned the result of {kit.student!r} for {entry.student!r}")

    def _keep(self, entry: Entry, results: Results | Packed) -> None:
        """What a report needs of a result just written: the model, and the student's page beside it."""
        if self.written is None:
            return
        if self.pages:
            results = unpacked(results)
        with self.lock:
            self.written[entry.student] = results
        if not self.pages:
            return
        from ..reporting.feedback_pages import write_feedback_page

        try:
            write_feedback_page(self.out, entry.student, results)
        except Exception:  # the grade is kept; the page is tried again with the report, which says what failed
            return
        with self.lock:
            self.paged.add(entry.student)

    def write_error(self, entry: Entry, message, content_sha256: str | None = None, **batch_notes) -> None:
        """A results.json with status "error" and score 0, rewritten only when it says something new."""
        written = time.perf_counter()
        data = error_results(
            message,
            lang=self.lang,
            kit=KitData(
                assignment=self.assignment.id,
                student=entry.student,
                seed=self.seed,
                language=self.lang,
                max_score=float(self.assignment.total_points),
                content_sha256=content_sha256,
                graders_sha256=self.graders_sha256,
                duration=0.0,
                batch=self.batch_info(entry, **batch_notes),
            ),
        )
        path = self.result_path(entry)
        results = Results.from_json(data)
        if read_result(path) != results:
            write_json_atomic(data, path)
        self._keep(entry, results)
        with self.lock:
            self.summary.errors += 1
            self.summary.problems.append(
                (entry.student, message.render(SOURCE_LANGUAGE) if hasattr(message, "render") else message)
            )
            self.summary.write_seconds += time.perf_counter() - written


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@dataclass
class _Placed:
    """One submission handed to the local threads."""

    future: cf.Future
    key: str
    sent: float
    workers: frozenset = frozenset()


class _LocalPool:
    """Threads in this process, each driving one supervised grading process (see `grade_task`).

    Each grading process has its own watchdog, so the parent needs no deadline here, and there is nowhere
    else to send a submission."""

    can_move = False

    def __init__(self, setup: GradingSetup, jobs: int):
        self.setup, self.jobs = setup, jobs
        self.threads = self.most_threads = jobs
        self.restarts = 0
        self.excluded: list = []
        self.pin = jobs == default_jobs() and jobs > 1  # pin only with exactly one process per usable core
        self.executor = cf.ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grade")

    def window(self) -> int:
        return 2 * self.jobs

    @staticmethod
    def deadline(limits) -> float:
        return float("inf")  # each grading process has its own watchdog

    @staticmethod
    def unpack(outcome):
        return outcome

    def poll(self) -> None:
        pass

    def check_alive(self) -> None:
        pass

    def submit(self, setup: GradingSetup, tasks: list, avoid: frozenset = frozenset(), infos=None) -> _Placed:
        return _Placed(self.executor.submit(_grade_tasks, setup, tasks, self.pin), "", time.monotonic())

    def started_at(self, placed) -> float:
        return placed.sent

    def close(self, abort: bool = False) -> None:
        if abort:  # Ctrl-C, SIGTERM or a fatal error: end the grading processes now, in-flight work included
            close_graders()
        self.executor.shutdown(wait=True, cancel_futures=True)
        close_graders()


def _load_course(course):
    from ..course import load_course

    if course is None:
        return load_course()
    if isinstance(course, (str, Path)):
        return load_course(course)
    return course


def run_batch(
    submissions: Path | str,
    assignment_id: str,
    out: Path | str,
    *,
    jobs: int = 0,
    force: bool = False,
    seed: int | None = None,
    lang: str | None = None,
    dask: str | None = None,
    course=None,
    progress: bool | None = None,
    report: bool = True,
    submitted_at_from: str | None = None,
    min_isolation: str | None = None,
    dask_wait: float | None = None,
    roster=None,
    dask_insecure: bool = False,
    dask_security=None,
) -> BatchSummary:
    """Grade every submission under `submissions` into OUT; see the module docstring for the guarantees.

    progress: None = a bar on a terminal and plain lines otherwise, True = plain lines, False = silent.
    dask: a scheduler's address (docs/cluster.md); dask_wait: seconds to wait for a worker that can grade;
    dask_insecure: allow plain tcp:// to an address that is not this machine's; dask_security: a
    distributed.security.Security to connect with (default: Dask's configuration).
    min_isolation: the weakest isolation level a result may be graded under (with dask, default: this machine's).
    roster: who the students are (a roster.Roster or its file; default course.yml's `roster`): each entry is matched
    to its student by the ids its door gives, and ids in course.yml or times.csv that name nobody are an error.
    """
    from .cluster import LEVELS, WAIT_SECONDS

    if dask and jobs:
        raise KitError(Message("error:dask_jobs"))
    if min_isolation is not None and min_isolation not in LEVELS:
        raise KitError(Message("error:min_isolation", level=min_isolation, levels=", ".join(LEVELS)))
    started = time.monotonic()
    course = _load_course(course)
    if min_isolation is not None:  # given for this batch: it also decides whether its graders may start
        course = dataclasses.replace(course, min_isolation=min_isolation)
    assignment = course.assignment(assignment_id)
    from .. import catalogue

    wanted, lang = lang or course.language, catalogue.resolve_language(lang or course.language)
    if lang is None:
        raise KitError(
            catalogue.Message("error:unknown_language", language=wanted, known=", ".join(catalogue.languages()))
        )
    seed = assignment.seed if seed is None else int(seed)
    if jobs is None or jobs == 0:
        jobs = default_jobs()
    if jobs < 0:
        raise KitError(f"--jobs must be a positive number, not {jobs}")
    submissions, out = Path(submissions).absolute(), Path(out).absolute()
    if _inside(out.resolve(), submissions.resolve()):
        raise KitError(f"--out {out} is inside the submissions folder {submissions}: choose a folder outside it")
    if out.exists() and not out.is_dir():
        raise KitError(f"--out {out} exists and is not a folder")
    if roster is not None:
        from ..course import with_roster
        from ..roster import Roster, load_roster

        course = with_roster(course, roster if isinstance(roster, Roster) else load_roster(roster))
    if course.roster is not None:
        from ..course import check_identities

        check_identities(course)  # an extension under an id of nobody would silently not apply
    entries = discover(submissions, assignment_id, unpack_to=out / UNPACKED)  # KitError for a missing folder
    identities = identify(entries, course.roster)
    course, unmatched = with_entry_extensions(
        course, assignment_id, identities, course.path.name if course.path else "course.yml"
    )
    assignment = course.assignment(assignment_id)
    from ..grading.engine import hidden_graders
    from ..grading.graders_cache import graders_digest

    graders = hidden_graders(assignment_id)
    if not graders.is_file():
        raise KitError(f"no checks for {assignment_id}: {graders} is missing")
    out.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(out)  # half-written files of a batch that was killed: never mistaken for results

    summary = BatchSummary(
        assignment=assignment_id,
        out=out,
        total=len(entries),
        ignored=entries.ignored,
        warnings=[m.render(lang) for m in (*entries.warnings, *identities.warnings, *unmatched)],
    )
    write_ignored(out, entries.ignored, lang)
    batch = _Batch(assignment, submissions, out, seed, lang, graders_digest(graders), fingerprint(assignment), summary)
    batch.identities = identities
    comparison = None
    if report or dask:
        batch.written = {}
    if report:
        batch.pages = True
        # The class report's near-identical comparison needs only the files: it fingerprints them while the class
        # is graded, at low priority, in one process (the graders hold the cores), instead of after it.
        sources = {e.student: e.path for e in entries if e.path}
        if sources:
            from ..reporting.class_report import boilerplate
            from ..reporting.similarity import NearComparison

            comparison = NearComparison(sources, boilerplate(assignment_id), processes=1)
    try:
        if submitted_at_from:
            from .submitted_at import read_submitted_times

            found = read_submitted_times(
                submitted_at_from, list(entries), submissions, course.timezone, out / UNPACKED, identities
            )
            batch.times = found.times
            summary.warnings.extend(found.warnings(lang))
        summary.warnings.extend(m.render(lang) for m in late_mark_warnings(entries, batch))
        summary.late_marked = sorted(e.student for e in entries if e.lms.get("canvas_late"))
        todo: list[tuple[Entry, str]] = []
        for entry in entries:
            if entry.error:
                batch.write_error(entry, entry.error)
                continue
            try:  # never through a link, and never more than the largest submission (a huge file is not read whole)
                content_sha256 = hashlib.sha256(student_files.read(entry.path, entry.within)).hexdigest()
            except KitError as exc:
                batch.write_error(entry, exc.message)
                continue
            if not force and batch.up_to_date(entry, content_sha256):
                summary.skipped += 1
            else:
                todo.append((entry, content_sha256))

        grading_started, grading_cpu = time.monotonic(), time.process_time()
        if todo:
            # The graders' key holds the extensions too: a warm grader (a Dask worker's) must not keep another
            # batch's due dates.
            extensions = json.dumps(sorted((k, v.isoformat()) for k, v in assignment.extensions.items()))
            setup = GradingSetup(
                assignment_id,
                dataclasses.replace(course, roster=None),  # due dates are keyed by each entry: no roster travels
                lang,
                (str(submissions.resolve()), str(out.resolve())),
                batch.fingerprint + ":" + hashlib.sha256(extensions.encode()).hexdigest()[:16],
            )
            try:
                _grade_all(
                    batch,
                    setup,
                    todo,
                    jobs=min(jobs, len(todo)),
                    dask=dask,
                    progress=progress,
                    min_isolation=min_isolation,
                    dask_wait=WAIT_SECONDS if dask_wait is None else dask_wait,
                    dask_options={"insecure": dask_insecure, "security": dask_security},
                )
            except BaseException:
                rebuild_grades_csv(out, assignment)  # what was graded before the interruption, ready to use
                raise
        summary.grading_wall = time.monotonic() - grading_started
        summary.grading_cpu = time.process_time() - grading_cpu

        if batch.written:  # a cluster's results, unpacked once here rather than in the loop that took them in
            batch.written = {student: unpacked(results) for student, results in batch.written.items()}
        summary.grades_csv = rebuild_grades_csv(out, assignment, batch.written)
        if report:
            try:
                from ..reporting import write_class_report, write_feedback_pages

                # The pages of the results written now are there already (written beside each grade); this writes
                # the others' (a resumed batch's), which the report links to as well.
                write_feedback_pages(out, known=batch.written, done=frozenset(batch.paged))
                summary.report = write_class_report(
                    out, course=course, lang=lang, known=batch.written, comparison=comparison
                )
            except Exception as exc:  # the grades are safe on disk; a report failure must not hide them
                summary.report_error = f"{type(exc).__name__}: {exc}"
    finally:
        if comparison is not None:
            comparison.close()
        from ..grading.supervisor import drop_early

        drop_early()  # grading processes the command started ahead that nothing needed (all up to date)
    summary.wall = time.monotonic() - started
    return summary


def write_ignored(out: Path, ignored: list, lang: str) -> Path:
    """OUT/ignored.csv: every file the batch left out and why (the summary shows the first ones only)."""
    import csv
    import io

    from ..atomic import write_text_atomic

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "reason"])
    for shown_as, reason in ignored:
        text = reason.render(lang) if hasattr(reason, "render") else str(reason)
        writer.writerow([neutralise(shown_as), neutralise(text)])
    return write_text_atomic(out / IGNORED_CSV, buffer.getvalue(), newline="")


def late_mark_warnings(entries, batch: _Batch) -> list:
    """Canvas's LATE_ mark is never silently on time: without a trusted time the student is graded without a penalty
    and named; with one that is on time by course.yml's due date (an extension, another deadline) they are named too."""
    from ..grading.late import due_for

    marked = [e for e in entries if e.lms.get("canvas_late") and e.path is not None]
    no_time = sorted(e.student for e in marked if e.student not in batch.times)
    on_time = []
    for entry in marked:
        moment, due = batch.times.get(entry.student), due_for(batch.assignment, entry.student)
        if moment is not None and due is not None and moment <= due:
            on_time.append(entry.student)
    warnings = []
    if no_time:
        warnings.append(Message("batch:late_mark_no_time", count=len(no_time), students=shown(no_time)))
    if on_time:
        warnings.append(Message("batch:late_mark_on_time", count=len(on_time), students=shown(sorted(on_time))))
    return warnings


HEARTBEAT_SECONDS = 30.0  # a line when nothing completed for this long: the batch is alive, and where it waits
# Results are written by a few threads at once: each write is fsync'd, and the file system commits concurrent
# fsyncs together (on ext4 8 at a time cost 0.7 ms per result instead of 4 ms one by one), so one parent keeps
# up with a large cluster. A local batch, whose results come from a grading process per core, keeps to one writer
# per grading process: more threads only contend for the interpreter and the journal (about 4 % fewer submissions
# a second with 8 on 2 cores). A result counts as done only once written: a kill loses at most those being written.
WRITERS = 8


def _take_chunk(pending: deque, size: int, batch: _Batch, write) -> list:
    """Up to `size` submissions from the front of `pending` for one task of a cluster, each read (not parsed: the
    worker parses it); a file that cannot be read any more gets its error result here."""
    chunk = []
    while pending and len(chunk) < size and not pending[0].here and not (chunk and pending[0].alone):
        item = pending.popleft()
        if item.submission is None:
            try:
                raw = student_files.read(item.entry.path, item.entry.within)
                item.submission = RawSubmission(item.entry.path.name, raw)
            except KitError as exc:
                write(item, "error", batch.write_error, item.entry, exc.message, item.sha)
                continue
        chunk.append(item)
        if item.alone:
            break
    return chunk


@dataclass
class _Item:
    """A submission on its way: loaded once, graded again elsewhere when the machine stalls its grading."""

    entry: Entry
    sha: str
    submission: object = None
    attempts: int = 0  # times the machine kept it from a result (a stall, a lost worker, a deadline)
    avoid: frozenset = frozenset()  # workers it stalled or overran on
    here: bool = False  # graded next by this machine (it missed on the cluster twice)
    alone: bool = False  # sent in a task of its own: its task took down workers, and one of its submissions did it


def _grade_all(
    batch: _Batch,
    setup: GradingSetup,
    todo: list,
    *,
    jobs: int,
    dask: str | None,
    progress,
    min_isolation: str | None = None,
    dask_wait: float = 30.0,
    dask_options: dict | None = None,
) -> None:
    from ..submission import load_submission
    from .cluster import level_rank

    summary = batch.summary
    label = f"{batch.assignment.id}"

    def say(line) -> None:
        if progress is not False:
            print(line.render(batch.lang) if hasattr(line, "render") else line, flush=True)

    if dask:
        from .cluster import DaskPool, Delivery

        delivery = Delivery(str(batch.out), uuid.uuid4().hex, batch.pages, batch.graders_sha256, min_isolation)
        pool = DaskPool(
            dask,
            setup,
            graders_sha256=batch.graders_sha256,
            min_isolation=min_isolation,
            wait=dask_wait,
            say=say,
            delivery=delivery,
            **(dask_options or {}),
        )
        required = pool.min_level
    else:
        pool = _LocalPool(setup, jobs)
        required = min_isolation
    here = None  # on a cluster: this machine's own grader, for what missed on two workers (made when needed)
    deadline = pool.deadline(batch.assignment.limits)
    bar = None
    in_flight: dict = {}  # future -> ([_Item, ...], placed, the pool it went to): a cluster's tasks grade several
    writes: dict = {}  # future of a write -> (_Item, "graded" or "error")
    writers = WRITERS if dask else min(WRITERS, max(2, jobs))
    writer = cf.ThreadPoolExecutor(max_workers=writers, thread_name_prefix="write")
    finished = False
    try:
        if dask:
            pool.wait_for_workers()
        summary.workers = pool.threads
        if progress is not False:
            skipped = f", {summary.skipped} already graded" if summary.skipped else ""
            errors = f", {summary.errors} unreadable" if summary.errors else ""
            print(
                f"grading {len(todo)} submission(s) of {label} with {pool.threads} worker(s){skipped}{errors}",
                flush=True,
            )
        bar = make_progress(len(todo), label, progress)
        pending = deque(_Item(entry, sha) for entry, sha in todo)
        loop_cpu = time.process_time()
        done_count, last_done, last_heartbeat = 0, time.monotonic(), time.monotonic()

        def finish(item: _Item, status: str) -> None:
            nonlocal done_count, last_done
            done_count += 1
            last_done = time.monotonic()
            bar.advance(status)

        def write(item: _Item, status: str, method, *args, **options) -> None:
            writes[writer.submit(method, *args, **options)] = (item, status)

        def settle_writes(done) -> None:
            for future in done:
                if future in writes:
                    item, status = writes.pop(future)
                    future.result()  # a write that failed (a full disk) stops the batch, as it would unthreaded
                    finish(item, status)

        def again(item: _Item, where: str | None, reason, counted: bool = True) -> None:
            """The machine kept this submission from a result: nothing of it is recorded. It is graded again from
            the start: on another worker, then on this machine; if the machine fails it every time, it is
            recorded as not graded (an error result the next run grades), never as a score."""
            item.attempts += counted  # a scheduler that restarted is no mark against this submission
            summary.regrades += 1
            item.avoid = item.avoid | ({where} if where else set())
            student = visible(item.entry.student)
            if pool.can_move and item.attempts <= 1:
                say(Message("cluster:moved", student=student, reason=reason))
                pending.appendleft(item)
            elif pool.can_move and item.attempts == 2:
                item.here = True
                say(Message("cluster:moved_here", student=student, reason=reason))
                pending.appendleft(item)
            else:
                summary.regrades -= 1  # not graded again: recorded as not graded
                say(Message("cluster:not_graded", student=student, reason=reason))
                write(
                    item,
                    "error",
                    batch.write_error,
                    item.entry,
                    Message("error:not_graded", reason=reason),
                    item.sha,
                    workers=sorted(item.avoid),
                )

        def take(item: _Item, outcome: dict, source) -> None:
            """One outcome of a grading: kept, refused (another worker grades it), or graded again."""
            worker = outcome.get("worker")
            summary.regrades += int(outcome.get("regrades") or 0)  # graded again where it was (a fresh process)
            if "stalled" in outcome:
                again(item, worker if source is pool else None, outcome["stalled"])
                return
            if "fatal" in outcome:
                if source is not pool or not pool.can_move:
                    raise KitError(outcome["fatal"])
                pool.exclude(worker, f"cannot grade: {outcome['fatal']}")
                pending.appendleft(item)
                return
            if "results" not in outcome:
                write(item, "error", batch.write_error, item.entry, outcome.get("error", "no result"), item.sha)
                return
            graded = outcome["results"]
            if not isinstance(graded, (Results, Packed)):  # from an older worker: the JSON document, read once here
                graded = Results.from_json(graded) if isinstance(graded, dict) else None
            problem = _result_problem(batch, outcome, graded, required, level_rank)
            if problem and source is pool and pool.can_move:
                pool.exclude(worker, problem)  # and every result it sends from now on is refused too
                pending.appendleft(item)
                return
            if problem:
                raise KitError(f"{problem}: no result of this machine can be kept")
            if outcome.get("written"):  # a worker that shares OUT wrote results.json (and the page) itself
                batch.keep_written(item.entry, graded, paged=bool(outcome.get("paged")))
                finish(item, "graded")
                return
            write(
                item,
                "graded",
                batch.write_graded,
                item.entry,
                graded,
                isolation=outcome.get("isolation"),
                worker=worker,
            )

        while pending or in_flight or writes:
            pool.poll()
            pool.check_alive()
            while pending and len(in_flight) < pool.window() + (here.window() if here else 0):
                if pending[0].here or not dask:  # graded in this process: the parent reads and parses it
                    item = pending[0]
                    if item.submission is None:
                        try:
                            item.submission = load_submission(item.entry.path, within=item.entry.within)
                        except KitError as exc:
                            pending.popleft()
                            write(item, "error", batch.write_error, item.entry, exc.message, item.sha)
                            continue
                    task = Task(item.entry.student, item.submission, batch.seed, batch.times.get(item.entry.student))
                    if item.here and here is None:
                        here = _LocalPool(setup, 1)
                    target = here if item.here else pool
                    placed = target.submit(setup, [task])
                    if placed is None:
                        break
                    pending.popleft()
                    chunk = [item]
                else:  # a cluster's worker parses what it is sent: the parent only reads the bytes
                    chunk = _take_chunk(pending, pool.chunk(len(pending)), batch, write)
                    if not chunk:
                        continue
                    tasks = [
                        Task(i.entry.student, i.submission, batch.seed, batch.times.get(i.entry.student)) for i in chunk
                    ]
                    avoid = frozenset().union(*(i.avoid for i in chunk))
                    target = pool
                    placed = pool.submit(setup, tasks, avoid, infos=[batch.batch_info(i.entry) for i in chunk])
                    if placed is None:  # no worker can take it now (they left, stalled or were excluded)
                        pending.extendleft(reversed(chunk))
                        break
                in_flight[placed.future] = (chunk, placed, target)
            summary.workers = max(summary.workers, pool.most_threads)
            if not in_flight and not writes:
                if pending:
                    time.sleep(0.2)
                continue
            done, _ = cf.wait([*in_flight, *writes], timeout=1.0, return_when=cf.FIRST_COMPLETED)
            settle_writes(done)
            for future in done:
                if future not in in_flight:
                    continue
                chunk, placed, source = in_flight.pop(future)
                try:
                    outcomes = source.unpack(future.result())
                except cf.CancelledError:  # the cluster dropped it (a scheduler that restarted; ours leave first)
                    for item in chunk:
                        again(item, None, Message("cluster:reason_cancelled"), counted=False)
                    continue
                except Exception as exc:
                    if type(exc).__name__ == "KilledWorker" and len(chunk) > 1:
                        # One of these submissions took down several workers: each is sent again in a task of its
                        # own, so that only the one that does it again loses its grade.
                        for item in reversed(chunk):
                            item.alone = True
                            pending.appendleft(item)
                        continue
                    if type(exc).__name__ == "KilledWorker":
                        # Dask gave up on this task after it took down several workers: this submission's fault.
                        outcomes = [
                            {"error": f"the grading worker died repeatedly while this submission was graded: {exc}"}
                        ]
                    elif source is pool and pool.can_move:  # a worker failed in a way of its own: elsewhere
                        for item in chunk:
                            again(item, None, Message("cluster:reason_failed", reason=f"{type(exc).__name__}: {exc}"))
                        continue
                    else:  # the executor itself failed: every task would
                        raise KitError(f"the grading executor failed: {type(exc).__name__}: {exc}") from None
                for item, outcome in zip(chunk, outcomes):
                    take(item, outcome, source)
                for item in chunk[len(outcomes) :]:  # an answer short of its task: the rest is graded again
                    short = f"its answer held {len(outcomes)} of {len(chunk)} results"
                    again(item, None, Message("cluster:reason_failed", reason=short))
            if pool.can_move:
                stalled_keys = pool.take_stalled()
                for future, (chunk, placed, source) in list(in_flight.items()):
                    if source is not pool:
                        continue
                    if placed.key in stalled_keys:
                        where = pool.holder(placed)
                        reason = Message("cluster:reason_worker_stalled", worker=where or "?")
                    elif pool.overdue(placed, deadline * len(chunk)):
                        where = pool.holder(placed)
                        reason = Message(
                            "cluster:reason_deadline", seconds=f"{deadline * len(chunk):.0f}", worker=where or "?"
                        )
                    elif pool.orphaned(placed):  # every worker it could run on left before it started
                        del in_flight[future]
                        pool.cancel(placed)
                        pending.extendleft(reversed(chunk))
                        continue
                    else:
                        continue
                    del in_flight[future]
                    pool.cancel(placed)
                    for item in chunk:
                        again(item, where, reason)
            now = time.monotonic()
            if now - last_done >= HEARTBEAT_SECONDS and now - last_heartbeat >= HEARTBEAT_SECONDS:
                last_heartbeat = now
                starts = [p.started_at(pl) for _, pl, p in in_flight.values()]
                longest = max((now - t for t in starts if t is not None), default=0.0)
                where = f" on {pool.workers_count} worker(s) with {pool.threads} thread(s)" if dask else ""
                say(
                    f"{label}: still grading: {done_count}/{len(todo)} done, {len(in_flight)} in flight"
                    f"{where}, the longest for {longest:.0f} s; nothing finished for {now - last_done:.0f} s"
                )
        summary.loop_cpu = time.process_time() - loop_cpu
        finished = True
    finally:
        writer.shutdown(wait=True)  # what arrived is written, whatever stopped the batch
        if bar is not None:
            bar.close()
        for future, (_chunk, placed, source) in in_flight.items():
            future.cancel()
            if source is pool and pool.can_move:
                pool.cancel(placed)
        summary.workers = max(summary.workers, pool.most_threads)
        summary.warnings.extend(pool.excluded)
        if here is not None:
            here.close(abort=not finished)
        pool.close(abort=not finished)


def _result_problem(
    batch: _Batch, outcome: dict, graded: Results | None, required: str | None, level_rank
) -> str | None:
    """Why a graded result must not be kept: other graders than the parent's, or weaker isolation than required."""
    sha = graded.kit_data.graders_sha256 if graded is not None else None
    if sha != batch.graders_sha256:
        return f"graders differ in a result (worker {str(sha)[:12]}, this machine {batch.graders_sha256[:12]})"
    level = outcome.get("isolation") or "none"
    if required and level_rank(level) < level_rank(required):
        return f"graded with isolation {level}, weaker than the required {required}"
    return None


__all__ = [
    "run_batch",
    "BatchSummary",
    "fingerprint",
]
