"""Real-browser tests: Playwright drives Debian's Chromium against a live test server."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LOCALSDG_CHROMIUM", "/usr/bin/chromium")
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make system-deps` (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _plain_http() -> Iterator[None]:
    """The live server speaks plain HTTP: no redirect to HTTPS, no HSTS, no secure-only cookies.

    It must be in force before the server builds its middleware, hence session scope.
    """
    from django.test import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    ):
        yield


@pytest.fixture(scope="session")
def live_server(_plain_http, live_server):  # noqa: F811 - extends pytest-django's fixture
    return live_server


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """A live server with the demo loaded (transactional tests start from an empty demo)."""
    from django.apps import apps

    from localsdg.demo import load_demo
    from localsdg.framework.loading import sync_framework
    from localsdg.search.indexing import rebuild_all
    from tests.conftest import DEMO_PASSWORD

    sync_framework(apps)  # a transactional test empties every table when it ends
    load_demo(password=DEMO_PASSWORD)
    rebuild_all()  # as `migrate` does: the framework's search entries went with the tables
    return live_server.url


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (evaluated over the DevTools protocol, so CSP allows it)."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
