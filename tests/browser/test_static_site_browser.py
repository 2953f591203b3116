"""The static export in a real browser, served from a subpath by a plain file server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from localsdg.sitegen.export import export_site
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture
def static_site(site: str, tmp_path: Path) -> Iterator[str]:
    """The demo exported into <tmp>/sdg/ and served at http://127.0.0.1:<port>/sdg/."""
    export_site(tmp_path / "sdg")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sdg"
    server.shutdown()
    server.server_close()


def test_navigation_from_a_subpath(static_site: str, page) -> None:
    page.goto(f"{static_site}/")
    page.wait_for_url(f"{static_site}/en/")
    page.get_by_role("link", name="Goal 11: Sustainable cities and communities").first.click()
    page.wait_for_url(f"{static_site}/en/goals/11/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="日本語").click()
    page.wait_for_url(f"{static_site}/ja/goals/11/")
    tile = page.locator(".goal-banner")
    assert tile.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(253, 157, 36)"


@pytest.mark.parametrize(("lang", "query"), [("en", "11.6"), ("ja", "住み続け")])
def test_static_search_draws_accessible_results(static_site: str, page, lang, query) -> None:
    page.goto(f"{static_site}/{lang}/search/")
    page.get_by_role("searchbox").fill(query)
    page.get_by_role("searchbox").press("Enter")
    page.locator("#search-results .search-hit").first.wait_for()
    codes = page.locator("#search-results .search-hit .code").all_inner_texts()
    assert codes[0] == ("11.6" if lang == "en" else "11"), codes
    assert page.locator("#search-results h2").first.get_attribute("id") == "search-goal-11"
    assert axe_violations(page) == []
    page.locator("#search-results .search-hit a").first.click()
    assert page.url.startswith(f"{static_site}/{lang}/")
    assert page.url.endswith("/targets/11.6/" if lang == "en" else "/goals/11/")


def test_axe_on_every_exported_page_type(static_site: str, page) -> None:
    problems = {}
    for lang in ("en", "ja"):
        for path in [
            "/",
            "/goals/11/",
            "/targets/11.6/",
            "/organisations/",
            "/organisations/tokyo/",
            "/organisations/tokyo/indicators/11-6-2/",
            "/organisations/tokyo/progress/",
            "/organisations/tokyo/reporting/",
            "/organisations/tokyo/compare/",
            "/organisations/tokyo/downloads/",
            "/search/",
            "/api/",
            "/about/",
        ]:
            page.goto(f"{static_site}/{lang}{path}")
            if violations := axe_violations(page):
                problems[f"{lang}{path}"] = violations
    assert problems == {}
