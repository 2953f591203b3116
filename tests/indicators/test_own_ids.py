"""A publisher's own indicator ids (10-x-1, 7-1, 1-2-1(2)) on every surface showing indicators."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from localsdg.core.formats.registry import get_format
from localsdg.indicators import releases
from localsdg.indicators.models import Indicator

pytestmark = pytest.mark.django_db

FILES = {
    "data/indicator_10-x-1.csv": "Year,Value\n2019,4\n2020,5\n",
    "data/indicator_7-1.csv": "Year,Value\n2019,1\n2020,2\n",
    "data/indicator_1-2-1(2).csv": "Year,Value\n2020,3\n",
    "meta/10-x-1.md": "---\nindicator_name: Income gap of the wards\nsdg_goal: '10'\n---\n",
}


@pytest.fixture
def imported(orgs, tmp_path: Path):
    org = orgs["tokyo"]
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = releases.preview(org, get_format("opensdg").read(tmp_path))
    assert result.ok, [str(p) for p in result.errors]
    releases.apply(org, result, source_name="repo")
    Indicator.objects.filter(organisation=org, code__in=["10-x-1", "7-1", "1-2-1(2)"]).update(
        is_published=True
    )
    return org


def link_of(org, code: str) -> tuple:
    link = Indicator.objects.get(organisation=org, code=code).links.get()
    return link.global_indicator_id, link.target_id, link.goal_id, link.kind


def test_own_ids_link_to_their_goal_or_target_not_to_a_global_indicator(imported) -> None:
    assert link_of(imported, "10-x-1") == (None, None, 10, "supplementary")
    assert link_of(imported, "7-1") == (None, "7.1", None, "supplementary")
    assert link_of(imported, "1-2-1(2)") == (None, "1.2", None, "supplementary")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_indicator_pages_show_them(client: Client, imported, lang: str) -> None:
    for code in ("10-x-1", "7-1", "1-2-1(2)"):
        response = client.get(f"/{lang}/organisations/tokyo/indicators/{code}/")
        assert response.status_code == 200, code
    html = client.get(f"/{lang}/organisations/tokyo/indicators/10-x-1/").content.decode()
    assert "Income gap of the wards" in html and f'href="/{lang}/goals/10/"' in html


def test_home_page_lists_them_under_their_goal(client: Client, imported) -> None:
    html = client.get("/en/").content.decode()
    assert "/en/organisations/tokyo/indicators/10-x-1/" in html
    assert "/en/organisations/tokyo/indicators/7-1/" in html


def test_downloads_and_catalogue_include_them(client: Client, imported) -> None:
    body = client.get("/en/organisations/tokyo/downloads/tokyo-all-data.zip").content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
    assert any("10-x-1" in name for name in names), names
    assert client.get("/en/organisations/tokyo/downloads/goal-10.xlsx").status_code == 200
    catalogue = client.get("/en/organisations/tokyo/downloads/catalogue.json").content
    assert "10-x-1" in json.dumps(json.loads(catalogue))


def test_search_and_api_find_them(client: Client, imported) -> None:
    from localsdg.search.indexing import reindex_org

    reindex_org(imported)
    html = client.get("/en/search/", {"q": "Income gap of the wards"}).content.decode()
    assert "/en/organisations/tokyo/indicators/10-x-1/" in html
    answer = client.get("/api/v1/organisations/tokyo/indicators/1-2-1(2)")
    assert answer.status_code == 200
    assert client.get("/api/v1/organisations/tokyo/indicators/10-x-1").json()["links"] == [
        {"code": "10", "kind": "supplementary"}
    ]
