"""Walk the public site from both home pages: every linked page answers and is well-formed HTML."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from tests.htmlcheck import html_problems

pytestmark = pytest.mark.django_db
# Not pages of the public portal: the admin, the editors' area, sign-in, static files.
SKIP = ("/admin/", "/static/", "/en/manage/", "/ja/manage/", "/en/accounts/", "/ja/accounts/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "href" or (name == "src" and tag != "script")):
                self.found.append(value)


def internal_links(page_url: str, html: str) -> set[str]:
    parser = Links()
    parser.feed(html)
    links = set()
    for link in parser.found:
        url, _fragment = urldefrag(urljoin(page_url, link))
        parts = urlsplit(url)
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and parts.path:
            links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def crawl(client: Client, starts: list[str]) -> tuple[dict[str, int], dict[str, list[str]]]:
    statuses: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        if url in statuses or url.startswith(SKIP):
            continue
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        if found := html_problems(html):
            problems[url] = found
        queue.extend(internal_links(url, html) - statuses.keys())
    return statuses, problems


def test_every_linked_public_page_answers_and_is_well_formed(demo):
    statuses, problems = crawl(Client(), ["/en/", "/ja/"])
    broken = {url: status for url, status in statuses.items() if status != 200}
    assert not broken, broken
    assert not problems, problems
    # The walk reached every kind of page, in both languages.
    for lang in ("en", "ja"):
        for part in ("/goals/17/", "/targets/17.19/", "/organisations/", "/indicators/", "/about/"):
            assert any(url.startswith(f"/{lang}/") and part in url for url in statuses), part


def test_the_check_finds_what_it_is_for():
    page = (
        '<html lang="en"><body><div id="a"><p id="a">x</div>'
        '<label for="nowhere">y</label><a href="#gone">z</a><br></br></body></html>'
    )
    problems = " ".join(html_problems(page))
    for expected in ("duplicate id 'a'", "closes <p>", "'nowhere' names no element", "'gone'"):
        assert expected in problems
    assert (
        html_problems('<html lang="en"><body><p id="x">ok</p><a href="#x">x</a></body></html>')
        == []
    )
