"""`autograder canvas-times JSON... --out times.csv`: Canvas's own submission times, as the batch's times.csv.

Canvas's "download submissions" zip says only that a file was late (LATE_ in its name) and its gradebook export holds
no time at all; its Submissions API does: `GET /api/v1/courses/:course_id/assignments/:assignment_id/submissions`
returns a list of Submission objects, each with the student's `user_id` and `submitted_at` (ISO 8601; null when
nothing was handed in), and `anonymous_id` under anonymous grading. Save each page it returns and give them here:
times.csv gets one `student,time` row per student who handed in, keyed by Canvas user id (anon_<id> for an
anonymous one, as the batch names them), which `batch --submitted-at-from times.csv` matches to the Canvas
download's students, or to any door's through the roster.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..catalogue import Message, say
from ..errors import KitError

MAX_BYTES = 64 << 20


def _submissions(path: Path) -> list:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise KitError(Message("canvas:json_large", file=path.name, limit=MAX_BYTES >> 20))
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise KitError(Message("canvas:json_unreadable", file=path.name, reason=str(exc)[:160])) from None
    if isinstance(data, dict) and isinstance(data.get("submissions"), list):
        data = data["submissions"]
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise KitError(Message("canvas:json_not_submissions", file=path.name))
    return data


def canvas_times(paths: list) -> tuple[dict, int]:
    """student (Canvas user id, or anon_<id>) -> submitted_at; and how many listed students handed nothing in."""
    from ..grading.late import read_time

    times: dict = {}
    unsubmitted = 0
    assignments = set()
    for path in map(Path, paths):
        for number, submission in enumerate(_submissions(path)):
            if submission.get("assignment_id") is not None:
                assignments.add(str(submission["assignment_id"]))
            if submission.get("user_id") is not None:
                student = str(submission["user_id"])
            elif submission.get("anonymous_id"):
                student = f"anon_{submission['anonymous_id']}"
            else:
                raise KitError(Message("canvas:json_no_user", file=path.name, index=number))
            moment = submission.get("submitted_at")
            if not moment:
                unsubmitted += 1
                continue
            when = read_time(moment, "UTC", f"{path.name} [{number}] submitted_at")
            if student not in times or when > times[student][0]:
                times[student] = (when, str(moment))
    if len(assignments) > 1:
        raise KitError(Message("canvas:json_assignments", assignments=", ".join(sorted(assignments))))
    return {student: text for student, (_when, text) in times.items()}, unsubmitted


def times_csv(times: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "time"])
    for student in sorted(times, key=lambda s: (len(s), s)):
        writer.writerow([student, times[student]])
    return buffer.getvalue()


def run(args) -> int:
    from ..atomic import write_text_atomic
    from ..course import load_course

    course = load_course(args.course) if getattr(args, "course", None) else load_course()
    times, unsubmitted = canvas_times(args.submissions_json)
    out = write_text_atomic(Path(args.out), times_csv(times), newline="")
    print(say("canvas:times_written", course.language, count=len(times), unsubmitted=unsubmitted, path=str(out)))
    return 0


__all__ = ["canvas_times", "times_csv", "run"]
