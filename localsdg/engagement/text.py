"""Markdown in editors' text fields, rendered to HTML that is safe to show on public pages.

Summaries and outcomes are written by editors (or pasted from elsewhere), so the HTML that
Markdown produces is cleaned with nh3 against a short allow-list: paragraphs, emphasis, lists,
quotes, code, headings and links. Scripts, styles, images, event handlers, ``javascript:`` and
other unknown link schemes and any other raw HTML are removed. Links get
``rel="nofollow noopener"``. Headings are moved down two levels (``#`` becomes ``<h3>``) so that
text inside a page section never competes with the page's own ``<h1>`` and ``<h2>``.
"""

from __future__ import annotations

import re
from typing import Final

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS: Final = frozenset(
    {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
     "h3", "h4", "h5", "h6", "hr"}
)  # fmt: skip
ALLOWED_ATTRIBUTES: Final = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})
HEADING_SHIFT: Final = 2

_HEADING: Final = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _shift_heading(match: re.Match[str]) -> str:
    level = min(int(match.group(2)) + HEADING_SHIFT, 6)
    return f"<{match.group(1)}h{level}"


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML; empty text gives an empty string."""
    if not text or not text.strip():
        return mark_safe("")
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    html = _HEADING.sub(_shift_heading, html)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        link_rel="nofollow noopener",
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 above
