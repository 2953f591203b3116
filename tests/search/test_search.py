"""Search over the framework and the published local indicators of the demo, in both languages."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.search.indexing import normalise, rebuild_all
from localsdg.search.models import SearchEntry
from localsdg.search.queries import Hit, SearchPage, search_page
from localsdg.web.signals import data_changed

pytestmark = pytest.mark.django_db

HIDDEN_LOCAL = {("mitaka", "4.2.2"), ("tokyo", "13.2.2.a")}


def hits(page: SearchPage) -> list[Hit]:
    return [hit for _tile, group in page.groups for hit in group]


def keys(page: SearchPage) -> list[tuple[str, str, str | None]]:
    return [(hit.kind, hit.code, hit.organisation_slug) for hit in hits(page)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sumi_tsuzuke_finds_goal_11_first(demo, lang: str) -> None:
    page = search_page("住み続け", lang)
    assert page.groups[0][0].number == 11
    assert keys(page)[0] == ("goal", "11", None)
    assert page.note == ""


def test_english_words_find_goal_11_first(demo) -> None:
    page = search_page("sustainable cities", "en")
    assert keys(page)[0] == ("goal", "11", None)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_target_code_then_its_indicators(demo, lang: str) -> None:
    page = search_page("11.6", lang)
    tile, group = page.groups[0]
    assert tile.number == 11
    found = [(h.kind, h.code, h.organisation_slug) for h in group]
    assert found[0] == ("target", "11.6", None)
    assert found[1:4] == [
        ("global", "11.6.1", None),
        ("global", "11.6.2", None),
        ("local", "11.6.2", "tokyo"),
    ]
    assert page.total == 4


@pytest.mark.parametrize(
    "spelling",
    ["11-6-2", "11.6.2", " 11.6.2 ", "indicator_11-6-2", "１１．６．２", "INDICATOR_11-6-2"],
)
def test_every_code_spelling_finds_indicator_11_6_2(demo, spelling: str) -> None:
    page = search_page(spelling, "ja")
    assert keys(page) == [("global", "11.6.2", None), ("local", "11.6.2", "tokyo")]


def test_letter_targets_and_local_codes(demo) -> None:
    assert keys(search_page("1.a", "en"))[0] == ("target", "1.a", None)
    assert keys(search_page("5-5-1-a", "en")) == [("local", "5.5.1.a", "tokyo")]
    goal = search_page("11", "en")
    assert keys(goal)[0] == ("goal", "11", None)
    assert {tile.number for tile, _hits in goal.groups} == {11}


def test_exact_code_ranks_before_text_that_contains_it(demo) -> None:
    # "2.5" is target 2.5, and PM2.5 appears in the names of indicator 11.6.2.
    page = search_page("2.5", "en")
    assert [tile.number for tile, _hits in page.groups] == [2, 11]
    assert keys(page)[0] == ("target", "2.5", None)


@pytest.mark.parametrize(
    ("query", "goal"), [("水", 6), ("教育", 4), ("飢餓", 2), ("都市", 11), ("PM", 11)]
)
def test_one_and_two_character_words_fall_back_to_a_scan(demo, query: str, goal: int) -> None:
    page = search_page(query, "ja")
    assert page.total > 0
    assert goal in [tile.number for tile, _hits in page.groups]
    assert page.note, "the page says that short words are matched by a plain scan"


def test_short_word_narrows_a_long_one(demo) -> None:
    both = search_page("年平均濃度 微小", "ja")
    assert keys(both) == [("local", "11.6.2", "tokyo")]
    assert search_page("年平均濃度 水", "ja").total == 0


def test_title_matches_rank_before_other_text(demo) -> None:
    # On /ja/ the global 8.5.2 has only its English title; Tokyo's 8-5-2 has an English name
    # in its other text, so it matches as well, after the title match.
    page = search_page("unemployment", "ja")
    assert keys(page)[:2] == [("global", "8.5.2", None), ("local", "8.5.2", "tokyo")]


def test_full_width_and_case_are_folded(demo) -> None:
    assert ("local", "11.6.2", "tokyo") in keys(search_page("ＰＭ２．５", "ja"))
    assert ("local", "11.6.2", "tokyo") in keys(search_page("pm2.5 CONCENTRATION", "en"))


def test_fallback_title_is_flagged(demo) -> None:
    hit = hits(search_page("11.6.1", "ja"))[0]
    assert hit.code == "11.6.1"
    assert hit.title.is_fallback == (hit.title.lang != "ja")
    local = next(h for h in hits(search_page("11.6.2", "ja")) if h.kind == "local")
    assert local.title.text.startswith("微小粒子状物質") and not local.title.is_fallback
    assert local.organisation is not None and local.organisation.text == "東京都"


def test_empty_and_blank_queries(demo) -> None:
    for query in ["", "   ", "\n\t"]:
        page = search_page(query, "en")
        assert page.groups == () and page.total == 0 and page.note == ""


def test_limit_caps_hits_not_total(demo) -> None:
    page = search_page("11", "en", limit=5)
    assert page.shown == 5 and page.total > 5


def test_groups_are_ordered_by_their_best_hit(demo) -> None:
    page = search_page("proportion", "en")
    order = [tile.number for tile, _hits in page.groups]
    assert len(order) == len(set(order)) > 3
    firsts = [group[0] for _tile, group in page.groups]
    assert hits(page).index(firsts[0]) == 0


# Published data only ---------------------------------------------------------------------------


def test_unpublished_indicators_and_organisations_are_not_indexed(demo) -> None:
    local = set(SearchEntry.objects.filter(kind="local").values_list("organisation__slug", "code"))
    assert local == {
        ("tokyo", "11.6.2"),
        ("tokyo", "7.2.1"),
        ("tokyo", "8.5.2"),
        ("tokyo", "5.5.1.a"),
        ("shinjuku", "11.7.1.a"),
    }
    for query in ["4-2-2", "組織的学習", "13-2-2-a", "温室効果ガス排出量", "三鷹", "Mitaka"]:
        for lang in ["en", "ja"]:
            assert not HIDDEN_LOCAL & {
                (h.organisation_slug, h.code) for h in hits(search_page(query, lang))
            }


def test_unpublished_organisation_cannot_be_asked_for(demo) -> None:
    with pytest.raises(Http404):
        search_page("11", "en", org_slug="mitaka")
    with pytest.raises(Http404):
        search_page("11", "en", org_slug="no-such-org")


def test_org_limits_local_hits(demo) -> None:
    page = search_page("11", "en", org_slug="shinjuku")
    assert {h.organisation_slug for h in hits(page) if h.kind == "local"} == {"shinjuku"}
    assert ("goal", "11", None) in keys(page)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40), lang=st.sampled_from(["en", "ja", "xx"]))
def test_any_query_is_answered_and_never_shows_unpublished(demo, query: str, lang: str) -> None:
    page = search_page(query, lang)
    assert page.total >= page.shown
    assert not HIDDEN_LOCAL & {(h.organisation_slug, h.code) for h in hits(page)}


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "abc*", "NEAR(a b)", "NEAR", "(", ")", "a AND b", "OR NOT", "^abc",
     "norm_title:abc", "'", "%", "_", "\\", "\x00abc", "{a b}", "a + b", "-", ".", "-11", "11."],
)  # fmt: skip
def test_fts_syntax_is_plain_text(demo, query: str) -> None:
    page = search_page(query, "en")
    assert page.total >= 0


def test_special_characters_are_matched_literally(demo) -> None:
    assert ("local", "11.6.2", "tokyo") in keys(search_page("(PM2.5)", "ja"))
    assert search_page('"PM2.5"', "ja").total == 0  # quotes are text too


# Keeping the index up to date -----------------------------------------------------------------


def test_name_change_is_reindexed_on_commit(demo, orgs, django_capture_on_commit_callbacks):
    indicator = Indicator.objects.get(organisation=orgs["tokyo"], code="8-5-2")
    with django_capture_on_commit_callbacks(execute=True):
        indicator.name_en = "Jobless rate of zebra keepers"
        indicator.save()
        indicator.save()
    assert SearchEntry.objects.filter(indicator=indicator).count() == 2  # en and ja, once each
    assert ("local", "8.5.2", "tokyo") in keys(search_page("zebra keepers", "en"))
    assert ("local", "8.5.2", "tokyo") not in keys(search_page("unemployment rate", "en"))


def test_data_changed_signal_reindexes(demo, orgs, django_capture_on_commit_callbacks):
    tokyo = orgs["tokyo"]
    Indicator.objects.filter(organisation=tokyo, code="7-2-1").update(name_ja="再エネ比率テスト")
    assert search_page("再エネ比率テスト", "ja").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        data_changed.send(sender=Indicator, organisation=tokyo)
    assert keys(search_page("再エネ比率テスト", "ja")) == [("local", "7.2.1", "tokyo")]


def test_unpublishing_removes_and_publishing_adds(demo, orgs, django_capture_on_commit_callbacks):
    indicator = Indicator.objects.get(organisation=orgs["tokyo"], code="7-2-1")
    with django_capture_on_commit_callbacks(execute=True):
        indicator.is_published = False
        indicator.save()
    assert ("local", "7.2.1", "tokyo") not in keys(search_page("7.2.1", "en"))
    mitaka = orgs["mitaka"]
    with django_capture_on_commit_callbacks(execute=True):
        mitaka.is_published = True
        mitaka.save()
    assert ("local", "4.2.2", "mitaka") in keys(search_page("4-2-2", "ja"))


def test_hiding_the_hub_hides_its_members(demo, orgs, django_capture_on_commit_callbacks):
    tokyo = orgs["tokyo"]
    with django_capture_on_commit_callbacks(execute=True):
        tokyo.is_published = False
        tokyo.save()
    assert not SearchEntry.objects.filter(kind="local").exists()
    assert search_page("11.7.1.a", "en").total == 0


def test_metadata_text_is_searchable(demo, orgs, django_capture_on_commit_callbacks):
    indicator = Indicator.objects.get(organisation=orgs["shinjuku"], code="11-7-1-a")
    with django_capture_on_commit_callbacks(execute=True):
        indicator.metadata = {
            "ja": {"definition": "公園台帳による区立公園の面積"},
            "en": {"definition": "Area of ward parks from the park register"},
        }
        indicator.save()
    page = search_page("公園台帳", "ja")
    assert keys(page) == [("local", "11.7.1.a", "shinjuku")]
    assert keys(search_page("park register", "en")) == [("local", "11.7.1.a", "shinjuku")]


def test_rebuild_all_is_idempotent(demo) -> None:
    before = SearchEntry.objects.count()
    assert rebuild_all() == before
    assert rebuild_all() == SearchEntry.objects.count() == before
    assert SearchEntry.objects.filter(kind="goal").count() == 17 * 2
    assert SearchEntry.objects.filter(kind="target").count() == 169 * 2


def test_deleting_an_indicator_removes_its_entries(demo, orgs) -> None:
    Indicator.objects.get(organisation=orgs["tokyo"], code="5-5-1-a").delete()
    assert search_page("5-5-1-a", "en").total == 0


def test_normalise_matches_search_js() -> None:
    assert normalise("ＰＭ２．５　ＡＢＣ") == "pm2.5 abc"
    assert normalise("a\x00b\u200bc") == "a b c"


# Surfaces: the page, the JSON index and the API ------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_search_page_groups_results_by_goal(client: Client, demo, lang: str) -> None:
    response = client.get(f"/{lang}/search/", {"q": "11.6"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and 'for="search-q"' in html
    assert 'data-rendered="true"' in html
    assert f'data-index-url="/{lang}/search/index.json"' in html
    assert '<h2 class="goal-heading" id="search-goal-11">' in html
    assert 'class="search-hit search-target"' in html and 'class="search-hit search-local"' in html
    assert html.index('<span class="code">11.6</span>') < html.index(
        '<span class="code">11.6.1</span>'
    )
    assert "localsdg/search.js" in html
    assert 'id="header-search-q"' not in html, "the page's own form replaces the header form"


def test_search_page_in_japanese(client: Client, demo) -> None:
    html = client.get("/ja/search/", {"q": "住み続け"}).content.decode()
    assert "住み続けられるまちづくりを" in html
    assert 'id="search-goal-11"' in html
    fallback = client.get("/ja/search/", {"q": "11.6.1"}).content.decode()
    assert 'class="fallback-note"' in fallback
    org = client.get("/ja/search/", {"q": "11-6-2"}).content.decode()
    assert "東京都" in org


def test_search_page_messages(client: Client, demo) -> None:
    empty = client.get("/en/search/").content.decode()
    assert 'class="search-empty"' in empty and 'data-rendered="false"' in empty
    none = client.get("/en/search/", {"q": "qwertyuiop"}).content.decode()
    assert 'class="search-none"' in none
    short = client.get("/ja/search/", {"q": "水"}).content.decode()
    assert 'class="search-note"' in short
    odd = client.get("/en/search/", {"q": 'NEAR("*) \x00'})
    assert odd.status_code == 200
    assert client.get("/en/search/", {"q": "x", "org": "mitaka"}).status_code == 404


def test_header_form_on_other_pages(client: Client, demo) -> None:
    html = client.get("/en/goals/11/").content.decode()
    assert 'class="header-search" role="search"' in html
    assert 'action="/en/search/"' in html and 'for="header-search-q"' in html
    assert "localsdg/search.js" not in html


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_json_index(client: Client, demo, lang: str) -> None:
    response = client.get(f"/{lang}/search/index.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    index = response.json()
    assert index["lang"] == lang
    rows = [dict(zip(index["fields"], row, strict=True)) for row in index["entries"]]
    assert len(rows) == SearchEntry.objects.filter(language=lang).count()
    locals_ = {(r["org"], r["code"]) for r in rows if r["kind"] == "local"}
    assert ("tokyo", "11.6.2") in locals_ and not HIDDEN_LOCAL & locals_
    goal = next(r for r in rows if r["kind"] == "goal" and r["code"] == "11")
    assert goal["url"] == "goals/11/"
    assert index["goals"]["11"][2] == "goals/11/"
    assert set(index["orgs"]) == {"tokyo", "shinjuku", "hachioji", "okutama"}
    assert {"count_one", "count_other", "none", "fallback", "short", "goal"} <= set(index["labels"])
    if lang == "ja":
        assert goal["title"] == "住み続けられるまちづくりを"


def test_api_search(client: Client, demo) -> None:
    data = client.get("/api/v1/search", {"q": "11.6", "lang": "ja"}).json()
    assert data["total"] == 4 and data["shown"] == 4
    group = data["groups"][0]
    assert group["goal"] == 11 and group["url"] == "/ja/goals/11/"
    assert [h["code"] for h in group["hits"]] == ["11.6", "11.6.1", "11.6.2", "11.6.2"]
    local = group["hits"][3]
    assert local["organisation_slug"] == "tokyo" and local["organisation"]["text"] == "東京都"
    assert local["url"] == "/ja/organisations/tokyo/indicators/11-6-2/"
    short = client.get("/api/v1/search", {"q": "水", "lang": "ja"}).json()
    assert short["note"] and short["total"] > 0


def test_api_search_errors(client: Client, demo) -> None:
    bad = client.get("/api/v1/search", {"q": "11", "lang": "fr"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"
    hidden = client.get("/api/v1/search", {"q": "11", "org": "mitaka"})
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/search", {"q": "11", "lang": "en"}).status_code == 200
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in schema["paths"]


def test_unpublished_hub_member_is_hidden_at_query_time_too(demo) -> None:
    # Even if the index were stale, local entries of unpublished organisations are filtered.
    Organisation.objects.filter(slug="shinjuku").update(is_published=False)
    assert search_page("11.7.1.a", "en").total == 0
