"""One OUT/<student>/feedback.html per graded submission: the score, each problem, and what to fix.

Only what a student may see is rendered: checks whose visibility is "hidden" are left out (their points still
count in the problem's score), traceback frames from outside the student's own code are dropped, and no other
field of results.json (seeds, hashes, timings, the LMS ids, anything the class report says about similar
submissions) reaches the page: the template is given only the view built here.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import KitError
from ._common import LABELS, StudentResults, load_results, localize, resolve_lang, scrub, tag_name, write_atomic
from .render import render_page


def _short(name: str, pid: str) -> str:
    return name[len(pid) + 1 :].strip() if name.startswith(pid + ":") else name


def feedback_view(sub: StudentResults, lang: str) -> dict:
    """What the page shows, and nothing else: the template never sees the StudentResults itself. Messages stored as
    catalogue keys are rendered in the page's language."""
    sub = localize(sub, lang)
    visible = [c for c in sub.checks if c.visibility != "hidden"]
    hidden_outputs = {c.output for c in sub.checks if c.visibility == "hidden" and c.output}
    rows, blocks, said = [], [], set()
    for pid, result in sub.problems.items():
        mine = [c for c in visible if c.problem == pid]
        rows.append(
            {
                "pid": pid,
                "score": result.score,
                "max_score": result.max_score,
                "status": result.status,
                "passed": sum(c.status == "passed" for c in mine),
                "run": len(mine),
            }
        )
        failed = [c for c in mine if c.status != "passed"]
        if result.status == "passed" and not failed:
            continue
        items = [
            {
                "kind": "check",
                "name": _short(c.name, pid),
                "score": c.score,
                "max_score": c.max_score,
                "misconception": c.misconception,
                "misconception_name": tag_name(c.misconception, lang),
                "output": scrub(c.output),
            }
            for c in failed
        ]
        if not items and result.message and result.message not in hidden_outputs | said:
            said.add(result.message)  # e.g. "could not be imported" once, not once per problem
            items.append({"kind": "message", "output": scrub(result.message)})
        hidden_failed = sum(
            1 for c in sub.checks if c.problem == pid and c.visibility == "hidden" and c.status != "passed"
        )
        if hidden_failed:
            items.append({"kind": "hidden", "count": hidden_failed})
        if items:
            blocks.append({"pid": pid, "status": result.status, "items": items})
    return {
        "sub": {"student": sub.student, "score": sub.score, "max_score": sub.max_score, "status": sub.status},
        "note": scrub(sub.note) if sub.note else "",
        "summary_line": scrub(sub.output) if sub.output and sub.output != sub.note else "",
        "problem_rows": rows,
        "blocks": blocks,
    }


def build_feedback_html(sub: StudentResults, lang: str) -> str:
    """The student's page as a string; write_feedback_pages writes it next to their results.json."""
    labels = LABELS[lang]
    heading = f"{labels['feedback']} — {sub.assignment}" if sub.assignment else labels["feedback"]
    return render_page(
        "feedback.html.j2", lang=lang, title=f"{heading} — {sub.student}", heading=heading, **feedback_view(sub, lang)
    )


def write_feedback_pages(
    out_dir: Path, lang: str | None = None, *, known: dict | None = None, done: frozenset = frozenset()
) -> list[Path]:
    """Write OUT/<student>/feedback.html for each readable results.json, in `lang` or else the language it was
    graded in. A batch passes the results it wrote (`known`, not read again) and the pages it has written already,
    as each grade was written (`done`, left alone)."""
    out_dir = Path(out_dir)
    forced = resolve_lang(lang) if lang is not None else None
    subs, _unreadable = load_results(out_dir, known)
    written = []
    for sub in subs:
        if sub.dir_name in done:
            written.append(out_dir / sub.dir_name / "feedback.html")
            continue
        page_lang = forced or _language_of(sub)
        target, html = out_dir / sub.dir_name / "feedback.html", build_feedback_html(sub, page_lang)
        written.append(target if _unchanged(target, html) else write_atomic(target, html))
    return written


def write_feedback_page(out_dir: Path, dir_name: str, results) -> Path:
    """One student's page, from the Results just written to OUT/<dir_name>/results.json (in its language): a batch
    writes it beside each grade, so the page is there as soon as the grade is."""
    sub = StudentResults(dir_name, results)
    target = Path(out_dir) / dir_name / "feedback.html"
    return write_atomic(target, build_feedback_html(sub, _language_of(sub)))


def _unchanged(path: Path, html: str) -> bool:
    """A page that already says exactly this is left alone: a resumed batch does not rewrite (and sync) them all."""
    try:
        return path.read_text(encoding="utf-8") == html
    except (OSError, UnicodeDecodeError):
        return False


def _language_of(sub: StudentResults) -> str:
    try:
        return resolve_lang(sub.language)
    except KitError:  # an unknown language in a results.json must not stop the other pages
        return "en"
