"""The Japanese target texts where the public meets them: pages, search, API, about page."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.test import Client

from localsdg.framework.models import Target
from tests.htmlcheck import html_problems

pytestmark = pytest.mark.django_db

TABLE = Path(__file__).resolve().parents[2] / "localsdg/core/framework/data/sdg-targets-ja.csv"
UNTRANSLATED = "未翻訳"
ATTRIBUTION = (
    "出典：外務省「我々の世界を変革する：持続可能な開発のための2030アジェンダ」（仮訳）",
    "（ターゲットの文言は総務省「SDGグローバル指標」仮訳に掲載のものによる）",
)


def japanese_texts() -> dict[str, str]:
    """The packaged table, read plainly: what every page must show."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return {row["target"]: row["title_ja"] for row in csv.DictReader(handle)}


def lead(html: str) -> str:
    found = re.search(r'<p class="lead">(.*?)</p>', html, re.S)
    assert found, "the page has no lead paragraph"
    return found.group(1)


def test_target_page_shows_the_japanese_text_unmarked(client: Client, demo) -> None:
    html = client.get("/ja/targets/11.6/").content.decode()
    expected = japanese_texts()["11.6"]
    assert lead(html) == f'<span lang="ja">{expected}</span>'
    assert UNTRANSLATED not in lead(html)


def test_indicators_on_the_target_page_stay_marked_untranslated(client: Client, demo) -> None:
    html = client.get("/ja/targets/11.6/").content.decode()
    rows = re.findall(r'<th scope="row" class="code">11\.6\.\d</th><td>(.*?)</td>', html, re.S)
    assert len(rows) == 2
    assert all('class="fallback"' in row and UNTRANSLATED in row for row in rows)
    assert "Annual mean levels of fine particulate matter" in html


def test_english_target_page_is_unchanged(client: Client, demo) -> None:
    html = client.get("/en/targets/11.6/").content.decode()
    assert lead(html).startswith('<span lang="en">By 2030, reduce the adverse per capita')
    assert japanese_texts()["11.6"] not in html


def test_text_is_shown_as_stored_not_normalised(client: Client, demo) -> None:
    html = client.get("/ja/targets/1.1/").content.decode()
    assert "現在１日1.25ドル未満で生活する" in lead(html)


@pytest.mark.parametrize("number", range(1, 18))
def test_goal_pages_list_every_target_in_japanese(client: Client, demo, number: int) -> None:
    html = client.get(f"/ja/goals/{number}/").content.decode()
    texts = japanese_texts()
    items = re.findall(r'<li class="target" id="target-([^"]+)">.*?<p>(.*?)</p>', html, re.S)
    codes = list(Target.objects.filter(goal=number).values_list("code", flat=True))
    assert [code for code, _p in items] == codes
    for code, paragraph in items:
        assert paragraph == f'<span lang="ja">{texts[code]}</span>', code


def test_every_target_row_has_the_packaged_japanese_text(demo) -> None:
    texts = japanese_texts()
    rows = {t.code: t for t in Target.objects.all()}
    assert set(rows) == set(texts)
    for code, target in rows.items():
        localized = target.title_in("ja")
        assert (localized.text, localized.lang, localized.is_fallback) == (texts[code], "ja", False)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("大気の質及び一般並びにその他の廃棄物の管理", "11.6"),
        ("都市の一人当たりの環境上の悪影響", "11.6"),
        ("1日1.25ドル未満", "1.1"),  # half-width query, full-width text: matched after NFKC
        ("政策の一貫性を強化", "17.14"),
    ],
)
def test_japanese_search_finds_the_target(client: Client, demo, query: str, code: str) -> None:
    response = client.get("/ja/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    hit = re.search(
        rf'<li class="search-hit search-target">.*?<a href="/ja/targets/{re.escape(code)}/">'
        rf'<span class="code">{re.escape(code)}</span> (.*?)</a>',
        html,
        re.S,
    )
    assert hit, f"target {code} not found for {query!r}"
    assert hit.group(1) == f'<span lang="ja">{japanese_texts()[code]}</span>'


def test_api_gives_the_japanese_texts(client: Client, demo) -> None:
    texts = japanese_texts()
    one = client.get("/api/v1/targets/11.6").json()
    assert one["title"]["ja"] == texts["11.6"]
    assert one["title"]["en"].startswith("By 2030, reduce the adverse per capita")
    listed = client.get("/api/v1/targets").json()
    assert {t["code"]: t["title"]["ja"] for t in listed} == texts
    indicator = client.get("/api/v1/indicators/11.6.2").json()
    assert "ja" not in indicator["title"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_about_page_gives_the_attribution(client: Client, demo, lang: str) -> None:
    html = client.get(f"/{lang}/about/").content.decode()
    assert html_problems(html) == []
    block = re.search(r'<p class="attribution" lang="ja">(.*?)</p>', html, re.S)
    assert block, "the attribution of the Japanese target texts is missing"
    assert block.group(1) == "<br>".join(ATTRIBUTION)
    assert "Government of Japan Standard Terms of Use, version 2.0" in html
    assert "CC BY 4.0" in html
    assert "A/RES/70/1" in html  # next to the sources of the English texts


def test_about_page_reports_japanese_completeness(client: Client, demo) -> None:
    html = client.get("/en/about/").content.decode()
    # 17 goals + 169 targets of 17 + 169 + 247 texts have Japanese: 43 %.
    assert re.search(r"Texts available in language “ja”</dt><dd>43 %", html)
    indicators = re.search(r"<dt>Indicator texts in Japanese</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert indicators and "No published translation has been verified yet" in indicators.group(1)
