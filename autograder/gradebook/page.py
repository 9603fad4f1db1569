"""gradebook.html: every student by total, lowest first, each score linked to that feedback page."""

from __future__ import annotations

from pathlib import Path

from ..reporting._common import LABELS
from ..reporting.render import render_page, url_path
from .book import Gradebook, relative_link


def gradebook_view(book: Gradebook, page_dir: Path, lang: str) -> dict:
    labels = LABELS[lang]
    rows = []
    for row in book.ordered():
        cells = []
        for column in book.columns:
            cell = row.cells[column.id]
            cells.append(
                {
                    "aid": column.id,
                    "status": cell.status,
                    "final": cell.final,
                    "graded": cell.graded,
                    "max": column.max_points,
                    "late_penalty": cell.late_penalty,
                    "late_note": labels["late_days"].format(days=cell.days_late) if cell.days_late else "",
                    "override": cell.override,
                    "href": url_path(relative_link(cell.feedback, page_dir)),
                }
            )
        trend = book.trend(row)
        share = book.share(row)
        rows.append(
            {
                "student": row.student,
                "name": row.name,
                "cells": cells,
                "total": row.total(),
                "share": share,
                "attention": book.attention(row),
                "trend": None if trend is None else f"{trend:+.0f} %",
                "trend_dir": None if trend is None else ("up" if trend > 0 else "down" if trend < 0 else ""),
            }
        )
    overrides = [
        {
            "student": row.name,
            "aid": column.id,
            "graded": row.cells[column.id].graded,
            "status": row.cells[column.id].status,
            "override": row.cells[column.id].override,
        }
        for row in sorted(book.rows, key=lambda r: r.name.lower())
        for column in book.columns
        if row.cells[column.id].override is not None
    ]
    return {"columns": book.columns, "rows": rows, "max_total": book.max_total, "overrides": overrides}


def build_gradebook_html(book: Gradebook, page_dir: Path, lang: str, course_title: str = "") -> str:
    labels = LABELS[lang]
    return render_page(
        "gradebook.html.j2",
        lang=lang,
        title=f"{labels['gradebook']} — {course_title}".rstrip(" —"),
        heading=labels["gradebook"],
        subtitle=course_title,
        **gradebook_view(book, page_dir, lang),
    )


__all__ = ["build_gradebook_html", "gradebook_view"]
