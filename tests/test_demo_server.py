"""`localsdg demo` as a visitor and an editor meet it: a real server process on a real port.

The demo loads its data with polars before it serves. A server process forked after polars has
started its thread pool waits forever on a polars lock, so every page that computes with polars
(downloads, editor saves, import checks) would never answer. These tests start the real command
with its default worker count and give every request a short client timeout, so a stuck worker
fails the test instead of stalling it.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "localsdg"
REQUEST_TIMEOUT = 10  # seconds: a page that needs longer is stuck (gunicorn kills it at 30)
START_TIMEOUT = 240  # seconds: migrations and the demo load, on a busy machine
STOP_TIMEOUT = 30


@dataclass(frozen=True)
class DemoServer:
    base: str
    passwords: dict[str, str]
    output: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_environment() -> dict[str, str]:
    """An operator's shell: no settings of the test run, a wide terminal, UTF-8 output."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("LOCALSDG_", "DJANGO_"))}
    return kept | {"PYTHONIOENCODING": "utf-8", "COLUMNS": "160"}


def fetch(url: str, opener: urllib.request.OpenerDirector | None = None, data=None) -> bytes:
    """One request with a short timeout; a stuck server raises instead of hanging the test."""
    opener = opener or urllib.request.build_opener()
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    with opener.open(url, data=body, timeout=REQUEST_TIMEOUT) as response:
        assert response.status == 200, (url, response.status)
        return bytes(response.read())


def wait_until_answering(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`localsdg demo` exited with {process.returncode}:\n{log.read_text()}")
        try:
            fetch(f"{base}/en/")
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"`localsdg demo` did not answer within {START_TIMEOUT} s:\n{log.read_text()}")


def demo_passwords(printed: str) -> dict[str, str]:
    """User name -> password from the table of demo accounts that the command prints."""
    passwords = {}
    for line in printed.splitlines():
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) == 6 and re.fullmatch(r"[a-z]+(-[a-z]+)?", cells[1]) and cells[2]:
            passwords[cells[1]] = cells[2]
    return passwords


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and every worker: the whole process group, gracefully, then by force."""
    group = os.getpgid(process.pid)
    os.killpg(group, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline:
        process.poll()
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.killpg(group, signal.SIGKILL)
    process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[DemoServer]:
    folder = tmp_path_factory.mktemp("demo-server")
    output, errors = folder / "stdout.txt", folder / "stderr.txt"
    port = free_port()
    command = [str(BIN), "demo", "--data-dir", str(folder / "data"), "--port", str(port)]
    with output.open("wb") as out, errors.open("wb") as err:
        process = subprocess.Popen(
            command, stdout=out, stderr=err, env=clean_environment(), start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(process, base, errors)
        passwords = demo_passwords(output.read_text(encoding="utf-8"))
        assert "tokyo-editor" in passwords, output.read_text(encoding="utf-8")
        yield DemoServer(base, passwords, output)
    finally:
        stop(process)
    assert process.returncode is not None


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


class Forms(HTMLParser):
    """Every form's fields with the values a browser would send unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({})
        elif not self.forms or "name" not in attr or "disabled" in attr:
            if tag == "option" and self._select is not None:
                self._options.append((attr.get("value", ""), "selected" in attr))
        elif tag == "input":
            kind = attr.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                default = "on" if kind in {"checkbox", "radio"} else ""
                self.forms[-1].setdefault(attr["name"], []).append(attr.get("value", default))
        elif tag == "select":
            self._select, self._options = attr["name"], []
        elif tag == "textarea":
            self._textarea = attr["name"]
            self.forms[-1][attr["name"]] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1][self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            first = [value for value, _selected in self._options[:1]]
            self.forms[-1][self._select] = chosen or first
            self._select = None


def form_with(html: bytes, field: str) -> dict[str, list[str]]:
    parser = Forms()
    parser.feed(html.decode())
    return next(form for form in parser.forms if field in form)


def test_the_hub_zip_of_all_data_downloads(demo_server: DemoServer) -> None:
    page = fetch(f"{demo_server.base}/en/organisations/tokyo/downloads/")
    links = Links()
    links.feed(page.decode())
    zips = [href for href in links.hrefs if href.endswith(".zip")]
    assert zips, "the downloads page links no zip file"
    archive = fetch(urllib.parse.urljoin(f"{demo_server.base}/", zips[0]))
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert zipped.testzip() is None
        names = zipped.namelist()
    assert any(name.endswith(".csv") for name in names), names


def test_an_editor_saves_an_indicator_and_the_portal_shows_it(demo_server: DemoServer) -> None:
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{demo_server.base}/en/accounts/login/"
    sign_in = form_with(fetch(login, browser), "csrfmiddlewaretoken")
    sign_in |= {"username": ["tokyo-editor"], "password": [demo_server.passwords["tokyo-editor"]]}
    fetch(login, browser, sign_in)
    assert any(cookie.name == "sessionid" for cookie in jar), "the sign-in was refused"

    edit = f"{demo_server.base}/en/manage/tokyo/indicators/7-2-1/"
    fields = form_with(fetch(edit, browser), "name_en")
    assert fields["csrfmiddlewaretoken"][0]
    new_name = f"Renewable electricity share, edited {time.time_ns()}"
    fields["name_en"] = [new_name]
    fetch(edit, browser, fields)  # the redirect after saving is followed

    public = fetch(f"{demo_server.base}/en/organisations/tokyo/indicators/7-2-1/").decode()
    assert new_name in public
