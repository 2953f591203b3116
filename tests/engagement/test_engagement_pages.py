"""The public engagement pages: history with filters, event, partner and dashboard pages."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from localsdg.engagement.models import Event, Media, MediaKind
from localsdg.engagement.pages.history import history_page
from tests.engagement.records import (
    DRAFT_NAME,
    HIDDEN_NAME,
    HIDDEN_PARTNER,
    OTHER_VIDEO,
    Record,
    make_record,
)
from tests.htmlcheck import html_problems

pytestmark = pytest.mark.django_db
LANGS = ["en", "ja"]


@pytest.fixture
def record(orgs, settings, tmp_path) -> Record:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LOCALSDG_PAGE_CACHE_SECONDS = 0  # tests change rows without committing
    return make_record(orgs)


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    html = response.content.decode()
    if status == 200:
        assert not html_problems(html), (url, html_problems(html))
    return html


def ld_json(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found
    return json.loads(found[1])


def entry_ids(html: str) -> list[int]:
    return [
        int(pk) for pk in re.findall(r'<article class="engagement-entry"[^>]*"event-(\d+)"', html)
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_renders_and_is_well_formed(client, record, lang) -> None:
    history = page(client, f"/{lang}/engagement/")
    assert f'<html lang="{lang}">' in history
    event = page(client, f"/{lang}/engagement/events/{record.event.pk}/")
    page(client, f"/{lang}/engagement/partners/{record.partner.pk}/")
    page(client, f"/{lang}/engagement/partners/{record.organiser.pk}/")
    dashboard = page(client, f"/{lang}/engagement/dashboard/")
    assert "<caption" in dashboard and "<meter" in dashboard
    name = "Zz Example Urban Forum 2031" if lang == "en" else "Zz例示都市フォーラム2031"
    assert name in history and name in event
    assert 'style="' not in history + event + dashboard


def test_history_groups_by_year_newest_first_with_dates_as_known(client, record) -> None:
    html = page(client, "/en/engagement/")
    assert "8–10 July 2031" in html
    assert '<h2 id="year-2031">2031</h2>' in html
    years = [int(y) for y in re.findall(r'<h2 id="year-(\d+)">', html)]
    assert years == sorted(years, reverse=True)
    ja = page(client, "/ja/engagement/")
    assert "2031年7月8日～10日" in ja
    assert '<h2 id="year-2031">2031年</h2>' in ja


def test_fiscal_year_grouping_follows_the_setting(client, record, settings) -> None:
    settings.LOCALSDG_ENGAGEMENT_YEARS = "fiscal"
    assert "FY2031" in page(client, "/en/engagement/")
    assert "2031年度" in page(client, "/ja/engagement/")


def test_history_entry_shows_sessions_roles_partners_and_goals(client, record) -> None:
    html = page(client, "/en/engagement/")
    start = html.index(f'id="event-{record.event.pk}"')
    entry = html[start : html.index("</article>", start)]
    assert "Panel" in entry and "Zz Cities and resilience" in entry
    assert "Zz Hanako Example" in entry and "(Panelist)" in entry
    assert "Side event" in entry and "hosted by us" in entry
    assert f'href="/en/engagement/partners/{record.partner.pk}/"' in entry
    assert "goal-badge goal-11" in entry and "goal-badge goal-13" in entry
    assert "ZZF 2031" in entry and "Exampleburg, Germany" in entry


@pytest.mark.parametrize(
    ("query", "included"),
    [
        ("series=ZZF", True),
        ("kind=panel", True),
        ("kind=booth", False),
        ("role=panelist", True),
        ("role=video_message", False),
        ("partner_kind=city_region", True),
        ("partner_kind=un_agency", True),
        ("partner_kind=academia", False),
        ("country=DE", True),
        ("country=de", True),
        ("country=FI", False),
        ("goal=13", True),
        ("goal=11", True),
        ("goal=1", False),
        ("org=tokyo", True),
        ("series=ZZF&kind=panel&goal=13&country=DE", True),
        ("series=ZZF&kind=booth", False),
    ],
)
def test_filters(client, record, query: str, included: bool) -> None:
    html = page(client, f"/en/engagement/?{query}")
    assert (record.event.pk in entry_ids(html)) is included
    assert "Show the whole record" in html


def test_filter_counts(client, record) -> None:
    built = history_page("en", {"series": "ZZF"})
    assert built.event_count == 1
    assert built.session_count == 2
    assert {(k.kind, k.count) for k in built.session_kinds} == {("panel", 1), ("side_event", 1)}
    html = page(client, "/en/engagement/?series=ZZF")
    assert "1 event (of" in html and "2 sessions" in html
    assert '<option value="ZZF" selected>' in html


@pytest.mark.parametrize("query", ["kind=nonsense", "goal=99", "country=Germany", "country=XX",
                                   "series=NOPE", "org=mitaka", "goal=%00",
                                   "series=%00"])  # fmt: skip
def test_bad_filters_are_explained_and_ignored(client, record, query: str) -> None:
    html = page(client, f"/en/engagement/?{query}")
    assert 'role="alert"' in html and "This filter was not applied." in html
    assert record.event.pk in entry_ids(html)


def test_filter_form_needs_no_javascript_and_is_labelled(client, record) -> None:
    html = page(client, "/en/engagement/")
    form = html[
        html.index('<form class="engagement-filters"') : html.index(
            "</form>", html.index('<form class="engagement-filters"')
        )
    ]
    assert 'method="get"' in form and 'action="/en/engagement/"' in form
    for name in ("series", "kind", "role", "partner_kind", "country", "goal"):
        assert f'name="{name}"' in form
    assert form.count("<label for=") == form.count("<select")
    assert "<script" not in html.split("</header>")[1]


def test_event_page_sessions_people_partners_topics(client, record) -> None:
    html = page(client, f"/en/engagement/events/{record.event.pk}/")
    assert "8 July 2031 19:15–20:30 (Europe/Berlin)" in html  # 17:15 UTC in Berlin summer time
    assert 'Zz Hanako Example</span>, <span lang="en">Director</span>' in html
    assert f'href="/en/engagement/partners/{record.organiser.pk}/"' in html
    assert 'href="/en/goals/11/"' in html and 'href="/en/targets/11.6/"' in html
    assert "<strong>presented</strong>" in html
    assert "alert(1)" not in html and "<script>alert" not in html
    assert 'rel="nofollow noopener"' in html  # the outcomes link, sanitized Markdown
    ja = page(client, f"/ja/engagement/events/{record.event.pk}/")
    assert "2031年7月8日 19:15–20:30 (Europe/Berlin)" in ja
    assert "Zz例示花子" in ja and "部長" in ja


def test_youtube_is_embedded_in_privacy_mode_and_other_hosts_are_links(client, record) -> None:
    html = page(client, f"/en/engagement/events/{record.event.pk}/")
    frames = re.findall(r"<iframe [^>]*>", html)
    assert len(frames) == 1
    frame = frames[0]
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in frame
    assert 'title="Zz Panel recording"' in frame
    assert 'loading="lazy"' in frame and 'referrerpolicy="' in frame
    assert "youtube.com/watch" not in frame
    assert "UN Web TV" in html and 'href="https://webtv.un.org/en/asset/k1a/k1a2b3c4d5"' in html
    assert f'href="{OTHER_VIDEO}"' in html and f'src="{OTHER_VIDEO}"' not in html


def test_no_address_but_youtube_ever_becomes_an_iframe(client, record) -> None:
    for url in (
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?v=https://www.youtube.com/embed/dQw4w9WgXcQ",
    ):
        Media.objects.filter(event=record.event, kind=MediaKind.VIDEO).delete()
        Media.objects.create(event=record.event, kind=MediaKind.VIDEO, url=url)
        html = page(client, f"/en/engagement/events/{record.event.pk}/")
        assert "<iframe" not in html, url


def test_content_security_policy_allows_only_the_privacy_mode_frames(client, record) -> None:
    response = client.get(f"/en/engagement/events/{record.event.pk}/")
    policy = response["Content-Security-Policy"]
    frame = next(part for part in policy.split(";") if "frame-src" in part)
    assert frame.split() == ["frame-src", "https://www.youtube-nocookie.com"]


def test_documents_and_photo_gallery(client, record) -> None:
    html = page(client, f"/en/engagement/events/{record.event.pk}/")
    assert "Concept note" in html and 'href="https://example.org/concept-note.pdf"' in html
    photo_url = record.photo.file.url
    assert f'<a href="{photo_url}"><img src="{photo_url}" alt="Zz The panel on stage"' in html
    assert "Photo: Zz Example Agency" in html
    assert "Zz登壇したパネル" in page(client, f"/ja/engagement/events/{record.event.pk}/")
    served = client.get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_media_route_serves_only_files_of_published_events(client, record) -> None:
    record.event.is_published = False
    record.event.save()
    assert client.get(record.photo.file.url).status_code == 404
    assert client.get("/media/../settings.py").status_code == 404
    assert client.get("/media/engagement/nothing.png").status_code == 404


def test_event_json_ld(client, record) -> None:
    data = ld_json(page(client, f"/en/engagement/events/{record.event.pk}/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["startDate"] == "2031-07-08" and data["endDate"] == "2031-07-10"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Exampleburg",
        "addressCountry": "DE",
    }
    assert data["organizer"][0]["name"] == "Zz United Nations Example Agency"
    assert data["inLanguage"] == "en"
    assert [s["@type"] for s in data["subEvent"]] == ["Event", "Event"]
    panel = data["subEvent"][0]
    assert panel["startDate"] == "2031-07-08T17:15:00+00:00"
    assert panel["performer"][0]["@type"] == "PerformanceRole"
    assert panel["performer"][0]["roleName"] == "Panelist"
    assert panel["performer"][0]["performer"]["name"] == "Zz Hanako Example"
    assert {a["name"].split(":")[0] for a in data["about"]} == {"SDG 11", "SDG 13"}
    ja = ld_json(page(client, f"/ja/engagement/events/{record.event.pk}/"))
    assert ja["inLanguage"] == "ja" and ja["name"] == "Zz例示都市フォーラム2031"


@pytest.mark.parametrize(
    ("precision", "start", "expected"),
    [("month", "2031-07-01", "2031-07"), ("year", "2031-01-01", "2031"),
     ("fiscal_year", "2031-04-01", None), ("unknown", None, None)],
)  # fmt: skip
def test_json_ld_start_date_is_only_as_precise_as_known(client, record, precision, start, expected):
    Event.objects.filter(pk=record.event.pk).update(precision=precision, start=start, end=None)
    data = ld_json(page(client, f"/en/engagement/events/{record.event.pk}/"))
    assert data.get("startDate") == expected
    assert "endDate" not in data


def test_partner_page_lists_what_was_done_with_it(client, record) -> None:
    html = page(client, f"/en/engagement/partners/{record.partner.pk}/")
    assert "Zz City of Exampleburg" in html and "City or region" in html and "Germany" in html
    assert f'href="/en/engagement/events/{record.event.pk}/"' in html
    assert "Partner in a session (Panel)" in html
    organiser = page(client, f"/en/engagement/partners/{record.organiser.pk}/")
    assert "Organiser of the event" in organiser
    assert "Zz国連サンプル機関" in page(client, f"/ja/engagement/partners/{record.organiser.pk}/")


def test_dashboard_counts(client, record) -> None:
    html = page(client, "/en/engagement/dashboard/")
    assert "Events per year" in html and "Events per country" in html
    assert 'href="/en/engagement/?series=ZZF"' in html
    assert '<a href="/en/engagement/?country=DE">Germany</a>' in html
    ja = page(client, "/ja/engagement/dashboard/")
    assert "ドイツ" in ja


def test_unpublished_and_hidden_never_appear(client, record) -> None:
    for lang in LANGS:
        for url in (
            f"/{lang}/engagement/events/{record.draft.pk}/",
            f"/{lang}/engagement/events/{record.hidden.pk}/",
            f"/{lang}/engagement/partners/{record.draft_only.pk}/",
            f"/{lang}/engagement/partners/{record.hidden_partner.pk}/",
            f"/{lang}/engagement/events/999999999/",
            f"/{lang}/engagement/partners/0/",
        ):
            assert client.get(url).status_code == 404, url
        for url in ("/engagement/", "/engagement/dashboard/", "/engagement/?series=ZZDRAFT"):
            html = page(client, f"/{lang}{url}")
            for secret in (DRAFT_NAME, HIDDEN_NAME, HIDDEN_PARTNER, "ZZDRAFT<", "ZZMITAKA", "三鷹"):
                assert secret not in html, (url, secret)


def test_navigation_links_to_the_record(client, record) -> None:
    html = page(client, "/en/")
    assert 'href="/en/engagement/"' in html
    assert 'aria-current="page"' in page(client, "/en/engagement/").split("</nav>")[0]


def test_a_change_to_the_record_refreshes_cached_pages(
    client, orgs, settings, django_capture_on_commit_callbacks
) -> None:
    settings.LOCALSDG_PAGE_CACHE_SECONDS = 600
    assert "Zz Example Urban Forum 2031" not in page(client, "/en/engagement/")
    with django_capture_on_commit_callbacks(execute=True):
        make_record(orgs)
    assert "Zz Example Urban Forum 2031" in page(client, "/en/engagement/")


# --- The demo record (16 events of the Tokyo hub) ---------------------------------------------


def demo_video_event(provider_host: str) -> Event:
    media = Media.objects.filter(
        kind=MediaKind.VIDEO, url__contains=provider_host, event__in=Event.objects.published()
    )
    return media.select_related("event").order_by("event_id").first().event


@pytest.mark.parametrize("lang", LANGS)
def test_demo_history_shows_all_16_entries(client, demo, lang) -> None:
    html = page(client, f"/{lang}/engagement/")
    published = Event.objects.published()
    assert published.filter(organisation__slug="tokyo").count() == 16
    assert sorted(entry_ids(html)) == sorted(published.values_list("pk", flat=True))
    assert len(entry_ids(html)) == 16
    assert html.rindex('id="year-unknown"') > html.index('id="year-2024"')


@pytest.mark.parametrize("lang", LANGS)
def test_demo_history_filters(client, demo, lang) -> None:
    published = Event.objects.published()
    for series in ("HLPF", "WUF"):
        expected = set(published.filter(series=series).values_list("pk", flat=True))
        shown = set(entry_ids(page(client, f"/{lang}/engagement/?series={series}")))
        assert shown == expected and 2 <= len(shown) < 16, series
    messages = set(entry_ids(page(client, f"/{lang}/engagement/?role=video_message")))
    assert len(messages) >= 2  # the governor's HLPF 2021 and 2023 video messages
    assert len(messages) < 16


def test_demo_event_pages_embed_youtube_and_link_un_web_tv(client, demo) -> None:
    youtube = demo_video_event("youtube.com")
    html = page(client, f"/en/engagement/events/{youtube.pk}/")
    assert re.search(r'<iframe src="https://www\.youtube-nocookie\.com/embed/[\w-]{11}"', html)
    un_web_tv = demo_video_event("webtv.un.org")
    html = page(client, f"/ja/engagement/events/{un_web_tv.pk}/")
    assert "<iframe" not in html
    assert 'class="link-card"' in html and "UN Web TV" in html
    assert 'href="https://webtv.un.org/' in html
    data = ld_json(html)
    assert data["@type"] == "Event" and data["subEvent"]


def test_every_demo_page_is_well_formed(client, demo) -> None:
    for lang in LANGS:
        for pk in Event.objects.published().values_list("pk", flat=True):
            ld_json(page(client, f"/{lang}/engagement/events/{pk}/"))
        for partner in client.get(f"/api/v1/engagement/partners?lang={lang}").json():
            page(client, partner["url"])
        page(client, f"/{lang}/engagement/dashboard/")


def test_static_export_and_sitemap_hold_the_record(client, demo) -> None:
    from localsdg.sitegen.pages import exportable_orgs, site_paths

    paths = set(site_paths(exportable_orgs(), ["en", "ja"]))
    for lang in LANGS:
        for name in ("", "dashboard/", "feed.atom", "feed.ics", "record.csv"):
            assert f"/{lang}/engagement/{name}" in paths
        for pk in Event.objects.published().values_list("pk", flat=True):
            assert f"/{lang}/engagement/events/{pk}/" in paths
    photos = Media.objects.filter(kind=MediaKind.PHOTO, event__in=Event.objects.published())
    for photo in photos:
        assert photo.file.url in paths
        assert client.get(photo.file.url).status_code == 200
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/en/engagement/" in sitemap and "/ja/engagement/dashboard/" in sitemap
