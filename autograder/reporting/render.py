"""Pages rendered from Jinja2 templates: every value autoescaped, the CSS read from static/ and inlined.

Why templates: everything on these pages comes from results.json (student names, messages), which is
untrusted, so escaping must be the default rather than something each line remembers. Why inline CSS: each
page stays one self-contained file that can be mailed or opened offline, and its Content-Security-Policy
forbids every script and every outside request, so even a slip could not reach out.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from ._common import LABELS, fmt, pct

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _segment(value) -> str:
    """One path segment of a relative link: everything quoted (a ':' would otherwise read as a URL scheme)."""
    return quote("" if value is None else str(value), safe="")


def url_path(value) -> str | None:
    """A relative path of several segments, each quoted (None stays None: no page, no link)."""
    return None if value is None else "/".join(_segment(part) for part in str(value).split("/"))


@lru_cache(maxsize=1)
def environment():
    import jinja2  # here, not at import: `autograder grade` imports this package but renders no page

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the kit's own templates: no stat of each file per page (a batch renders hundreds)
    )
    env.filters.update(fmt=fmt, pct=pct, segment=_segment, relpath=url_path)
    return env


@lru_cache(maxsize=1)
def _css():
    from markupsafe import Markup

    css = (STATIC / "kit.css").read_text(encoding="utf-8")
    if "</" in css:  # the stylesheet is ours, but a stray "</style>" must not end the element
        raise ValueError("kit.css must not contain '</'")
    return Markup(css)


def render_page(template: str, *, lang: str, title: str, **context) -> str:
    """A whole HTML document from `template`, with the page language's labels as `t`."""
    return (
        environment()
        .get_template(template)
        .render(lang=lang, title=title, t=LABELS[lang], css=_css(), csp=CSP, **context)
    )


__all__ = ["render_page", "url_path", "CSP"]
