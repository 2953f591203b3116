import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LANGS = ["en", "ja"]
PAGES = [
    "/",
    "/goals/1/",
    "/goals/11/",
    "/goals/17/",
    "/targets/11.6/",
    "/targets/1.a/",
    "/organisations/",
    "/organisations/tokyo/",
    "/organisations/shinjuku/",
    "/about/",
]


def tiles(html: str) -> list[str]:
    return re.findall(r'<li class="goal-tile goal-(\d+)">', html)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_both_languages(client: Client, demo, lang: str, path: str) -> None:
    response = client.get(f"/{lang}{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    other = "ja" if lang == "en" else "en"
    assert f'hreflang="{other}" lang="{other}"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_home_has_17_goal_tiles_in_order(client: Client, demo, lang: str) -> None:
    html = client.get(f"/{lang}/").content.decode()
    assert tiles(html) == [str(n) for n in range(1, 18)]


def test_home_shows_the_hub_in_each_language(client: Client, demo) -> None:
    assert "Tokyo Metropolitan Government" in client.get("/en/").content.decode()
    ja = client.get("/ja/").content.decode()
    assert "東京都" in ja
    assert "貧困をなくそう" in ja
    assert "Illustrative sample data" not in ja
    assert "サンプル" in ja


def test_japanese_goal_page(client: Client, demo) -> None:
    html = client.get("/ja/goals/11/").content.decode()
    assert "住み続けられるまちづくりを" in html
    assert "11.6" in html and "11.6.2" in html


def test_english_goal_page_lists_targets_and_indicators(client: Client, demo) -> None:
    html = client.get("/en/goals/11/").content.decode()
    assert "Sustainable cities and communities" in html
    assert "Make cities and human settlements inclusive, safe, resilient and sustainable" in html
    assert html.count('class="target"') == 10
    assert 'href="/en/targets/11.a/"' in html
    assert 'rel="next" href="/en/goals/12/"' in html


def test_target_page(client: Client, demo) -> None:
    html = client.get("/en/targets/11.6/").content.decode()
    assert "11.6.1" in html and "11.6.2" in html
    assert 'href="/en/goals/11/"' in html


def test_language_switch_keeps_the_page(client: Client, demo) -> None:
    html = client.get("/en/targets/11.6/").content.decode()
    assert 'href="/ja/targets/11.6/" hreflang="ja"' in html


@pytest.mark.parametrize("form", ["11-6", "11.6 "])
def test_other_target_code_forms_redirect_to_canonical(client: Client, demo, form: str) -> None:
    response = client.get(f"/en/targets/{form}/")
    assert response.status_code == 301
    assert response["Location"] == "/en/targets/11.6/"


def test_root_redirects_to_a_language(client: Client, demo) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert response["Location"] == "/ja/"


@pytest.mark.parametrize(
    "path",
    [
        "/en/goals/18/",
        "/en/goals/0/",
        "/en/targets/11.x/",
        "/en/targets/99.1/",
        "/en/targets/11.6.2/",
        "/en/organisations/nowhere/",
        "/en/organisations/mitaka/",
    ],
)
def test_bad_codes_and_unknown_pages_are_404_in_english(client: Client, demo, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html and "Page not found" in html


def test_404_in_japanese(client: Client, demo) -> None:
    response = client.get("/ja/goals/99/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ja">' in html and "ページが見つかりません" in html


def test_unknown_language_prefix_is_404_not_500(client: Client, demo) -> None:
    response = client.get("/fr/goals/1/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_organisations_page_lists_published_members_only(client: Client, demo) -> None:
    html = client.get("/en/organisations/").content.decode()
    for name in ["Shinjuku City", "Hachioji City", "Okutama Town"]:
        assert name in html
    assert "Mitaka" not in html
    assert "Illustrative sample data" in html


def test_about_page_states_revision_and_counts(client: Client, demo) -> None:
    html = client.get("/en/about/").content.decode()
    assert "169 targets" in html
    assert re.search(r"It lists 24\d global indicators, 2\d\d of them unique", html)


def test_missing_translation_is_marked_not_invented(client: Client, demo) -> None:
    """Indicator texts have no verified Japanese source: the English text shows, marked."""
    from localsdg.framework.models import GlobalIndicator

    indicator = GlobalIndicator.objects.get(code="11.6.2")
    assert not indicator.title.get("ja")
    html = client.get("/ja/targets/11.6/").content.decode()
    assert 'class="fallback"' in html and "未翻訳" in html
    assert indicator.title["en"][:40] in html


def test_goal_colours_stylesheet(client: Client) -> None:
    css = client.get("/goal-colours.css")
    assert css.status_code == 200
    assert ".goal-1{--goal-bg:#E5243B" in css.content.decode()
    assert "max-age=86400" in css["Cache-Control"]


def test_security_headers(client: Client, demo) -> None:
    response = client.get("/en/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health(client: Client, db) -> None:
    assert client.get("/healthz").content == b"ok\n"


@pytest.mark.parametrize("path", ["/manage/", "/manage/tokyo/", "/manage/tokyo/history/"])
def test_editors_pages_in_japanese(client: Client, demo, path: str) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="tokyo-admin"))
    html = client.get(f"/ja{path}").content.decode()
    assert '<html lang="ja">' in html
    assert "編集者用ページ" in html or "変更履歴" in html or "プロフィール" in html


@pytest.mark.parametrize("lang", LANGS)
def test_reporting_status_page(client: Client, demo, lang: str) -> None:
    response = client.get(f"/{lang}/organisations/tokyo/reporting/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="goal-swatch') == 17
    # Four published demo indicators, all reported; 8-5-2 is split by sex.
    summary = (
        "公開している指標は4件で、そのうち1件"
        if lang == "ja"
        else "4 published indicators; 1 of them"
    )
    assert summary in html
    assert client.get(f"/{lang}/organisations/mitaka/reporting/").status_code == 404


def test_indicator_page_has_open_graph_json_ld_and_neighbours(client: Client, demo) -> None:
    import json

    html = client.get("/en/organisations/tokyo/indicators/7-2-1/").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="7.2.1 Share of renewable energy' in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Dataset" and data["identifier"] == "7-2-1"
    assert data["url"] == "http://testserver/en/organisations/tokyo/indicators/7-2-1/"
    assert [d["encodingFormat"] for d in data["distribution"]] == ["text/csv", "text/csv"]
    # Published Tokyo indicators in code order: 5.5.1.a, 7.2.1, 8.5.2, 11.6.2.
    assert 'rel="prev" href="/en/organisations/tokyo/indicators/5-5-1-a/"' in html
    assert 'rel="next" href="/en/organisations/tokyo/indicators/8-5-2/"' in html


def test_sitemap_lists_public_pages_in_both_languages(client: Client, demo) -> None:
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/ja/goals/11/" in xml and "http://testserver/en/targets/11.6/" in xml
    assert "/en/organisations/tokyo/indicators/11-6-2/" in xml
    assert 'hreflang="ja"' in xml
    assert "13-2-2-a" not in xml and "mitaka" not in xml
