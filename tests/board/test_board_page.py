"""The SDGs Board page (/<lang>/board/), its downloads and its API, on the demo."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import fastexcel
import pytest
from django.test import Client

from localsdg.strategy.models import Initiative
from tests.board.board_reference import expected_initiatives
from tests.htmlcheck import html_problems

pytestmark = pytest.mark.django_db

LANGS = ["en", "ja"]


def page(client: Client, url: str, **query: object) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    text = response.content.decode()
    assert html_problems(text) == [], url
    assert 'style="' not in text and "<style" not in text
    # The Board works without JavaScript; its one script only answers on the static site.
    assert re.findall(r"<script[^>]*>", text) == [
        '<script src="/static/localsdg/query.js" defer>',
        '<script src="/static/board/board.js" defer>',
    ]
    return text


def listed(text: str) -> list[int]:
    """The initiative ids of the result list, in order."""
    results = text[text.index('<ol class="board-list"') :]
    results = results[: results.index("</ol>")]
    return [
        int(pk)
        for pk in re.findall(
            r'class="initiative-name" href="/\w+/plans/initiatives/(\d+)/"', results
        )
    ]


def api_ids(client: Client, **query: object) -> list[int]:
    found: list[int] = []
    number = 1
    while True:
        data = client.get("/api/v1/initiatives", {**query, "page": number, "page_size": 200}).json()
        found += [item["id"] for item in data["items"]]
        if number >= data["pages"]:
            return found
        number += 1


def facet_counts(text: str, name: str) -> dict[str, int]:
    """The value -> count pairs of one facet's checkboxes."""
    pattern = (
        rf'<input type="checkbox" id="board-{name}-\d+" name="{name}" value="([^"]*)"[^>]*>\s*'
        r'<label for="[^"]*">.*?<span class="board-number">\((\d+)\)</span></label>'
    )
    return {value: int(count) for value, count in re.findall(pattern, text, re.DOTALL)}


def test_bosai_on_the_japanese_board_lists_hub_and_member_initiatives(client: Client, demo) -> None:
    text = page(client, "/ja/board/", q="防災")
    ids = listed(text)
    orgs = {Initiative.objects.get(pk=pk).plan.organisation.slug for pk in ids}
    assert orgs == {"tokyo", "shinjuku"}
    assert "地域ごとの防災訓練" in text and "避難所の防災備蓄の充実" in text
    counts = facet_counts(text, "org")
    assert counts["tokyo"] >= 4 and counts["shinjuku"] >= 2
    assert counts["tokyo"] + counts["shinjuku"] == len(ids)
    everything = expected_initiatives()
    goals = facet_counts(text, "goal")
    for goal in range(1, 18):
        assert goals.get(str(goal), 0) == sum(goal in everything[pk].goals for pk in ids), goal
    assert f"{len(ids)}" in text[text.index('class="board-count"') :][:80]
    assert api_ids(client, q="防災", lang="ja") == ids


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_in_both_languages(client: Client, demo, lang: str) -> None:
    text = page(client, f"/{lang}/board/")
    assert f'<html lang="{lang}">' in text
    assert 'aria-current="page">' in text[: text.index("</nav>")]  # the menu marks the Board
    assert 'id="board-q"' in text and 'name="sort"' in text
    for name in ("org", "goal", "target", "role", "department", "status", "year", "budget"):
        assert f'name="{name}"' in text, name
    assert len(listed(text)) == 49
    assert f'href="/{lang}/board/initiatives.csv"' in text
    assert f'href="/{lang}/board/initiatives.xlsx"' in text
    assert 'class="board-goal goal-11 role-primary"' in text
    assert 'class="data-table strategy-matrix"' in text  # the heat map
    assert api_ids(client, lang=lang) == listed(text)


