"""One self-contained OUT/report.html for the instructor: how the class scored and which misconceptions it holds.

Nothing on the page is fetched: the CSS is inline and the histogram is a base64 PNG drawn with matplotlib's Agg
canvas (no pyplot, so no global state and no display), so the file can be mailed or opened offline.
"""
from __future__ import annotations

import base64
import io
import statistics
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from ._common import (LABELS, NO_RESULT, STATUSES, Submission, esc, fmt, load_results, localize, normalise_message, page,
                      pct, resolve_lang, status_badge, tag_name, write_atomic)

MAX_MISTAKES = 15
MAX_SLOWEST = 5
MAX_NAMES = 12
OUTCOMES = (*STATUSES, NO_RESULT)


def _course(course):
    """Accept a loaded Course, a path to course.yml, or None (the report then relies on results.json alone)."""
    if course is None or hasattr(course, "assignments"):
        return course
    from ..course import load_course
    return load_course(course)


def _rate_bar(rate: float | None) -> str:
    if rate is None:
        return '<div class="bar"></div>'
    level = "high" if rate >= 0.75 else "mid" if rate >= 0.4 else "low"
    return f'<div class="bar {level}"><span style="width:{100 * rate:.1f}%"></span></div>'


def _histogram_png(scores: list[float], top: float, mean: float | None) -> tuple[str, list[int], list[float]]:
    """The score histogram as a base64 PNG; words stay out of the figure so any page language renders."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    edges = np.linspace(0.0, top, 11)
    counts, _ = np.histogram(np.clip(np.asarray(scores, dtype=float), 0.0, top), bins=edges)
    fig = Figure(figsize=(6.0, 3.3), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    width = edges[1] - edges[0]
    bars = ax.bar(edges[:-1], counts, width=width, align="edge", color="#2f6db3", edgecolor="white", linewidth=1.5)
    for bar, count in zip(bars, counts):
        if count:
            ax.annotate(str(int(count)), (bar.get_x() + width / 2, bar.get_height()), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=10, color="#1f2933",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"}, zorder=5)
    if mean is not None:
        ax.axvline(mean, color="#d64545", linestyle="--", linewidth=1.5)
    ax.set_xlim(0, top)
    ax.set_xticks(edges)
    ax.set_xticklabels([fmt(e, 1) for e in edges], fontsize=9)
    ax.set_ylim(0, max(1, int(counts.max()) if counts.size else 1) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=9)
    ax.grid(axis="y", color="#e4e7eb", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout(pad=0.4)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii"), [int(c) for c in counts], [float(e) for e in edges]


def _problem_order(subs: list[Submission], assignment) -> list[str]:
    order = list(assignment.problems) if assignment is not None else []
    for sub in subs:
        for pid in sub.problems:
            if pid not in order:
                order.append(pid)
    return order


def _mistakes(subs: list[Submission]) -> list[dict]:
    """Failed checks grouped by misconception tag, else by the message with its numbers taken out."""
    groups: dict[tuple, dict] = {}

    def add(sub: Submission, problem: str, tag: str | None, message: str) -> None:
        key = (problem, "tag", tag) if tag else (problem, "msg", normalise_message(message))
        group = groups.setdefault(key, {"problem": problem, "tag": tag, "pattern": key[2], "example": message,
                                        "students": {}, "count": 0})
        group["count"] += 1
        group["students"].setdefault(sub.dir_name, sub.student)

    for sub in subs:
        failed_problems = set()
        for check in sub.checks:
            result = sub.problems.get(check.problem)
            if result is not None and result.status == "not implemented":
                continue  # not attempted: no misconception to learn from
            if check.status != "passed":
                add(sub, check.problem, check.misconception, check.output or check.name)
                failed_problems.add(check.problem)
        for pid, result in sub.problems.items():  # e.g. a forbidden import that no check reports
            if result.status == "forbidden" and pid not in failed_problems:
                add(sub, pid, None, result.message or "forbidden")
    return sorted(groups.values(), key=lambda g: (-len(g["students"]), -g["count"], g["problem"], str(g["pattern"])))


def _names(students: dict) -> str:
    names = sorted(students.values(), key=str.lower)
    shown = ", ".join(esc(n) for n in names[:MAX_NAMES])
    more = f" … (+{len(names) - MAX_NAMES})" if len(names) > MAX_NAMES else ""
    return f'<span class="small">{shown}{more}</span>'


def build_report_html(subs: list[Submission], unreadable: list[str], course=None, lang: str = "en",
                      out_dir: Path | None = None) -> str:
    """The report page as a string (write_class_report writes it); split out so it can be rendered without a folder."""
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
    top = assignment.total_points if assignment is not None else (max_totals.most_common(1)[0][0] if max_totals else None)
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
    subtitle = " · ".join(x for x in (
        course.title if course is not None else "",
        assignment.title if assignment is not None else "",
        f"{total} {labels['submissions']}",
    ) if x)
    out = [f'<header><h1 id="title">{esc(heading)}</h1><p class="sub">{esc(subtitle)}</p></header>']

    cards = [(labels["submissions"], str(total), "submissions", False),
             (labels["graded"], str(graded), "graded", False),
             (labels["errors"], str(len(errors) + len(unreadable)), "errors", bool(errors or unreadable)),
             (labels["mean"], fmt(mean, 1), "mean", False),
             (labels["median"], fmt(statistics.median(scores) if scores else None, 1), "median", False),
             (labels["highest"], fmt(max(scores) if scores else None, 1), "highest", False),
             (labels["lowest"], fmt(min(scores) if scores else None, 1), "lowest", False)]
    out.append('<div class="cards" id="summary">' + "".join(
        f'<div class="card{" bad" if bad else ""}" data-key="{key}"><div class="v">{esc(v)}</div>'
        f'<div class="k">{esc(k)}</div></div>' for k, v, key, bad in cards) + "</div>")
    if not subs and not unreadable:
        out.append(f'<section><p id="no-results">{esc(labels["no_results"])}</p></section>')

    # Histogram and per-problem table side by side.
    png, counts, edges = _histogram_png(scores, top, mean)
    bands = ", ".join(f"{fmt(edges[i], 1)}–{fmt(edges[i + 1], 1)}: {c}" for i, c in enumerate(counts))
    histogram = (
        f'<section id="histogram"><h2>{esc(labels["score_distribution"])}</h2><figure>'
        f'<img id="score-histogram" alt="{esc(labels["hist_alt"].format(bands=bands))}" '
        f'data-counts="{esc(",".join(map(str, counts)))}" data-max="{esc(fmt(top))}" '
        f'src="data:image/png;base64,{png}">'
        f'<figcaption>{esc(labels["hist_caption"].format(max=fmt(top)))}</figcaption></figure></section>')

    rows = []
    for pid in problems:
        relevant = [s for s in subs if s.assignment in owners[pid] or (not s.assignment and pid in s.problems)]
        n = len(relevant)
        outcome = Counter(s.problems[pid].status if pid in s.problems else NO_RESULT for s in relevant)
        maxes = [s.problems[pid].max_score for s in relevant if pid in s.problems and s.problems[pid].max_score]
        points = assignment.problems[pid] if assignment is not None and pid in assignment.problems else (
            max(maxes) if maxes else None)
        rate = outcome["passed"] / n if n else None
        mean_score = sum((s.problems[pid].score or 0.0) if pid in s.problems else 0.0 for s in relevant) / n if n else None
        stack = "".join(f'<span class="s-{o.replace(" ", "-")}" style="width:{100 * outcome[o] / n:.1f}%" '
                        f'title="{esc(labels["status:" + o])}: {outcome[o]}"></span>' for o in OUTCOMES if n and outcome[o])
        detail = " · ".join(f'{esc(labels["status:" + o])} {outcome[o]}' for o in OUTCOMES if outcome[o])
        rows.append(
            f'<tr data-problem="{esc(pid)}"><td><code>{esc(pid)}</code></td>'
            f'<td class="num">{esc(fmt(points))}</td>'
            f'<td class="num rate">{esc(pct(rate))}</td><td class="num mean">{esc(fmt(mean_score))}</td>'
            f'<td><div class="stack">{stack}</div><div class="small muted">{detail}</div></td></tr>')
    legend = "".join(f'<i class="s-{o.replace(" ", "-")}"></i>{esc(labels["status:" + o])}' for o in OUTCOMES)
    problem_table = (
        f'<section id="problems"><h2>{esc(labels["problem_pass_rates"])}</h2>'
        f'<table id="problem-table"><thead><tr><th>{esc(labels["problem"])}</th>'
        f'<th class="num">{esc(labels["points"])}</th><th class="num">{esc(labels["pass_rate"])}</th>'
        f'<th class="num">{esc(labels["mean_score"])}</th><th>{esc(labels["outcomes"])}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table><div class="legend">{legend}</div></section>')
    out.append(f'<div class="grid">{histogram}{problem_table}</div>')

    # The misconceptions the class holds.
    mistakes = _mistakes(subs)
    if mistakes:
        rows = []
        for group in mistakes[:MAX_MISTAKES]:
            if group["tag"]:
                what = f'<span class="tag" data-tag="{esc(group["tag"])}">{esc(tag_name(group["tag"], lang))}</span>'
            elif group["pattern"] != " ".join(group["example"].split()):
                what = f'<span class="mono small muted">{esc(group["pattern"])}</span>'
            else:
                what = ""
            rows.append(
                f'<tr class="mistake" data-problem="{esc(group["problem"])}" '
                f'data-students="{len(group["students"])}" data-key="{esc(group["tag"] or group["pattern"])}">'
                f'<td class="count">{len(group["students"])}</td><td><code>{esc(group["problem"])}</code></td>'
                f'<td>{what}<pre class="msg">{esc(group["example"])}</pre></td>'
                f'<td>{_names(group["students"])}</td></tr>')
        body = (f'<table id="mistakes-table"><thead><tr><th class="num">{esc(labels["students"])}</th>'
                f'<th>{esc(labels["problem"])}</th><th>{esc(labels["misconception"])} / {esc(labels["example"])}</th>'
                f'<th>{esc(labels["students"])}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    else:
        body = f'<p>{esc(labels["nothing_failed"])}</p>'
    out.append(f'<section id="mistakes"><h2>{esc(labels["common_mistakes"])}</h2>'
               f'<p class="muted small">{esc(labels["mistakes_intro"])}</p>{body}</section>')

    # Per-check pass rates, in problem order.
    checks: dict[tuple, list] = {}
    for sub in subs:
        for check in sub.checks:
            tally = checks.setdefault((check.problem, check.name), [0, 0])
            tally[0] += check.status == "passed"
            tally[1] += 1
    rank = {pid: i for i, pid in enumerate(problems)}
    rows, previous = [], None
    for (pid, name), (passed, n) in sorted(checks.items(), key=lambda kv: rank.get(kv[0][0], len(rank))):
        shown = name[len(pid) + 1:].strip() if name.startswith(pid + ":") else name
        first = pid != previous
        previous = pid
        rows.append(f'<tr class="{"first" if first else "more"}" data-problem="{esc(pid)}" data-check="{esc(name)}">'
                    f'<td><code>{esc(pid) if first else ""}</code></td>'
                    f'<td>{esc(shown)}</td><td class="num rate">{esc(pct(passed / n))}</td>'
                    f'<td>{_rate_bar(passed / n)}</td><td class="num">{passed}/{n}</td></tr>')
    out.append(f'<section id="checks"><h2>{esc(labels["check_pass_rates"])}</h2>'
               f'<table id="check-table"><thead><tr><th>{esc(labels["problem"])}</th><th>{esc(labels["check"])}</th>'
               f'<th class="num" colspan="2">{esc(labels["pass_rate"])}</th><th class="num">{esc(labels["passed_of"])}</th>'
               f'</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')

    # Slowest submissions and the ones that could not be graded.
    slow = sorted((s for s in subs if s.duration is not None), key=lambda s: -s.duration)[:MAX_SLOWEST]
    rows = "".join(f'<tr><td>{esc(s.student)}</td><td class="num">{esc(fmt(s.duration))}</td>'
                   f'<td class="num">{esc(fmt(s.score))}</td><td>{status_badge(s.status, labels)}</td></tr>' for s in slow)
    slowest = (f'<section id="slowest"><h2>{esc(labels["slowest"])}</h2><table id="slowest-table"><thead><tr>'
               f'<th>{esc(labels["student"])}</th><th class="num">{esc(labels["duration"])}</th>'
               f'<th class="num">{esc(labels["score"])}</th><th>{esc(labels["status"])}</th></tr></thead>'
               f'<tbody>{rows}</tbody></table></section>')
    bad = [f'<tr><td>{esc(s.student)}</td><td class="mono small">{esc(s.note or s.output)}</td></tr>' for s in errors]
    bad += [f'<tr><td>{esc(name)}</td><td class="small">{esc(labels["unreadable"])}</td></tr>' for name in unreadable]
    not_graded = (f'<section id="errors"><h2>{esc(labels["not_graded"])}</h2>' + (
        f'<table id="errors-table"><thead><tr><th>{esc(labels["student"])}</th><th>{esc(labels["note"])}</th></tr>'
        f'</thead><tbody>{"".join(bad)}</tbody></table>' if bad else f'<p class="muted">{esc(labels["none"])}</p>')
        + "</section>")
    out.append(f'<div class="grid">{slowest}{not_graded}</div>')

    # Everyone, collapsed: a link to each feedback page that exists.
    rows = []
    for s in sorted(subs, key=lambda s: s.student.lower()):
        name = esc(s.student)
        if out_dir is not None and (Path(out_dir) / s.dir_name / "feedback.html").is_file():
            name = f'<a href="{esc(quote(s.dir_name))}/feedback.html">{name}</a>'
        rows.append(f'<tr><td>{name}</td><td class="num">{esc(fmt(s.score))}</td>'
                    f'<td class="num">{esc(fmt(s.max_score))}</td><td>{status_badge(s.status, labels)}</td></tr>')
    out.append(f'<section id="all"><details><summary>{esc(labels["all_submissions"])} ({len(subs)})</summary>'
               f'<table id="all-table"><thead><tr><th>{esc(labels["student"])}</th><th class="num">{esc(labels["score"])}</th>'
               f'<th class="num">{esc(labels["max"])}</th><th>{esc(labels["status"])}</th></tr></thead>'
               f'<tbody>{"".join(rows)}</tbody></table></details></section>')
    out.append(f'<footer>{esc(labels["generated"])}</footer>')

    title = f"{heading} ({total} {labels['submissions']})"
    return page(title, "\n".join(out), lang)


def write_class_report(out_dir: Path, course=None, lang: str | None = "en") -> Path:
    """Read every OUT/*/results.json and write OUT/report.html (atomically); unreadable files count as errors."""
    out_dir = Path(out_dir)
    course = _course(course)
    lang = resolve_lang(lang if lang is not None else (course.language if course is not None else None))
    subs, unreadable = load_results(out_dir)
    return write_atomic(out_dir / "report.html", build_report_html(subs, unreadable, course, lang, out_dir))
