"""Initiatives in the search index: the entries, the search page, /api/v1/search, the static
index, and the Board's in-memory matching held to the database query of the same words."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.search.memory import load_entries
from localsdg.search.models import Kind, SearchEntry
from localsdg.search.queries import initiative_ids, parse_query, search_page
from localsdg.strategy.models import Initiative

pytestmark = pytest.mark.django_db

WORDS = [
    "防災", "防災訓練", "水", "公園", "disaster", "drills", "park", "東京都", "新宿区", "school",
    "S8-1", "1-1", "危機管理課", "Bureau", "の", "zz", "(", "a b", "11.5", "11", "教育 地域",
    "ｄｉｓａｓｔｅｒ", "DISASTER prevention", "2024",
]  # fmt: skip


def test_every_shown_initiative_has_one_entry_per_language(demo) -> None:
    shown = set(Initiative.objects.published().values_list("pk", flat=True))
    entries = SearchEntry.objects.filter(kind="initiative")
    for lang in ("en", "ja"):
        assert set(entries.filter(language=lang).values_list("initiative_id", flat=True)) == shown
    assert entries.count() == 2 * len(shown) == 2 * 49
    drill = entries.get(language="ja", initiative__code="1-1", organisation__slug="shinjuku")
    assert (drill.title, drill.goal, drill.url) == ("地域ごとの防災訓練", 11, drill.url)
    assert drill.url == f"/ja/plans/initiatives/{drill.initiative_id}/"
    assert "disaster-prevention drills" in drill.body and "危機管理課" in drill.body
    assert "新宿区" in drill.body


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("q", WORDS)
def test_memory_matching_gives_the_database_answer(demo, q: str, lang: str) -> None:
    query = parse_query(q)
    assert load_entries(lang).ranked(query) == initiative_ids(query, lang)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.sampled_from(["防", "災", "訓練", "地域", "the", "park", "s8", "-", "区", "ー", "都"])
        | st.text(max_size=4),
        min_size=1,
        max_size=3,
    ),
    lang=st.sampled_from(["en", "ja"]),
)
def test_memory_matching_gives_the_database_answer_for_any_words(demo, words, lang) -> None:
    query = parse_query(" ".join(words))
    assert load_entries(lang).ranked(query) == initiative_ids(query, lang)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_search_page_shows_initiatives_of_published_plans(client: Client, demo, lang) -> None:
    html = client.get(f"/{lang}/search/", {"q": "防災"}).content.decode()
    assert 'class="search-hit search-initiative"' in html
    assert ("地域ごとの防災訓練" if lang == "ja" else "Disaster-prevention drills") in html
    assert "防災情報アプリ" not in html and "Disaster-prevention information in one app" not in html
    assert "防災マップの全戸配布" not in html and "Disaster-prevention map" not in html
    page = search_page("防災", lang)
    initiatives = [h for _tile, hits in page.groups for h in hits if h.kind == "initiative"]
    assert {h.organisation_slug for h in initiatives} == {"tokyo", "shinjuku"}
    with translation.override(lang):
        label = str(Kind.INITIATIVE.label)
    assert all(h.kind_label == label for h in initiatives)


def test_an_initiative_code_is_matched_as_text_never_as_an_sdg_code(demo) -> None:
    page = search_page("1-1", "en")
    codes = [(h.kind, h.code) for _tile, hits in page.groups for h in hits]
    assert codes[0] == ("target", "1.1")  # the SDG code first
    assert ("initiative", "1-1") in codes  # Shinjuku's 1-1 through its text


def test_api_search_and_static_index_hold_initiatives_of_published_plans_only(
    client: Client, demo
) -> None:
    data = client.get("/api/v1/search", {"q": "防災", "lang": "ja"}).json()
    hits = [h for g in data["groups"] for h in g["hits"] if h["kind"] == "initiative"]
    assert hits and {h["organisation_slug"] for h in hits} == {"tokyo", "shinjuku"}
    index = client.get("/ja/search/index.json").json()
    rows = [dict(zip(index["fields"], row, strict=True)) for row in index["entries"]]
    initiatives = [r for r in rows if r["kind"] == "initiative"]
    assert len(initiatives) == 49 and {r["org"] for r in initiatives} == {"tokyo", "shinjuku"}
    with translation.override("ja"):
        assert index["kinds"]["initiative"] == str(Kind.INITIATIVE.label)
    assert initiatives[0]["url"].startswith("plans/initiatives/")
    text = str(index)
    for hidden in ("防災情報アプリの一元化", "防災マップの全戸配布", "全ての子供への就学前教育"):
        assert hidden not in text, hidden