def test_a_form_submission_is_redirected_to_its_canonical_address(client: Client, demo) -> None:
    response = client.get(
        "/en/board/?q=&sort=relevance&goal=13&goal=11&colour=red&org=tokyo&goal=11"
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/board/?org=tokyo&goal=11&goal=13"
    text = page(client, response["Location"])
    assert (
        '<link rel="canonical" href="http://testserver/en/board/?org=tokyo&amp;goal=11&amp;goal=13">'
        in text
    )
    assert 'value="11" checked' in text and 'value="13" checked' in text
    assert 'value="tokyo" checked' in text
    state = dict(parse_qsl(urlsplit(response["Location"]).query))
    assert state == {"org": "tokyo", "goal": "13"}  # dict keeps the last of each
    assert client.get("/en/board/?org=tokyo&goal=11&goal=13").status_code == 200


def test_values_that_name_nothing_are_said_and_not_applied(client: Client, demo) -> None:
    text = page(client, "/en/board/", goal="99", org="mitaka", sort="cost")
    assert "“99” is not a goal number from 1 to 17." in text
    assert "There is no published organisation “mitaka”." in text
    assert text.count("This filter was not applied.") == 3
    assert len(listed(text)) == 49


@pytest.mark.parametrize("lang", LANGS)
def test_heat_map_cells_link_to_a_board_that_lists_their_count(client: Client, demo, lang) -> None:
    text = page(client, f"/{lang}/board/", q="防災")
    table = text[text.index('id="heatmap-heading"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(
        r'<a href="([^"]+)"><span class="matrix-total" aria-hidden="true">(\d+)</span>', table
    )
    assert cells
    for url, count in cells:
        url = url.replace("&amp;", "&")
        assert "org=" in url and "goal=" in url
        assert len(listed(page(client, url))) == int(count), url
    assert re.search(r'<td class="num matrix-cell heat-4">', table)
    assert '<span class="matrix-empty">0</span>' in table


def test_sort_and_pages_through_the_page(client: Client, demo) -> None:
    everything = expected_initiatives()
    ids = listed(page(client, "/en/board/", sort="budget"))
    budgets = [everything[pk].budget for pk in ids]
    given = [b for b in budgets if b is not None]
    assert len(ids) == 49 and given == sorted(given, reverse=True)
    assert budgets == given + [None] * (49 - len(given))
    text = page(client, "/en/board/", sort="name", page="2")
    assert listed(text) == [] if '<ol class="board-list"' in text else True
    assert "There is only 1 page of results." in text
    assert 'href="/en/board/?sort=name"' in text  # back to the last page there is


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_hold_every_result_in_order(client: Client, demo, lang: str) -> None:
    text = page(client, f"/{lang}/board/", q="防災", sort="budget")
    ids = listed(text)
    response = client.get(f"/{lang}/board/initiatives.csv", {"q": "防災", "sort": "budget"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sdgs-board.csv"'
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == ids
    first = Initiative.objects.select_related("plan__organisation").get(pk=ids[0])
    assert rows[0]["organisation"] == first.plan.organisation.slug
    assert rows[0]["name"] == first.name(lang).text
    assert rows[0]["url"] == f"http://testserver/{lang}/plans/initiatives/{first.pk}/"
    everything = expected_initiatives()
    for row in rows:
        goals = everything[int(row["id"])].goals
        assert row["goals"] == ";".join(
            f"{goal}{'*' if role == 'primary' else ''}" for goal, role in sorted(goals.items())
        )
        budget = everything[int(row["id"])].budget
        assert row["budget_yen"] == (format(budget.normalize(), "f") if budget else "")
    again = client.get(f"/{lang}/board/initiatives.csv", {"q": "防災", "sort": "budget"}).content
    assert again == body  # deterministic
    workbook = client.get(f"/{lang}/board/initiatives.xlsx", {"q": "防災", "sort": "budget"})
    assert workbook["Content-Disposition"] == 'attachment; filename="sdgs-board.xlsx"'
    assert zipfile.is_zipfile(io.BytesIO(workbook.content))
    assert (
        workbook.content
        == client.get(f"/{lang}/board/initiatives.xlsx", {"q": "防災", "sort": "budget"}).content
    )
    sheet = fastexcel.read_excel(workbook.content).load_sheet(0, dtypes="string").to_polars()
    assert [int(float(v)) for v in sheet.get_column("id").to_list()] == ids
    assert sheet.get_column("code").to_list() == [r["code"] for r in rows]
    budgets = [r["budget_yen"] for r in rows]
    assert [
        str(int(float(v))) if v else ""
        for v in sheet.get_column("budget_yen").fill_null("").to_list()
    ] == budgets


def test_the_sitemap_and_the_menu_lead_to_the_board(client: Client, demo) -> None:
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/board/" in xml and "http://testserver/ja/board/" in xml
    home = client.get("/ja/").content.decode()
    assert 'href="/ja/board/"' in home


def test_the_heat_map_and_the_list_agree_with_the_api_after_filters(client: Client, demo) -> None:
    query = {"goal": ["11", "13"], "role": "primary", "status": "ongoing"}
    response = client.get("/ja/board/", query)
    assert response.status_code == 200  # the client writes them in canonical order already
    text = page(client, "/ja/board/", **query)
    assert api_ids(client, lang="ja", **query) == listed(text)


def test_no_file_of_the_app_writes_inline_styles_or_scripts() -> None:
    folder = Path(__file__).resolve().parents[2] / "localsdg" / "board" / "templates"
    for template in folder.rglob("*.html"):
        source = template.read_text()
        assert "style=" not in source and "<script>" not in source, template
