"""The SDGs Board in a real browser: axe-core finds nothing on it in either language, no Content
Security Policy error occurs, and a reader filters with the keyboard alone (the form works
without JavaScript) and lands on the canonical address of what they chose."""

from __future__ import annotations

import pytest

from localsdg.board.select import select
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_axe_on_the_board(site: str, page, lang: str) -> None:
    paths = [
        "/board/",
        "/board/?q=%E9%98%B2%E7%81%BD",
        "/board/?goal=11&role=primary&sort=budget",
        "/board/?goal=99",  # a value that names nothing
        "/board/?q=zzzz-nothing",
    ]
    problems = {}
    for path in paths:
        response = page.goto(f"{site}/{lang}{path}")
        assert response is not None and response.status == 200, path
        if violations := axe_violations(page):
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []


def test_a_reader_filters_with_the_keyboard(site: str, page) -> None:
    expected = select({"q": ["disaster"], "org": ["shinjuku"]}, "en").total
    page.goto(f"{site}/en/board/")
    page.get_by_role("checkbox", name="Shinjuku City").check()
    page.get_by_role("searchbox", name="Search initiatives").fill("disaster")
    page.keyboard.press("Enter")  # submits the form from the search field
    page.wait_for_url("**/en/board/?q=disaster&org=shinjuku")
    status = page.locator(".board-count").inner_text()
    assert status.startswith(f"{expected} result"), status
    links = page.locator(".board-list .initiative-name")
    assert links.count() == expected >= 1
    links.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/plans/initiatives/*/")
    assert page.csp_errors == []
