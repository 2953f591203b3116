"""The SDGs Board of the static export in a real browser: the same results, facet counts and heat
map as the live Board, from a plain file server."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from localsdg.board.select import select
from localsdg.sitegen.export import export_site
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY = "防災"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture
def exported(site: str, tmp_path: Path) -> Iterator[str]:
    """The demo exported into <tmp>/sdg/ and served at http://127.0.0.1:<port>/sdg/."""
    export_site(tmp_path / "sdg")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sdg"
    server.shutdown()
    server.server_close()


def board_ids(lang: str, **query: list[str]) -> list[int]:
    """The initiatives the Board module lists on the first page, in order."""
    selection = select(query, lang)
    return [selection.index.records[row].pk for row in selection.rows(0, 50)]


def board_orgs(lang: str, **query: list[str]) -> set[str]:
    selection = select(query, lang)
    return {selection.index.records[row].org.slug for row in selection.rows()}


def listed(page) -> list[int]:
    hrefs = page.locator(".board-list .initiative-name").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return [int(re.search(r"initiatives/(\d+)/", href)[1]) for href in hrefs]


def facet_counts(page) -> dict[str, list[tuple[str, bool, str]]]:
    """Per facet: (value, checked, label text) of every checkbox."""
    rows = page.locator(".board-form input[type=checkbox]").evaluate_all(
        """inputs => inputs.map(input => [input.name, input.value, input.checked,
             document.querySelector('label[for="' + input.id + '"]').innerText])"""
    )
    found: dict[str, list[tuple[str, bool, str]]] = {}
    for name, value, checked, label in rows:
        found.setdefault(name, []).append((value, checked, label))
    return found


def shown(page) -> dict[str, object]:
    """What a visitor reads of the Board: the list, the count, every facet, the heat map."""
    heatmap = page.locator(".board-heatmap")
    return {
        "ids": listed(page),
        "count": page.locator(".board-count").inner_text(),
        "list": page.locator(".board-list").all_inner_texts(),
        "none": page.locator(".board-none").all_inner_texts(),
        "pager": page.locator(".pager a, .board-none a").evaluate_all(
            "links => links.map(link => link.rel + ' ' + new URL(link.href).search)"
        ),
        "facets": facet_counts(page),
        "heatmap": heatmap.inner_text() if heatmap.count() else "",
        "cells": page.locator(".board-heatmap td a").evaluate_all(
            "links => links.map(link => new URL(link.href).search)"
        ),
        "title": page.title(),
        "query": page.locator("#board-q").input_value(),
        "notice": page.locator(".board-results .notice").all_inner_texts(),
    }


def open_static(page, url: str) -> None:
    """A static Board address, once board.js has drawn its answer."""
    page.goto(url)
    page.locator("[data-board-drawn]").wait_for(state="attached")


def test_static_board_answers_as_the_live_board(exported: str, site: str, page) -> None:
    """One export serves every check: exporting the demo is the slow part."""
    for lang in ("ja", "en"):
        lists_what_the_live_board_lists(exported, site, page, lang)
    answers_facets_sorts_and_pages_as_the_live_board(exported, site, page)


def lists_what_the_live_board_lists(exported: str, site: str, page, lang: str) -> None:
    open_static(page, f"{exported}/{lang}/board/?q={quote(QUERY)}&sort=relevance")
    assert page.url == f"{exported}/{lang}/board/?q={quote(QUERY)}"  # the canonical address
    static = shown(page)
    assert static["ids"] == board_ids(lang, q=[QUERY])
    assert board_orgs(lang, q=[QUERY]) == {"tokyo", "shinjuku"}
    assert static["facets"]["org"], static["facets"]
    assert all(re.search(r"\(\d+\)$", label) for values in static["facets"].values()
               for _value, _checked, label in values)  # fmt: skip
    assert axe_violations(page) == []
    assert page.csp_errors == []

    page.goto(f"{site}/{lang}/board/?q={quote(QUERY)}")
    live = shown(page)
    assert page.csp_errors == []
    assert page.locator("[data-board-drawn]").count() == 0  # the server's results stay
    assert static == live

    # Choosing a facet filters, and the address is the canonical one of the new state.
    open_static(page, f"{exported}/{lang}/board/?q={quote(QUERY)}")
    page.locator(".board-form input[name=org][value=tokyo]").check()
    page.locator(".board-form .actions button").click()
    page.wait_for_url(f"{exported}/{lang}/board/?q={quote(QUERY)}&org=tokyo")
    page.locator("[data-board-drawn]").wait_for(state="attached")
    filtered = shown(page)
    assert filtered["ids"] == board_ids(lang, q=[QUERY], org=["tokyo"])
    assert len(filtered["ids"]) < len(static["ids"])
    assert axe_violations(page) == []
    page.goto(f"{site}/{lang}/board/?q={quote(QUERY)}&org=tokyo")
    assert shown(page) == filtered


def answers_facets_sorts_and_pages_as_the_live_board(exported: str, site: str, page) -> None:
    for query in [
        "goal=11&goal=13&role=primary",
        "target=11.5&sort=budget",
        "status=ongoing&year=2026&sort=name",
        "budget=none&org=shinjuku",
        "q=11",
        "q=disaster&goal=11",
        "q=%E9%98%B2%E7%81%BD&goal=18&status=lost",
        "page=3",
    ]:
        open_static(page, f"{exported}/ja/board/?{query}")
        static = shown(page)
        page.goto(f"{site}/ja/board/?{query}")
        assert shown(page) == static, query
