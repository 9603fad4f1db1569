"""One self-contained OUT/report.html for the instructor: what to re-teach first (the misconceptions the class holds,
the checks that separate strong from weak students: the first screen, a phone's included), then the problems, who is
struggling, and which submissions are identical or nearly so (the closest pairs side by side, matching lines marked).

Nothing on the page is fetched: the CSS is inlined from static/, and the histogram is an inline SVG drawn by the
template, so the file can be mailed or opened offline. The page is for the instructor only: the similarity groups
appear nowhere else.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter
from pathlib import Path

from .. import catalogue
from ..grading import mistakes as known_mistakes
from ._common import (
    LABELS,
    NO_RESULT,
    STATUSES,
    StudentResults,
    fmt,
    load_results,
    localize,
    normalise_message,
    resolve_lang,
    tag_name,
    write_atomic,
)
from .item_analysis import MIN_STUDENTS, discrimination
from .render import render_page

MAX_MISTAKES = 15
MAX_SLOWEST = 5
MAX_NAMES = 12
MAX_DISCRIMINATING = 10
TOP = 4  # misconceptions and separating checks on the report's first screen (a phone's included)
ATTENTION_SHARE = 0.5  # under half the points: the student is listed as needing attention
OUTCOMES = (*STATUSES, NO_RESULT)


def _course(course):
    """Accept a loaded Course, a path to course.yml, or None (the report then relies on results.json alone)."""
    if course is None or hasattr(course, "assignments"):
        return course
    from ..course import load_course

    return load_course(course)


# The histogram's drawing box (SVG user units): bars, count labels above them and edge labels below.
_W, _H, _LEFT, _RIGHT, _TOP, _BOTTOM = 600.0, 300.0, 34.0, 12.0, 22.0, 30.0


def _histogram(scores: list[float], top: float, mean: float | None) -> dict:
    """The score histogram as geometry for an inline SVG (ten equal bands from 0 to the maximum).

    Drawn by the template rather than by a plotting library: the page stays one self-contained file, the figure
    scales with it, and the report costs no matplotlib import (over a second, more than grading a small class).
    Words stay out of the figure, so any page language renders.
    """
    edges = [i * (top / 10) for i in range(10)] + [top]  # the edges numpy.linspace(0, top, 11) gives
    counts = [0] * 10
    for score in scores:  # bands are [a, b) and the last one [a, top], as in numpy.histogram
        counts[min(bisect.bisect_right(edges[1:-1], min(max(score, 0.0), top)), 9)] += 1
    tallest = max(1, max(counts))
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM
    step = plot_w / 10
    bars = []
    for i, count in enumerate(counts):
        height = plot_h * count / (tallest * 1.15)
        bars.append(
            {
                "x": _LEFT + i * step + 1,
                "y": _TOP + plot_h - height,
                "w": step - 2,
                "h": height,
                "count": count,
                "cx": _LEFT + (i + 0.5) * step,
            }
        )
    ticks = [{"x": _LEFT + i * step, "label": fmt(edge, 1)} for i, edge in enumerate(edges)]
    step_count = next(n * 10**e for e in range(7) for n in (1, 2, 5) if n * 10**e * 4 >= tallest)
    lines = [
        {"y": _TOP + plot_h - plot_h * g / (tallest * 1.15), "label": g}
        for g in range(step_count, int(tallest * 1.15) + 1, step_count)
    ]
    mean_x = _LEFT + plot_w * min(max(mean, 0.0), top) / top if mean is not None and top > 0 else None
    return {
        "counts": counts,
        "edges": edges,
        "bars": bars,
        "ticks": ticks,
        "lines": lines,
        "mean_x": mean_x,
        "width": _W,
        "height": _H,
        "left": _LEFT,
        "right": _W - _RIGHT,
        "base": _TOP + plot_h,
    }


def _problem_order(subs: list[StudentResults], assignment) -> list[str]:
    order = list(assignment.problems) if assignment is not None else []
    for sub in subs:
        for pid in sub.problems:
            if pid not in order:
                order.append(pid)
    return order


def _mistakes(subs: list[StudentResults]) -> list[dict]:
    """Failed checks grouped by misconception tag, else by the message with its numbers taken out. Two mistakes
    named at once (a compound tag, graders/mistakes.yml) count under each of them: the class's count of a mistake
    includes the students who made it together with another."""
    groups: dict[tuple, dict] = {}
    known = known_mistakes.known()

    def add(sub: StudentResults, problem: str, tag: str | None, message: str) -> None:
        key = (problem, "tag", tag) if tag else (problem, "msg", normalise_message(message))
        group = groups.setdefault(
            key, {"problem": problem, "tag": tag, "pattern": key[2], "example": message, "students": {}, "count": 0}
        )
        group["count"] += 1
        group["students"].setdefault(sub.dir_name, sub.student)

    for sub in subs:
        failed_problems = set()
        for check in sub.checks:
            result = sub.problems.get(check.problem)
            if result is not None and result.status == "not implemented":
                continue  # not attempted: no misconception to learn from
            if check.status != "passed":
                for tag in known.parts(check.misconception) or (None,):
                    add(sub, check.problem, tag, check.output or check.name)
                failed_problems.add(check.problem)
        for pid, result in sub.problems.items():  # e.g. a forbidden import that no check reports
            if result.status == "forbidden" and pid not in failed_problems:
                add(sub, pid, None, result.message or "forbidden")
    return sorted(groups.values(), key=lambda g: (-len(g["students"]), -g["count"], g["problem"], str(g["pattern"])))


def _kind_name(tag: str | None, lang: str) -> str:
    """The kind of a known mistake (a term left out, a scale, the sign, ...) in the report's language, else ""."""
    kind = known_mistakes.known().kind_of(tag) if tag else None
    key = f"label:kind_name:{kind}"
    return catalogue.say(key, lang) if kind and catalogue.has(key) else ""


