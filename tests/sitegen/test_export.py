"""The static export of the demo portal: complete, linked, subpath-safe, incremental, public."""

from __future__ import annotations

import json
import re
import shutil
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import resolve
from django.utils import translation

from localsdg.indicators.models import Indicator
from localsdg.sitegen.export import MANIFEST, ExportError, export_site
from localsdg.sitegen.links import relative_url
from localsdg.sitegen.pages import exportable_orgs, site_paths

pytestmark = pytest.mark.django_db
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"  # as in conftest.py
URL_ATTRIBUTES = ("href", "src", "action")


class Page(HTMLParser):
    """The ids and the URLs (href, src, action, srcset, data-*-url) of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in URL_ATTRIBUTES or (name.startswith("data-") and name.endswith("-url")):
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text())
    return page


def target_file(root: Path, page: Path, url: str) -> tuple[Path, str]:
    """The file a relative URL in ``page`` points at (directories: index.html), and its fragment."""
    parts = urlsplit(url)
    if not parts.path:
        return page, parts.fragment
    found = (page.parent / unquote(parts.path)).resolve()
    if parts.path.endswith("/") or found.is_dir():
        found = found / "index.html"
    return found, parts.fragment


def is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "mailto:", "tel:", "data:"))


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The demo exported once (read-only tests share it; the demo is in the session database)."""
    out = tmp_path_factory.mktemp("export") / "sub"
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    with django_db_blocker.unblock(), override_settings(STORAGES=storages):
        export_site(out)
    return out


@pytest.fixture
def site(demo, exported: Path, tmp_path: Path) -> Path:
    """A copy of the export (files, times and manifest) for a test that changes it."""
    out = tmp_path / "sub"
    shutil.copytree(exported, out)
    return out


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_relative_url_from_a_page_folder() -> None:
    assert relative_url("/en/targets/11.6/", "/en/goals/11/") == "../../targets/11.6/"
    assert relative_url("/en/goals/11/", "/en/goals/11/") == "./"
    assert relative_url("/goal-colours.css", "/en/") == "../goal-colours.css"
    assert relative_url("/en/x/data.csv", "/en/x/") == "data.csv"


def test_every_link_resolves_and_none_is_root_absolute(exported: Path) -> None:
    pages = {path.resolve(): parse(path) for path in html_files(exported)}
    assert len(pages) > 300
    checked = 0
    for path, page in pages.items():
        for url in page.urls:
            assert not url.startswith("/"), f"{path}: root-absolute {url}"
            if is_external(url):
                continue
            target, fragment = target_file(exported, path, url)
            assert target.is_file(), f"{path.relative_to(exported.resolve())}: {url} -> {target}"
            assert exported.resolve() in target.parents, f"{path}: {url} leaves the site"
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                assert fragment in ids, f"{path}: {url} has no #{fragment}"
            checked += 1
    assert checked > 5000


def test_style_sheets_and_static_files_are_copied(exported: Path) -> None:
    assert (exported / "goal-colours.css").read_text().startswith(".goal-1{")
    assert list((exported / "static").rglob("site*.css"))
    home = (exported / "en" / "index.html").read_text()
    assert 'href="../goal-colours.css"' in home
    assert 'href="../static/localsdg/site' in home


def test_every_page_type_is_exported_in_both_languages(demo, exported: Path) -> None:
    kinds: dict[str, set[str]] = {"en": set(), "ja": set()}
    for url in site_paths(exportable_orgs(), ["en", "ja"]):
        lang = url.split("/")[1]
        if lang in kinds:
            with translation.override(lang):
                kinds[lang].add(resolve(url).url_name)
            file = exported / unquote(url).lstrip("/")
            assert (file / "index.html" if url.endswith("/") else file).is_file(), url
    expected = {
        "home", "goal", "target", "organisations", "organisation", "progress", "compare",
        "reporting", "indicator", "indicator-headline-csv", "indicator-csv", "about",
        "downloads", "download-file", "search", "search-index", "docs", "plan", "initiative",
    }  # fmt: skip
    assert expected <= kinds["en"]
    assert kinds["en"] == kinds["ja"]
    assert (exported / "ja" / "goals" / "17" / "index.html").is_file()
    assert len(list((exported / "en" / "targets").iterdir())) == 169


def test_language_switch_links_to_the_same_page_in_the_other_language(exported: Path) -> None:
    page = exported / "en" / "goals" / "11" / "index.html"
    assert 'href="../../../ja/goals/11/" hreflang="ja"' in page.read_text()
    japanese = exported / "ja" / "goals" / "11" / "index.html"
    assert 'href="../../../en/goals/11/" hreflang="en"' in japanese.read_text()


def test_json_files_parse(exported: Path) -> None:
    for path in exported.rglob("*.json"):
        json.loads(path.read_text())
    manifest = json.loads((exported / MANIFEST).read_text())
    assert "en/index.html" in manifest["files"]


def test_unpublished_organisations_and_indicators_never_appear(exported: Path) -> None:
    paths = [str(path.relative_to(exported)) for path in exported.rglob("*")]
    assert not [path for path in paths if "mitaka" in path]
    assert not [path for path in paths if "13-2-2-a" in path]
    for path in exported.rglob("*"):
        if path.suffix in (".html", ".csv", ".json", ".css"):
            text = path.read_text()
            for secret in ("Mitaka", "三鷹", "mitaka", "Greenhouse gas emissions (draft",
                           "next-plan-draft", "防災情報アプリの一元化（案）"):  # fmt: skip
                assert secret not in text, f"{path} shows {secret}"


