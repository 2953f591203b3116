"""Write the public portal as a static site, rendering every page through Django itself.

Each page is one anonymous GET through the full middleware stack (as a visitor sees it, so only
published data), without the per-request signals of the WSGI handler: the database connection is
kept for the whole run. Files are written only when their content changed, tracked by a manifest
of SHA-256 sums, so a second run touches nothing and an edit rewrites only the pages it shows on.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.handlers.base import BaseHandler
from django.db import connections
from django.http import HttpResponse, HttpResponseBase
from django.test import RequestFactory, override_settings
from django.urls import resolve
from django.utils import translation
from django.utils.html import escape

from localsdg.indicators.downloads import org_csvs
from localsdg.orgs.models import Organisation
from localsdg.sitegen.links import SiteLinks, rewrite_css, rewrite_html
from localsdg.sitegen.pages import exportable_orgs, language_copies, site_paths

MANIFEST = ".localsdg-site.json"
ROOT_PAGE = "/"
NOT_FOUND = "there-is-no-such-page"  # a path no URL pattern answers
CHUNK = 16  # pages per task handed to a worker process


class ExportError(Exception):
    """The export cannot go on (unknown organisation or language, a page that fails)."""


@dataclass(frozen=True)
class Stored:
    path: str  # file path in the export
    sha256: str
    size: int
    written: bool


@dataclass
class Summary:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    pages: int = 0
    files: int = 0
    bytes: int = 0
    written_paths: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"written {self.written}, unchanged {self.unchanged}, removed {self.removed}"


def file_path(url: str) -> str:
    """Where the file for a URL path goes: directories as index.html, API documents as .json."""
    path = unquote(url).lstrip("/")
    if url.endswith("/"):
        return path + ("index.json" if url.startswith("/api/") else "index.html")
    if url.startswith("/api/") and not path.endswith(".json"):
        return path + ".json"
    return path


def server_name() -> str:
    """A host the site accepts: the first concrete entry of ALLOWED_HOSTS."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    return hosts[0] if hosts else "localhost"


def static_file(name: str) -> str | None:
    """The file of a static name: collected (hashed names live only there), else from the apps."""
    collected = Path(settings.STATIC_ROOT) / name
    if collected.is_file():
        return str(collected)
    found = finders.find(name)
    return str(found) if isinstance(found, str) else None


class Renderer:
    """Renders URL paths into export files through Django's request handling."""

    def __init__(self, outdir: Path, links: SiteLinks, old: dict[str, str]) -> None:
        self.outdir = outdir
        self.links = links
        self.old = old
        self.host = server_name()
        self.factory = RequestFactory(SERVER_NAME=self.host)
        self.handler = BaseHandler()
        self.handler.load_middleware()

    def get(self, url: str) -> bytes:
        path = urlsplit(url).path
        with translation.override(translation.get_language_from_path(path)):
            match = resolve(path)
        if match.view_name in ("portal:indicator-csv", "portal:indicator-headline-csv"):
            return indicator_csv(**match.kwargs)
        request = self.factory.get(url, secure=True, HTTP_HOST=self.host)
        response = self.handler.get_response(request)
        if response.status_code != 200:
            raise ExportError(f"{url} answered {response.status_code} instead of a page")
        return body(url, response)

    def not_found_page(self, lang: str) -> Stored:
        """``404.html`` at the top, which most static hosts answer for a missing file: the
        portal's own "page not found" in the first language, linked from the top folder."""
        url = f"/{lang}/{NOT_FOUND}/"
        request = self.factory.get(url, secure=True, HTTP_HOST=self.host)
        response = self.handler.get_response(request)
        if response.status_code != 404:
            raise ExportError(f"{url} answered {response.status_code} instead of 404")
        html = rewrite_html(body(url, response).decode(), "/404.html", self.links)
        return self.store("404.html", html.encode())

    def render(self, url: str) -> Stored:
        body = self.get(url)
        return self.store(file_path(url), self.rewritten(url, body))

    def rewritten(self, url: str, body: bytes) -> bytes:
        name = file_path(url)
        if name.endswith(".html"):
            return rewrite_html(body.decode(), url, self.links).encode()
        if name.endswith(".css"):
            return rewrite_css(body.decode(), url, self.links).encode()
        return body

    def store(self, name: str, content: bytes) -> Stored:
        """Write ``content`` unless the file already holds it (by the manifest)."""
        digest = hashlib.sha256(content).hexdigest()
        target = self.outdir / name
        if self.old.get(name) == digest and target.is_file():
            return Stored(name, digest, len(content), written=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)
        return Stored(name, digest, len(content), written=True)

    def copy_static(self, name: str) -> Stored:
        source = static_file(name)
        assert source is not None  # only names that resolved are needed
        content = Path(source).read_bytes()
        url = settings.STATIC_URL + name
        if name.endswith(".css"):
            content = rewrite_css(content.decode(), url, self.links).encode()
        return self.store(file_path(url), content)


def indicator_csv(slug: str, code: str, headline_only: bool) -> bytes:
    """An indicator's CSV download from the organisation's CSVs, all written in one go.

    The same bytes as the download view (a test compares them), without reading the data once
    per file.
    """
    org = Organisation.objects.published().get(slug=slug)
    full, headline = org_csvs(org)
    return (headline if headline_only else full)[code]


# The renderer of this process; worker processes inherit it when they fork.
_renderer: Renderer | None = None


def render_chunk(urls: list[str]) -> tuple[list[Stored], set[str]]:
    assert _renderer is not None
    stored = [_renderer.render(url) for url in urls]
    return stored, set(_renderer.links.static_needed)