def _names(students: dict) -> dict:
    names = sorted(students.values(), key=str.lower)
    return {"shown": ", ".join(names[:MAX_NAMES]), "more": max(0, len(names) - MAX_NAMES)}


def _feedback_href(out_dir: Path | None, dir_name: str) -> str | None:
    """The student's page, linked only if it exists (a dead link would mislead)."""
    if out_dir is None or not (Path(out_dir) / dir_name / "feedback.html").is_file():
        return None
    from .render import url_path

    return url_path(f"{dir_name}/feedback.html")


def _pair_views(views: list, cluster, subs: list) -> list[dict]:
    """The side-by-side views of a group's pairs (files that differ: an identical pair has nothing to mark), each line
    with whether the comparison found it in the other file."""
    names = {m.dir_name: m.student for m in cluster.members}
    sha = {s.dir_name: s.content_sha256 for s in subs}
    shown = []
    for view in views:
        if view.a not in names or view.b not in names or (sha.get(view.a) and sha.get(view.a) == sha.get(view.b)):
            continue
        sides = []
        for dir_name, code, marks, cut in (
            (view.a, view.code_a, view.marks_a, view.cut_a),
            (view.b, view.code_b, view.marks_b, view.cut_b),
        ):
            marked = {n for first, last in marks for n in range(first, last + 1)}
            lines = [{"n": n, "text": text, "match": n in marked} for n, text in enumerate(code.split("\n"), start=1)]
            sides.append({"dir": dir_name, "name": names[dir_name], "lines": lines, "cut": cut})
        shown.append(
            {
                "a": names[view.a],
                "b": names[view.b],
                "a_dir": view.a,
                "b_dir": view.b,
                "similarity_a": view.similarity_a,
                "similarity_b": view.similarity_b,
                "sides": sides,
            }
        )
    return shown


def boilerplate(assignment_id: str | None) -> list[Path]:
    """What every student was handed (the stub and the notebook): shared by all, so never a sign of copying."""
    if not assignment_id:
        return []
    from .. import paths

    folder = paths.assignments_dir() / assignment_id
    return [p for p in (folder / f"{assignment_id}.py", folder / f"{assignment_id}.ipynb") if p.is_file()]