def test_plans_and_who_serves_each_goal_are_exported(exported: Path) -> None:
    plan = (exported / "ja" / "plans" / "tokyo" / "future-tokyo" / "index.html").read_text()
    first = re.search(r'href="(\.\./\.\./initiatives/\d+/)"', plan)
    assert first, "the plan page links its initiatives"
    initiative = exported / "ja" / "plans" / "tokyo" / "future-tokyo" / first[1] / "index.html"
    assert initiative.resolve().is_file()
    assert (exported / "en" / "plans" / "goals" / "11" / "index.html").is_file()
    assert (exported / "en" / "plans" / "targets" / "11.7" / "index.html").is_file()
    assert (exported / "en" / "plans" / "shinjuku").is_dir()


def test_second_run_writes_nothing_and_an_edit_rewrites_only_its_pages(
    demo, site: Path, django_capture_on_commit_callbacks
) -> None:
    stamps = {path: path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()}
    again = export_site(site)
    assert (again.written, again.removed) == (0, 0)
    assert again.unchanged == again.files > 400
    changed = [p for p, stamp in stamps.items() if p.stat().st_mtime_ns != stamp]
    assert changed == [site / MANIFEST]

    indicator = Indicator.objects.get(organisation__slug="shinjuku", code="11-7-1-a")
    with django_capture_on_commit_callbacks(execute=True):
        indicator.name_en = "Park area per resident (renamed)"
        indicator.save()
    edited = export_site(site)
    assert "en/organisations/shinjuku/indicators/11-7-1-a/index.html" in edited.written_paths
    assert 0 < edited.written < 20
    for name in edited.written_paths:
        if not name.startswith("en/") or name.endswith((".zip", ".xlsx")):
            continue  # other languages keep their own name; compressed files are not text
        assert "Park area per resident (renamed)" in (site / name).read_text(), name
    assert edited.line() == f"written {edited.written}, unchanged {edited.unchanged}, removed 0"


def test_files_no_longer_produced_are_removed(demo, site: Path, django_capture_on_commit_callbacks):
    (site / "notes.txt").write_text("kept: not made by the export")
    with django_capture_on_commit_callbacks(execute=True):
        Indicator.objects.filter(organisation__slug="shinjuku").update(is_published=False)
    from localsdg.web.cache import invalidate

    invalidate()  # update() sends no signals; the page cache is told by hand
    summary = export_site(site)
    assert summary.removed >= 6  # page, two CSV files, each in two languages
    assert not (site / "en" / "organisations" / "shinjuku" / "indicators").exists()
    assert (site / "notes.txt").is_file()


def test_one_organisation_only(demo, tmp_path: Path) -> None:
    out = tmp_path / "shinjuku"
    export_site(out, org="shinjuku", langs=["ja"])
    assert (out / "ja" / "organisations" / "shinjuku" / "index.html").is_file()
    assert (out / "ja" / "goals" / "3" / "index.html").is_file()
    assert not (out / "ja" / "organisations" / "tokyo").exists()
    assert not (out / "en").exists()
    for path in html_files(out):
        for url in parse(path).urls:
            if not is_external(url):
                assert target_file(out, path, url)[0].is_file(), f"{path}: {url}"


def test_unknown_organisation_or_language_is_refused(demo, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no published organisation 'nowhere'"):
        export_site(tmp_path, org="nowhere")
    with pytest.raises(ExportError, match="no published organisation 'mitaka'"):
        export_site(tmp_path, org="mitaka")
    with pytest.raises(ExportError, match="unknown language 'fr'"):
        export_site(tmp_path, langs=["en", "fr"])


def test_base_url_makes_a_sitemap_and_absolute_page_urls(demo, tmp_path: Path) -> None:
    export_site(tmp_path, langs=["en"], base_url="https://example.org/sdg/")
    sitemap = (tmp_path / "sitemap.xml").read_text()
    assert "<loc>https://example.org/sdg/en/goals/11/</loc>" in sitemap
    page = (tmp_path / "en" / "about" / "index.html").read_text()
    assert '<meta property="og:url" content="https://example.org/sdg/en/about/">' in page
    assert 'href="https://example.org/sdg/en/accounts/login/"' in page
    assert 'href="../../ja/' not in page


def test_served_from_a_subpath(exported: Path) -> None:
    handler = partial(SimpleHTTPRequestHandler, directory=str(exported.parent))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/sub/en/"
        home = urlopen(base, timeout=10).read().decode()
        assert "Tokyo Metropolitan Government" in home
        page = Page()
        page.feed(home)
        wanted = [u for u in page.urls if u.endswith(("/", ".css")) and not is_external(u)]
        assert len(wanted) > 20
        for url in wanted[:25]:
            absolute = urljoin(base, url)
            assert urlsplit(absolute).path.startswith("/sub/"), url
            with urlopen(absolute, timeout=10) as response:
                assert response.status == 200, absolute
    finally:
        server.shutdown()
        server.server_close()


def test_indicator_csvs_are_the_bytes_the_download_views_serve(exported, client):
    """The export writes an organisation's CSVs in one go; each must equal its download view."""
    compared = 0
    for lang in ("en", "ja"):
        for path in sorted((exported / lang / "organisations").rglob("*.csv")):
            if "/downloads/" in path.as_posix():
                continue
            url = "/" + path.relative_to(exported).as_posix()
            assert client.get(url).content == path.read_bytes(), url
            compared += 1
    published = Indicator.objects.published().count()
    assert compared == 2 * 2 * published  # full and headline, in both languages


def test_a_not_found_page_for_static_hosts(exported):
    from tests.htmlcheck import html_problems

    page = (exported / "404.html").read_text()
    assert 'lang="en"' in page and html_problems(page) == []
    for url in parse(exported / "404.html").urls:
        if not is_external(url) and not url.startswith("#"):
            found, _fragment = target_file(exported, exported / "404.html", url)
            assert found.exists(), url
