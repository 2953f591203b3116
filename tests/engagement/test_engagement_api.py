"""GET /api/v1/engagement/…: the published record as JSON, with the history page's filters."""

from __future__ import annotations

import pytest

from localsdg.api.documents import static_paths
from localsdg.engagement.models import Event
from tests.engagement.records import DRAFT_NAME, HIDDEN_NAME, HIDDEN_PARTNER, Record, make_record

pytestmark = pytest.mark.django_db
API = "/api/v1/engagement"


@pytest.fixture
def record(orgs, settings, tmp_path) -> Record:
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_record(orgs)


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(answer: dict) -> list[int]:
    return [event["id"] for event in answer["events"]]


def test_events_lists_published_events_newest_first(client, record) -> None:
    answer = get(client, f"{API}/events")
    assert answer["lang"] == "en" and answer["count"] == answer["total"]
    assert answer["count"] == Event.objects.published().count()
    assert ids(answer)[0] == record.event.pk
    event = answer["events"][0]
    assert event["name"] == {
        "text": "Zz Example Urban Forum 2031",
        "lang": "en",
        "is_fallback": False,
    }
    assert event["start"] == "2031-07-08" and event["end"] == "2031-07-10"
    assert event["when"] == "8–10 July 2031" and event["year"] == 2031
    assert [s["kind"] for s in event["sessions"]] == ["panel", "side_event"]
    assert event["sessions"][0]["people"][0]["role"] == "panelist"
    assert event["url"] == f"/en/engagement/events/{record.event.pk}/"
    assert {g["number"] for g in event["goals"]} == {11, 13}


def test_events_in_japanese(client, record) -> None:
    event = get(client, f"{API}/events?lang=ja")["events"][0]
    assert event["name"]["text"] == "Zz例示都市フォーラム2031"
    assert event["when"] == "2031年7月8日～10日"
    assert event["url"] == f"/ja/engagement/events/{record.event.pk}/"


@pytest.mark.parametrize(
    ("query", "included"),
    [
        ("series=ZZF", True),
        ("kind=panel", True),
        ("kind=booth", False),
        ("role=host", True),
        ("partner_kind=city_region", True),
        ("partner_kind=academia", False),
        ("country=DE", True),
        ("country=FI", False),
        ("goal=13", True),
        ("goal=2", False),
        ("org=tokyo", True),
    ],
)
def test_event_filters(client, record, query: str, included: bool) -> None:
    assert (record.event.pk in ids(get(client, f"{API}/events?{query}"))) is included


@pytest.mark.parametrize(
    "query",
    [
        "kind=nonsense",
        "series=NOPE",
        "country=Germany",
        "country=XX",
        "org=mitaka",
        "goal=18",
        "lang=fr",
    ],  # fmt: skip
)
def test_bad_filters_answer_422_with_the_reason(client, record, query: str) -> None:
    answer = get(client, f"{API}/events?{query}", status=422)
    assert answer["error"]["code"] == "invalid_request"
    assert answer["error"]["message"]


def test_one_event_with_media(client, record) -> None:
    event = get(client, f"{API}/events/{record.event.pk}")
    assert event["id"] == record.event.pk
    providers = {v["provider"]: v["embed_url"] for v in event["videos"]}
    assert providers["youtube"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert providers["un_web_tv"] == "" and providers["other"] == ""
    assert event["documents"][0]["kind_label"] == "Concept note"
    assert event["photos"][0]["caption"]["text"] == "Zz The panel on stage"
    assert event["outcomes"]["text"].startswith("Follow-up")


def test_partners(client, record) -> None:
    partners = {p["id"]: p for p in get(client, f"{API}/partners")}
    assert partners[record.partner.pk]["event_count"] == 1
    assert partners[record.partner.pk]["kind"] == "city_region"
    detail = get(client, f"{API}/partners/{record.partner.pk}?lang=ja")
    assert detail["name"]["text"] == "Zzエグザンプル市"
    assert [row["event"]["id"] for row in detail["events"]] == [record.event.pk]
    assert detail["events"][0]["as_organiser"] is False
    assert len(detail["events"][0]["sessions"]) == 1
    organiser = get(client, f"{API}/partners/{record.organiser.pk}")
    assert organiser["events"][0]["as_organiser"] is True


def test_unpublished_and_hidden_never_appear(client, record) -> None:
    for url in (
        f"{API}/events/{record.draft.pk}",
        f"{API}/events/{record.hidden.pk}",
        f"{API}/partners/{record.draft_only.pk}",
        f"{API}/partners/{record.hidden_partner.pk}",
    ):
        assert get(client, url, status=404)["error"]["code"] == "not_found"
    for url in (f"{API}/events", f"{API}/partners", f"{API}/events?lang=ja"):
        text = client.get(url).content.decode()
        for secret in (DRAFT_NAME, HIDDEN_NAME, HIDDEN_PARTNER, "ZZDRAFT", "ZZMITAKA", "三鷹"):
            assert secret not in text, (url, secret)
    paths = static_paths()
    assert f"{API}/events/{record.event.pk}" in paths
    assert f"{API}/events/{record.draft.pk}" not in paths
    assert f"{API}/events/{record.hidden.pk}" not in paths
    assert f"{API}/partners/{record.hidden_partner.pk}" not in paths


def test_documented_in_the_openapi_schema(client) -> None:
    schema = get(client, "/api/v1/openapi.json")
    for path in ("/events", "/events/{id}", "/partners", "/partners/{id}"):
        assert f"/api/v1/engagement{path}" in schema["paths"]
    assert "404" in schema["paths"]["/api/v1/engagement/events/{id}"]["get"]["responses"]
