"""Rewrite the site's own URLs in rendered files so the export works from any folder.

Django renders root-absolute URLs (``/en/targets/11.6/``). In a static export each becomes a URL
relative to the file that holds it (``../../targets/11.6/`` from ``en/goals/11/index.html``), so the
site works at ``https://example.org/``, at ``https://example.org/sdg/`` and from a folder alike.
URLs of pages the export does not hold (sign-in, editors' area, another organisation under
``--org``) point to the live site when a base URL is given, and otherwise lose their ``href``.
External URLs are never touched.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

# Attributes that hold URLs; ``content`` only for the site's own absolute URLs (og:url).
URL_ATTRIBUTE = re.compile(
    r'(?P<space>\s)(?P<name>href|src|action|srcset|content|data-[a-z0-9-]*-url)="(?P<value>[^"]*)"'
)
LD_JSON = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.DOTALL)
CSS_URL = re.compile(r"url\(\s*(?P<quote>['\"]?)(?P<value>[^'\")]*)(?P=quote)\s*\)")
JSON_STRING = re.compile(r'"((?:https?://[^"/]+)?/[^"\\]*)"')


@dataclass
class SiteLinks:
    """The site's files and how to reach them: the one place that decides what a URL becomes."""

    files: dict[str, str]  # URL path -> file path in the export
    origin: str  # scheme and host the pages were rendered with, e.g. https://localhost
    base_url: str = ""  # where the export will be published, e.g. https://example.org/sdg/
    static_url: str = "/static/"
    static_file: Callable[[str], str | None] = lambda name: None  # a static name -> file path
    static_needed: set[str] = field(default_factory=set)

    def internal_path(self, url: str) -> str | None:
        """The path of one of this site's URLs; None for external, relative or fragment URLs."""
        if url.startswith(self.origin + "/"):
            return url[len(self.origin) :]
        if url.startswith("/") and not url.startswith("//"):
            return url
        return None

    def file_for(self, path: str) -> str | None:
        """The export's file that answers ``path`` (a static file is copied when first asked)."""
        if path in self.files:
            return self.files[path]
        if path.startswith(self.static_url):
            name = unquote(path[len(self.static_url) :])
            if self.static_file(name) is None:
                return None
            self.static_needed.add(name)
            return unquote(path).lstrip("/")
        return None

    def absolute(self, path: str) -> str:
        return self.base_url.rstrip("/") + path if self.base_url else path

    def rewrite(self, url: str, page: str, relative: bool = True) -> str | None:
        """``url`` as written in the file of URL path ``page``; None when it must be dropped."""
        path = self.internal_path(url)
        if path is None:
            return url
        cut = min((i for i in (path.find("?"), path.find("#")) if i >= 0), default=len(path))
        path, rest = path[:cut], path[cut:]
        if self.file_for(path) is None:
            return self.absolute(path) + rest if self.base_url else None
        if not relative and self.base_url:
            return self.absolute(path) + rest
        return relative_url(path, page) + rest


def relative_url(path: str, page: str) -> str:
    """The URL of ``path`` relative to the page at ``page``; directory URLs keep their slash."""
    start = page if page.endswith("/") else posixpath.dirname(page) + "/"
    relative = posixpath.relpath(path, start)
    if path.endswith("/"):
        return "./" if relative == "." else relative + "/"
    return relative


def rewrite_html(text: str, page: str, links: SiteLinks) -> str:
    """Every URL attribute and JSON-LD URL of an HTML page, rewritten for its file."""

    def attribute(match: re.Match[str]) -> str:
        name, value = match["name"], html.unescape(match["value"])
        if name == "content" and not value.startswith(links.origin + "/"):
            return match[0]
        if name == "srcset":
            new: str | None = rewrite_srcset(value, page, links)
        else:
            new = links.rewrite(value, page, relative=name != "content")
        if new is None:
            return ""  # an anchor without href: a page this export does not hold
        return f'{match["space"]}{name}="{html.escape(new)}"'

    text = LD_JSON.sub(lambda m: m[1] + rewrite_json_urls(m[2], page, links) + m[3], text)
    return URL_ATTRIBUTE.sub(attribute, text)


def rewrite_srcset(value: str, page: str, links: SiteLinks) -> str:
    candidates = []
    for candidate in value.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        new = links.rewrite(url, page) or url
        candidates.append(f"{new} {descriptor}".strip())
    return ", ".join(candidates)


def rewrite_json_urls(text: str, page: str, links: SiteLinks) -> str:
    """URL strings in an embedded JSON document (absolute with a base URL, else relative)."""

    def one(match: re.Match[str]) -> str:
        new = links.rewrite(match[1], page, relative=False)
        return json.dumps(new if new is not None else match[1], ensure_ascii=False)

    return JSON_STRING.sub(one, text)


def rewrite_css(text: str, page: str, links: SiteLinks) -> str:
    """``url(...)`` references of a style sheet, relative to the style sheet's own file."""

    def one(match: re.Match[str]) -> str:
        new = links.rewrite(match["value"], page)
        quote = match["quote"]
        return f"url({quote}{new if new is not None else match['value']}{quote})"

    return CSS_URL.sub(one, text)
