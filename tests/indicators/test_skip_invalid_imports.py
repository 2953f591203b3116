"""Storing a file's valid indicators and skipping the invalid ones: releases and the web."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from localsdg.core.formats.registry import get_format
from localsdg.indicators import releases
from localsdg.indicators.models import DataRelease, Indicator, Observation

pytestmark = pytest.mark.django_db

HEADER = "indicator,unit,period,value\n"
GOOD = "1-2-1,%,2020,10\n1-2-1,%,2021,9.5\n"
BAD = "11-6-2,µg/m³,2020,ten\n11-6-2,µg/m³,2021,12\n"


def stored(org) -> set[tuple[str, str, float | None]]:
    return set(
        Observation.objects.filter(series__indicator__organisation=org).values_list(
            "series__indicator__code", "period", "value"
        )
    )


def write(tmp_path: Path, body: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_a_skipped_indicator_keeps_its_stored_data(orgs, tmp_path: Path) -> None:
    """The file is the whole truth only for the indicators it brings; a skipped one is untouched."""
    org = orgs["hachioji"]
    base = releases.preview(org, get_format("csv").read(write(tmp_path, "11-6-2,x,2019,20\n")))
    first = releases.apply(org, base, source_name="base.csv")
    data = get_format("csv").read(write(tmp_path, GOOD + BAD))
    assert not releases.preview(org, data).ok
    result = releases.preview(org, data, skip_invalid=True)
    assert result.ok and [d.code for d in result.indicators] == ["1-2-1"]
    release = releases.apply(org, result, source_name="data.csv")
    kept = {("1-2-1", "2020", 10.0), ("1-2-1", "2021", 9.5)}
    assert stored(org) == {("11-6-2", "2019", 20.0)} | kept
    assert release.added == 2 and release.removed == 0
    assert [(s["file"], s["indicator"]) for s in release.skipped] == [("data.csv", "11-6-2")]
    assert release.skipped[0]["problems"][0] == {
        "file": "data.csv", "line": 2 + GOOD.count("\n"), "column": "value",
        "code": "invalid_value", "message": result.skipped[0].problems[0].message,
    }  # fmt: skip
    releases.rollback(release)
    assert stored(org) == {("11-6-2", "2019", 20.0)}
    releases.rollback(first)


def test_stored_problems_are_capped(orgs, tmp_path: Path) -> None:
    org = orgs["hachioji"]
    many = "".join(f"11-6-2,x,{1900 + n},bad{n}\n" for n in range(40))
    result = releases.preview(
        org, get_format("csv").read(write(tmp_path, GOOD + many)), skip_invalid=True
    )
    release = releases.apply(org, result, source_name="data.csv")
    (entry,) = release.skipped
    total = len(result.skipped[0].problems)
    assert total > releases.MAX_PROBLEMS_PER_SKIPPED
    assert len(entry["problems"]) == releases.MAX_PROBLEMS_PER_SKIPPED
    assert entry["more"] == total - releases.MAX_PROBLEMS_PER_SKIPPED


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def upload(client: Client, body: str):
    file = SimpleUploadedFile("new.csv", (HEADER + body).encode(), content_type="text/csv")
    return client.post(
        "/en/manage/hachioji/import/",
        {"file_format": "csv", "file": file, "on_duplicate": "error", "note": "partly broken"},
    )


def test_web_preview_offers_to_store_the_valid_indicators(orgs, user, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    org = orgs["hachioji"]
    client = signed_in(user, "hachioji-admin")
    preview_url = upload(client, GOOD + BAD).url
    html = client.get(preview_url).content.decode()
    assert "1 file or indicator with errors would be skipped" in html
    assert '<th scope="row" class="code">11-6-2</th><td class="code">new.csv</td>' in html
    assert "value &#x27;ten&#x27; is not a number" in html
    assert "Store the 1 valid indicator, skip 1" in html
    assert 'name="confirm" value="1" disabled' in html  # the whole file cannot be stored
    assert "2 observations would be added" in html  # what storing the valid part does
    # The normal button stores nothing while there are errors.
    assert client.post(preview_url, {"confirm": "1"}).status_code == 200
    assert not DataRelease.objects.filter(organisation=org).exists()

    seen = re.search(r'name="seen" value="(\w+)"', html).group(1)
    stored_page = client.post(preview_url, {"skip_invalid": "1", "seen": seen})
    release = DataRelease.objects.get(organisation=org)
    assert stored_page.url == f"/en/manage/hachioji/releases/{release.pk}/"
    assert stored(org) == {("1-2-1", "2020", 10.0), ("1-2-1", "2021", 9.5)}
    assert not Indicator.objects.filter(organisation=org, code="11-6-2").exists()
    assert release.note == "partly broken" and release.user.username == "hachioji-admin"
    assert [(s["file"], s["indicator"]) for s in release.skipped] == [("new.csv", "11-6-2")]

    page = client.get(stored_page.url).content.decode()
    assert "1 file or indicator skipped because of errors" in page
    assert '<th scope="row" class="code">11-6-2</th><td class="code">new.csv</td>' in page
    assert 'new.csv, 4, value</span>: <span lang="en">value &#x27;ten&#x27;' in page


def test_no_skip_button_when_nothing_valid_is_left(orgs, user, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    client = signed_in(user, "hachioji-admin")
    html = client.get(upload(client, BAD).url).content.decode()
    assert "would be skipped" not in html and "valid indicator" not in html
    assert client.post(upload(client, BAD).url, {"skip_invalid": "1"}).status_code == 200
    assert not DataRelease.objects.filter(organisation=orgs["hachioji"]).exists()


def test_a_skip_preview_outdated_by_another_import_is_refused_on_the_page(
    orgs, user, settings, tmp_path
) -> None:
    settings.DATA_DIR = tmp_path
    org = orgs["hachioji"]
    client = signed_in(user, "hachioji-admin")
    preview_url = upload(client, GOOD + BAD).url
    page = client.get(preview_url)
    assert "Store the 1 valid indicator" in page.content.decode()
    seen = re.search(r'name="seen" value="(\w+)"', page.content.decode()).group(1)
    # Meanwhile someone stores other data for the same indicator.
    other = releases.preview(org, get_format("csv").read(write(tmp_path, "1-2-1,%,2020,3\n")))
    releases.apply(org, other, source_name="other.csv")
    answer = client.post(preview_url, {"skip_invalid": "1", "seen": seen}, follow=True)
    html = answer.content.decode()
    assert "The stored data changed while this preview was open" in html
    assert "1 observations would be added, 1 changed and 0 removed" in html  # the new preview
    assert DataRelease.objects.filter(organisation=org).count() == 1
    # Confirming the new preview stores it.
    seen = re.search(r'name="seen" value="(\w+)"', html).group(1)
    client.post(preview_url, {"skip_invalid": "1", "seen": seen})
    assert stored(org) == {("1-2-1", "2020", 10.0), ("1-2-1", "2021", 9.5)}