def build_report_html(
    subs: list[StudentResults],
    unreadable: list[str],
    course=None,
    lang: str = "en",
    out_dir: Path | None = None,
    sources: dict | None = None,
    comparison=None,
) -> str:
    """The report page as a string (write_class_report writes it); split out so it can be rendered without a folder.

    `sources` maps OUT folder names to the graded files: with it, near-identical code is compared too (or
    `comparison`, a `similarity.NearComparison` started on them ahead).
    """
    from .similarity import find_clusters

    labels = LABELS[lang]
    subs = [localize(s, lang) for s in subs]  # messages stored as catalogue keys are rendered in the report's language
    assignments = Counter(s.assignment for s in subs if s.assignment)
    main_id = assignments.most_common(1)[0][0] if assignments else None
    assignment = course.assignments.get(main_id) if course is not None and main_id else None
    problems = _problem_order(subs, assignment)

    # Each problem is judged over the submissions of the assignments that contain it.
    owners: dict[str, set] = {pid: set() for pid in problems}
    for sub in subs:
        for pid in sub.problems:
            owners[pid].add(sub.assignment)
    if assignment is not None:
        for pid in assignment.problems:
            owners[pid].add(assignment.id)

    max_totals = Counter(s.max_score for s in subs if s.max_score)
    top = (
        assignment.total_points if assignment is not None else (max_totals.most_common(1)[0][0] if max_totals else None)
    )
    scores = [s.score for s in subs if s.score is not None]
    if top is None:
        top = max([100.0, *scores])
    mean = statistics.fmean(scores) if scores else None
    graded = sum(1 for s in subs if s.status == "graded")
    errors = [s for s in subs if s.status == "error"]
    total = len(subs) + len(unreadable)

    heading = labels["class_report"] + (f" — {main_id}" if main_id else "")
    if len(assignments) > 1:
        heading += " (+ " + ", ".join(a for a in assignments if a != main_id) + ")"
    subtitle = " · ".join(
        x
        for x in (
            course.title if course is not None else "",
            assignment.title if assignment is not None else "",
            f"{total} {labels['submissions']}",
        )
        if x
    )
    cards = [
        (labels["submissions"], str(total), "submissions", False),
        (labels["graded"], str(graded), "graded", False),
        (labels["errors"], str(len(errors) + len(unreadable)), "errors", bool(errors or unreadable)),
        (labels["mean"], fmt(mean, 1), "mean", False),
        (labels["median"], fmt(statistics.median(scores) if scores else None, 1), "median", False),
        (labels["highest"], fmt(max(scores) if scores else None, 1), "highest", False),
        (labels["lowest"], fmt(min(scores) if scores else None, 1), "lowest", False),
    ]

    histogram = _histogram(scores, top, mean)
    counts, edges = histogram["counts"], histogram["edges"]
    bands = ", ".join(f"{fmt(edges[i], 1)}–{fmt(edges[i + 1], 1)}: {c}" for i, c in enumerate(counts))
    histogram.update(
        data_counts=",".join(map(str, counts)),
        top=fmt(top),
        alt=labels["hist_alt"].format(bands=bands),
        caption=labels["hist_caption"].format(max=fmt(top)),
    )

    problem_rows = []
    for pid in problems:
        relevant = [s for s in subs if s.assignment in owners[pid] or (not s.assignment and pid in s.problems)]
        n = len(relevant)
        outcome = Counter(s.problems[pid].status if pid in s.problems else NO_RESULT for s in relevant)
        maxes = [s.problems[pid].max_score for s in relevant if pid in s.problems and s.problems[pid].max_score]
        points = (
            assignment.problems[pid]
            if assignment is not None and pid in assignment.problems
            else (max(maxes) if maxes else None)
        )
        problem_rows.append(
            {
                "pid": pid,
                "points": points,
                "rate": outcome["passed"] / n if n else None,
                "mean": sum((s.problems[pid].score or 0.0) if pid in s.problems else 0.0 for s in relevant) / n
                if n
                else None,
                "stack": [
                    {
                        "css": o.replace(" ", "-"),
                        "width": f"{100 * outcome[o] / n:.1f}",
                        "label": labels["status:" + o],
                        "count": outcome[o],
                    }
                    for o in OUTCOMES
                    if n and outcome[o]
                ],
                "detail": [(labels["status:" + o], outcome[o]) for o in OUTCOMES if outcome[o]],
            }
        )
    legend = [(o.replace(" ", "-"), labels["status:" + o]) for o in OUTCOMES]

    mistakes = []
    for group in _mistakes(subs)[:MAX_MISTAKES]:
        pattern_shown = group["pattern"] != " ".join(group["example"].split())
        mistakes.append(
            {
                "problem": group["problem"],
                "tag": group["tag"],
                "tag_name": tag_name(group["tag"], lang),
                "kind": _kind_name(group["tag"], lang),
                "key": group["tag"] or group["pattern"],
                "pattern": group["pattern"] if not group["tag"] and pattern_shown else "",
                "example": group["example"],
                "students": len(group["students"]),
                "names": _names(group["students"]),
            }
        )

    # Per-check pass rates and discrimination, in problem order.
    index = discrimination(subs)
    tallies: dict[tuple, list] = {}
    for sub in subs:
        for check in sub.checks:
            tally = tallies.setdefault((check.problem, check.name), [0, 0])
            tally[0] += check.status == "passed"
            tally[1] += 1
    rank = {pid: i for i, pid in enumerate(problems)}
    check_rows, previous = [], None
    for (pid, name), (passed, n) in sorted(tallies.items(), key=lambda kv: rank.get(kv[0][0], len(rank))):
        d = index.get((pid, name))
        check_rows.append(
            {
                "pid": pid,
                "name": name,
                "first": pid != previous,
                "shown": name[len(pid) + 1 :].strip() if name.startswith(pid + ":") else name,
                "rate": passed / n,
                "passed": passed,
                "n": n,
                "discrimination": None if d is None else f"{d.index:+.2f}",
            }
        )
        previous = pid
    ordered = sorted(index.items(), key=lambda kv: (-kv[1].index, kv[0]))
    # The checks that separate best, and every check that strong students fail more often than weak ones.
    shown = ordered[:MAX_DISCRIMINATING] + [kv for kv in ordered[MAX_DISCRIMINATING:] if kv[1].index < 0]
    discriminating = [
        {
            "pid": pid,
            "check": name,
            "index": f"{d.index:+.2f}",
            "upper": d.upper_rate,
            "lower": d.lower_rate,
            "negative": d.index < 0,
            "name": name[len(pid) + 1 :].strip() if name.startswith(pid + ":") else name,
        }
        for (pid, name), d in shown
    ]

    similar = find_clusters(subs, sources, boilerplate(main_id), comparison=comparison)
    group_of = {m.dir_name: i + 1 for i, c in enumerate(similar.clusters) for m in c.members}
    clusters = [
        {
            "number": i + 1,
            "kind": c.kind,
            "members": [
                {
                    "student": m.student,
                    "dir_name": m.dir_name,
                    "similarity": m.similarity,
                    "href": _feedback_href(out_dir, m.dir_name),
                }
                for m in c.members
            ],
            "views": _pair_views(similar.views, c, subs),
        }
        for i, c in enumerate(similar.clusters)
    ]
    if similar.failure:
        similarity_note = labels["similarity_failed"].format(reason=similar.failure)
    elif not similar.compared_code:
        similarity_note = labels["exact_only"]
    else:
        similarity_note = ""

    def attention(sub: StudentResults) -> bool:
        most = sub.max_score or top
        return sub.status == "error" or sub.score is None or (bool(most) and sub.score < ATTENTION_SHARE * most)

    by_score = sorted(subs, key=lambda s: (s.score if s.score is not None else -1.0, s.student.lower(), s.dir_name))
    students = [
        {
            "student": s.student,
            "dir_name": s.dir_name,
            "score": s.score,
            "max_score": s.max_score,
            "share": (s.score / (s.max_score or top)) if s.score is not None and (s.max_score or top) else None,
            "status": s.status,
            "attention": attention(s),
            "href": _feedback_href(out_dir, s.dir_name),
            "not_passed": [pid for pid, p in s.problems.items() if p.status != "passed"],
            "group": group_of.get(s.dir_name),
            "late": labels["late_before_penalty"].format(
                days=int(s.late["days_late"]), score=fmt(s.late.get("score_on_time")), factor=fmt(s.late.get("factor"))
            )
            if s.late.get("days_late")
            else "",
        }
        for s in by_score
    ]

    slow = sorted((s for s in subs if s.duration is not None), key=lambda s: -s.duration)[:MAX_SLOWEST]
    slowest = [{"student": s.student, "duration": s.duration, "score": s.score, "status": s.status} for s in slow]
    bad = [{"student": s.student, "note": s.note or s.output, "unreadable": False} for s in errors]
    bad += [{"student": name, "note": labels["unreadable"], "unreadable": True} for name in unreadable]
    everyone = [
        {
            "student": s.student,
            "href": _feedback_href(out_dir, s.dir_name),
            "score": s.score,
            "max_score": s.max_score,
            "status": s.status,
        }
        for s in sorted(subs, key=lambda s: s.student.lower())
    ]

    return render_page(
        "report.html.j2",
        lang=lang,
        title=f"{heading} ({total} {labels['submissions']})",
        heading=heading,
        subtitle=subtitle,
        cards=cards,
        no_results=not subs and not unreadable,
        histogram=histogram,
        problem_rows=problem_rows,
        legend=legend,
        mistakes=mistakes,
        check_rows=check_rows,
        discriminating=discriminating,
        too_few=not index,
        too_few_text=labels["too_few_students"].format(n=MIN_STUDENTS),
        students=students,
        top=TOP,
        clusters=clusters,
        similarity_note=similarity_note,
        slowest=slowest,
        bad=bad,
        everyone=everyone,
    )


def write_class_report(
    out_dir: Path,
    course=None,
    lang: str | None = "en",
    sources: dict | None = None,
    *,
    known: dict | None = None,
    comparison=None,
) -> Path:
    """Read every OUT/*/results.json and write OUT/report.html (atomically); unreadable files count as errors.

    `sources` (OUT folder name -> the graded file) lets the report compare near-identical code as well; a batch
    passes the comparison it started on them instead (`comparison`), and the results it wrote (`known`).
    """
    out_dir = Path(out_dir)
    course = _course(course)
    lang = resolve_lang(lang if lang is not None else (course.language if course is not None else None))
    subs, unreadable = load_results(out_dir, known)
    html = build_report_html(subs, unreadable, course, lang, out_dir, sources, comparison=comparison)
    return write_atomic(out_dir / "report.html", html)