def chunks(urls: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(urls), size):
        yield urls[start : start + size]


SHARED_DATA = re.compile(r"/organisations/(?P<org>[^/]+)/(?:downloads/|indicators/[^/]+/.*\.csv$)")


def tasks(urls: list[str]) -> list[list[str]]:
    """Units of work for the workers, the heaviest first.

    An organisation's download files and indicator CSVs are made from its whole data set, read
    and written once per process: keeping them in one task means one process does that work
    while the other renders pages.
    """
    shared: dict[str, list[str]] = {}
    pages = []
    for url in urls:
        match = SHARED_DATA.search(url)
        if match:
            shared.setdefault(match["org"], []).append(url)
        else:
            pages.append(url)
    return list(shared.values()) + list(chunks(pages, CHUNK))


def export_site(
    outdir: Path,
    org: str | None = None,
    langs: list[str] | None = None,
    base_url: str = "",
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Export the public site into ``outdir``; ``progress(done, total)`` is told as pages finish."""
    global _renderer
    configured = [code for code, _name in settings.LANGUAGES]
    langs = langs or configured
    unknown = [lang for lang in langs if lang not in configured]
    if unknown:
        raise ExportError(f"unknown language {unknown[0]!r} (configured: {', '.join(configured)})")
    orgs = exportable_orgs(org)
    if org is not None and not orgs:
        raise ExportError(f"there is no published organisation {org!r}")
    urls = site_paths(orgs, langs)
    outdir.mkdir(parents=True, exist_ok=True)
    old = read_manifest(outdir)
    files = {url: file_path(url) for url in urls} | {ROOT_PAGE: "index.html"}
    links = SiteLinks(
        files=files,
        origin=f"https://{server_name()}",
        base_url=base_url,
        static_url=settings.STATIC_URL,
        static_file=static_file,
    )
    _renderer = Renderer(outdir, links, old)
    copies = language_copies(orgs, langs)
    rendered = [url for url in urls if url not in copies]
    stored: list[Stored] = []
    # The page cache is bypassed: the export shows the database as it is now.
    with override_settings(LOCALSDG_PAGE_CACHE_SECONDS=0):
        for part, needed in run_tasks(tasks(rendered), workers):
            stored += part
            links.static_needed |= needed
            if progress:
                progress(len(stored), len(rendered))
    for url, first in copies.items():
        stored.append(_renderer.store(file_path(url), (outdir / file_path(first)).read_bytes()))
    stored.append(_renderer.store("index.html", root_page(langs, links)))
    stored.append(_renderer.not_found_page(langs[0]))
    stored += [_renderer.copy_static(name) for name in sorted(links.static_needed)]
    if base_url:
        stored.append(_renderer.store("sitemap.xml", sitemap(urls, base_url)))
    summary = finish(outdir, old, stored)
    summary.pages = sum(s.path.endswith(".html") for s in stored)
    return summary


def run_tasks(work: list[list[str]], workers: int) -> Iterator[tuple[list[Stored], set[str]]]:
    """Render in this process, or in ``workers`` forked processes when asked for several."""
    if workers <= 1 or len(work) < 2 * workers:
        for task in work:
            yield render_chunk(task)
        return
    connections.close_all()  # each child opens its own connection
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap_unordered(render_chunk, work)


def root_page(langs: list[str], links: SiteLinks) -> bytes:
    """The export's top page: sends visitors on to the first language, with a link to each."""
    names = dict(settings.LANGUAGES)
    first = f"{langs[0]}/"
    items = "".join(
        f'<li><a href="{lang}/" hreflang="{lang}" lang="{lang}">{escape(names[lang])}</a></li>'
        for lang in langs
    )
    site = escape(str(settings.LOCALSDG_SITE_NAME))
    return (
        f'<!DOCTYPE html>\n<html lang="{langs[0]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={first}">\n<title>{site}</title>\n'
        f"</head>\n<body>\n<main>\n<h1>{site}</h1>\n<ul>{items}</ul>\n</main>\n</body>\n</html>\n"
    ).encode()


def sitemap(urls: list[str], base_url: str) -> bytes:
    """A sitemap of the exported pages with absolute URLs (written only with a base URL)."""
    base = base_url.rstrip("/")
    entries = "".join(
        f"<url><loc>{escape(base + url)}</loc></url>\n" for url in urls if url.endswith("/")
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    ).encode()


def read_manifest(outdir: Path) -> dict[str, str]:
    try:
        data = json.loads((outdir / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {str(k): str(v) for k, v in files.items()}


def finish(outdir: Path, old: dict[str, str], stored: list[Stored]) -> Summary:
    """Remove the files of the last run that are no longer produced; write the manifest."""
    current = {s.path: s.sha256 for s in stored}
    gone = sorted(set(old) - set(current))
    for name in gone:
        target = outdir / name
        target.unlink(missing_ok=True)
        remove_empty_parents(target.parent, outdir)
    manifest = {"generator": "localsdg export-site", "files": dict(sorted(current.items()))}
    (outdir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    written = [s.path for s in stored if s.written]
    return Summary(
        written=len(written),
        unchanged=len(stored) - len(written),
        removed=len(gone),
        files=len(stored),
        bytes=sum(s.size for s in stored),
        written_paths=written,
    )


def remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def body(url: str, response: HttpResponseBase) -> bytes:
    """A rendered page's bytes; every exported page is a plain (not streamed) response."""
    if not isinstance(response, HttpResponse):
        raise ExportError(f"{url} answered with a stream instead of a page")
    return bytes(response.content)
