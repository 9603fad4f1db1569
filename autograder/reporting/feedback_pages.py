"""One OUT/<student>/feedback.html per graded submission: the score, each problem, and what to fix.

Only what a student may see is rendered: checks whose visibility is "hidden" are left out (their points still
count in the problem's score), traceback frames from outside the student's own code are dropped, and no other
field of results.json (seeds, hashes, timings) reaches the page.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import KitError
from ._common import (LABELS, Submission, esc, fmt, load_results, localize, page, resolve_lang, scrub, status_badge,
                      tag_name, write_atomic)


def build_feedback_html(sub: Submission, lang: str) -> str:
    """The student's page as a string; write_feedback_pages writes it next to their results.json."""
    labels = LABELS[lang]
    sub = localize(sub, lang)  # messages stored as catalogue keys are rendered in the page's language
    visible = [c for c in sub.checks if c.visibility != "hidden"]
    hidden_outputs = {c.output for c in sub.checks if c.visibility == "hidden" and c.output}
    heading = f'{labels["feedback"]} — {sub.assignment}' if sub.assignment else labels["feedback"]
    out = [f'<header><h1 id="title">{esc(heading)}</h1><p class="sub" id="student">{esc(sub.student)}</p></header>']

    summary = [f'<div class="muted">{esc(labels["your_score"])}</div>'
               f'<div class="big" id="score">{esc(fmt(sub.score))}'
               + (f' <small>/ {esc(fmt(sub.max_score))}</small>' if sub.max_score is not None else "") + "</div>"]
    if sub.status == "error":
        summary.append(f'<p>{status_badge("error", labels)}</p>')
    if sub.note:
        summary.append(f'<pre class="msg" id="note">{esc(scrub(sub.note))}</pre>')
    if sub.output and sub.output != sub.note:
        summary.append(f'<p id="summary-line">{esc(scrub(sub.output))}</p>')
    out.append(f'<section id="overview">{"".join(summary)}</section>')

    rows = []
    for pid, result in sub.problems.items():
        mine = [c for c in visible if c.problem == pid]
        passed = sum(c.status == "passed" for c in mine)
        rows.append(f'<tr data-problem="{esc(pid)}"><td><code>{esc(pid)}</code></td>'
                    f'<td class="num score">{esc(fmt(result.score))}</td><td class="num max">{esc(fmt(result.max_score))}</td>'
                    f'<td>{status_badge(result.status, labels)}</td>'
                    f'<td class="num small muted">{passed}/{len(mine)}</td></tr>')
    out.append(f'<section id="problems"><table id="problem-table"><thead><tr><th>{esc(labels["problem"])}</th>'
               f'<th class="num">{esc(labels["score"])}</th><th class="num">{esc(labels["max"])}</th>'
               f'<th>{esc(labels["status"])}</th><th class="num">{esc(labels["passed_checks"])}</th></tr></thead>'
               f'<tbody>{"".join(rows)}</tbody></table></section>')

    blocks, said = [], set()
    for pid, result in sub.problems.items():
        failed = [c for c in visible if c.problem == pid and c.status != "passed"]
        if result.status == "passed" and not failed:
            continue
        items = []
        for check in failed:
            tag = (f' <span class="tag" data-tag="{esc(check.misconception)}">{esc(tag_name(check.misconception, lang))}</span>'
                   if check.misconception else "")
            points = f' <span class="muted small">({esc(fmt(check.score))} / {esc(fmt(check.max_score))})</span>' \
                if check.max_score is not None else ""
            name = check.name[len(pid) + 1:].strip() if check.name.startswith(pid + ":") else check.name
            items.append(f'<div class="check"><strong>{esc(name)}</strong>{points}{tag}'
                         f'<pre class="msg">{esc(scrub(check.output))}</pre></div>')
        if not items and result.message and result.message not in hidden_outputs | said:
            said.add(result.message)  # e.g. "could not be imported" once, not once per problem
            items.append(f'<div class="check"><pre class="msg">{esc(scrub(result.message))}</pre></div>')
        hidden_failed = sum(1 for c in sub.checks if c.problem == pid and c.visibility == "hidden" and c.status != "passed")
        if hidden_failed:
            items.append(f'<p class="muted hidden-failed">{esc(labels["hidden_failed"].format(n=hidden_failed))}</p>')
        if items:
            blocks.append(f'<div class="problem-block" data-problem="{esc(pid)}"><h3><code>{esc(pid)}</code> '
                          f'{status_badge(result.status, labels)}</h3>{"".join(items)}</div>')
    body = "".join(blocks) if blocks else f'<p>{esc(labels["all_passed"])}</p>'
    out.append(f'<section id="fix"><h2>{esc(labels["what_to_fix"])}</h2>{body}</section>')
    out.append(f'<footer>{esc(labels["generated"])}</footer>')
    return page(f"{heading} — {sub.student}", "\n".join(out), lang)


def write_feedback_pages(out_dir: Path, lang: str | None = None) -> list[Path]:
    """Write OUT/<student>/feedback.html for each readable results.json, in `lang` or else the language it was graded in."""
    out_dir = Path(out_dir)
    forced = resolve_lang(lang) if lang is not None else None
    subs, _unreadable = load_results(out_dir)
    written = []
    for sub in subs:
        page_lang = forced or _language_of(sub)
        written.append(write_atomic(out_dir / sub.dir_name / "feedback.html", build_feedback_html(sub, page_lang)))
    return written


def _language_of(sub: Submission) -> str:
    try:
        return resolve_lang(sub.language)
    except KitError:  # an unknown language in a results.json must not stop the other pages
        return "en"
