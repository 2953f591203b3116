"""search.js in Chromium, on a static copy of the search pages as the site export writes them.

The copy holds, per language, the search page rendered with an empty query (as the static
export has it) at ``<lang>/search/index.html``, the JSON index at ``<lang>/search/index.json``
and the script, served by a plain file server: the results can only come from search.js.
Chromium runs headless with a virtual-time budget, so the fetch and rendering finish before
it prints the resulting document.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture
def static_site(client: Client, demo, tmp_path: Path) -> Iterator[str]:
    for lang in ("en", "ja"):
        folder = tmp_path / lang / "search"
        folder.mkdir(parents=True)
        page = client.get(f"/{lang}/search/")
        assert b'data-rendered="false"' in page.content
        (folder / "index.html").write_bytes(page.content)
        (folder / "index.json").write_bytes(client.get(f"/{lang}/search/index.json").content)
    scripts = tmp_path / "static" / "localsdg"
    scripts.mkdir(parents=True)
    for name in ("query.js", "search.js"):
        shutil.copy(finders.find(f"localsdg/{name}"), scripts / name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=tmp_path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def rendered(url: str) -> str:
    """The document after search.js has run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make system-deps`")
    done = subprocess.run(
        [CHROMIUM, "--headless", *CHROMIUM_ARGS, "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def groups(dom: str) -> list[int]:
    return [int(n) for n in re.findall(r'<h2 class="goal-heading" id="search-goal-(\d+)"', dom)]


def codes(dom: str, kind: str = "") -> list[str]:
    results = dom.split('id="search-results"', 1)[1]
    pattern = rf'<li class="search-hit search-{kind}[^"]*">.*?<span class="code">([^<]+)</span>'
    return re.findall(pattern, results)


def test_static_search_by_code(static_site: str) -> None:
    dom = rendered(f"{static_site}/en/search/?q=11-6")
    assert groups(dom)[0] == 11
    assert codes(dom)[:4] == ["11.6", "11.6.1", "11.6.2", "11.6.2"]
    assert '<p class="search-count" role="status">4 results</p>' in dom
    assert f'href="{static_site}/en/organisations/tokyo/indicators/11-6-2/"' in dom
    assert f'href="{static_site}/en/goals/11/"' in dom
    assert '<span class="search-org"><span lang="en">Tokyo Metropolitan Government</span>' in dom


def test_static_search_in_japanese(static_site: str) -> None:
    dom = rendered(f"{static_site}/ja/search/?q=" + quote("住み続け"))
    assert groups(dom)[0] == 11 and codes(dom)[0] == "11"
    assert "住み続けられるまちづくりを" in dom
    short = rendered(f"{static_site}/ja/search/?q=" + quote("水"))
    assert 'class="search-note"' in short and 6 in groups(short)
    fallback = rendered(f"{static_site}/ja/search/?q=11.6.1")
    assert 'class="fallback-note"' in fallback
    full_width = rendered(f"{static_site}/ja/search/?q=" + quote("ＰＭ２．５"))
    assert "11.6.2" in codes(full_width)


def test_static_search_shows_published_only(static_site: str) -> None:
    for query in ["4-2-2", "13-2-2-a", "三鷹"]:
        dom = rendered(f"{static_site}/ja/search/?q=" + quote(query))
        assert "4.2.2" not in codes(dom, "local") and "13.2.2.a" not in codes(dom, "local")
        assert "Mitaka" not in dom.split('id="search-results"', 1)[1]
    none = rendered(f"{static_site}/en/search/?q=qwertyuiop")
    assert 'class="search-none"' in none


def test_empty_query_leaves_the_page_alone(static_site: str) -> None:
    dom = rendered(f"{static_site}/en/search/")
    assert 'class="search-empty"' in dom and groups(dom) == []
