"""The Atom and iCalendar feeds and the CSV export of the engagement record."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import feedparser
import icalendar
import pytest

from localsdg.engagement.models import Event
from tests.engagement.records import DRAFT_NAME, HIDDEN_NAME, HIDDEN_PARTNER, Record, make_record

pytestmark = pytest.mark.django_db
LANGS = ["en", "ja"]
SECRETS = (DRAFT_NAME, HIDDEN_NAME, HIDDEN_PARTNER, "ZZDRAFT", "ZZMITAKA", "三鷹")


@pytest.fixture
def record(orgs, settings, tmp_path) -> Record:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LOCALSDG_PAGE_CACHE_SECONDS = 0  # tests change rows without committing
    return make_record(orgs)


def calendar(client, lang: str) -> icalendar.Calendar:
    response = client.get(f"/{lang}/engagement/feed.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def read_csv(client, lang: str) -> list[dict[str, str]]:
    response = client.get(f"/{lang}/engagement/record.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", LANGS)
def test_atom_feed_parses_with_an_entry_per_event_newest_first(client, record, lang) -> None:
    response = client.get(f"/{lang}/engagement/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    assert f"http://testserver/{lang}/engagement/events/{record.event.pk}/" in links
    published = Event.objects.published().count()
    assert len(feed.entries) == published
    name = "Zz Example Urban Forum 2031" if lang == "en" else "Zz例示都市フォーラム2031"
    entry = next(e for e in feed.entries if e.title == name)
    assert "ZZF 2031" in entry.summary and "<strong>" in entry.summary
    assert "<script" not in entry.summary
    assert feed.entries[0].title == name  # 2031 is the newest
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.parametrize("lang", LANGS)
def test_icalendar_feed_parses_and_is_rfc5545(client, record, lang) -> None:
    response = client.get(f"/{lang}/engagement/feed.ics")
    body = response.content
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n")), "lines are folded at 75 octets"
    cal = calendar(client, lang)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    found = vevents(cal)
    event = found[f"engagement-event-{record.event.pk}@testserver"]
    assert event.decoded("DTSTART") == date(2031, 7, 8)
    assert event.decoded("DTEND") == date(2031, 7, 11)  # exclusive: the day after the last
    assert isinstance(event.decoded("DTSTAMP"), datetime)
    url = f"http://testserver/{lang}/engagement/events/{record.event.pk}/"
    assert str(event["URL"]) == url
    assert url in str(event["DESCRIPTION"])
    assert "Exampleburg" in str(event["LOCATION"]) or "エグザンプル" in str(event["LOCATION"])
    for secret in SECRETS:
        assert secret not in body.decode()


def test_calendar_uids_are_stable_and_month_dates_span_the_month(client, record) -> None:
    first = calendar(client, "en")
    again = calendar(client, "en")
    assert first.to_ical() == again.to_ical()
    Event.objects.filter(pk=record.event.pk).update(
        precision="month", start=date(2031, 12, 1), end=None
    )
    event = vevents(calendar(client, "en"))[f"engagement-event-{record.event.pk}@testserver"]
    assert event.decoded("DTSTART") == date(2031, 12, 1)
    assert event.decoded("DTEND") == date(2032, 1, 1)
    assert "spans the month" in str(event["DESCRIPTION"])


@pytest.mark.parametrize("precision", ["year", "fiscal_year", "unknown"])
def test_events_without_a_day_or_month_are_left_out_of_the_calendar(client, record, precision):
    start = None if precision == "unknown" else date(2031, 4, 1)
    Event.objects.filter(pk=record.event.pk).update(precision=precision, start=start, end=None)
    assert f"engagement-event-{record.event.pk}@testserver" not in vevents(calendar(client, "en"))


def test_csv_has_one_row_per_session(client, record) -> None:
    rows = [r for r in read_csv(client, "en") if r["event number"] == str(record.event.pk)]
    assert [r["session kind"] for r in rows] == ["Panel", "Side event"]
    panel, side = rows
    assert panel["date"] == "8–10 July 2031" and panel["date precision"] == "Exact day"
    assert (panel["start"], panel["end"]) == ("2031-07-08", "2031-07-10")
    assert panel["forum series"] == "ZZF" and panel["country"] == "DE"
    assert panel["people and roles"] == "Zz Hanako Example (Director): Panelist"
    assert panel["partners"] == "Zz City of Exampleburg"
    assert panel["organisers"] == "Zz United Nations Example Agency"
    assert panel["SDG goals"] == "13"
    assert (panel["hosted by us"], side["hosted by us"]) == ("no", "yes")
    assert panel["page"].endswith(f"/en/engagement/events/{record.event.pk}/")


def test_csv_in_japanese(client, record) -> None:
    response = client.get("/ja/engagement/record.csv")
    text = response.content.decode("utf-8-sig")
    assert "Zz例示都市フォーラム2031" in text and "2031年7月8日～10日" in text
    for secret in SECRETS:
        assert secret not in text


def test_csv_event_without_sessions_has_one_row(client, record) -> None:
    record.event.sessions.all().delete()
    rows = [r for r in read_csv(client, "en") if r["event number"] == str(record.event.pk)]
    assert len(rows) == 1 and rows[0]["session kind"] == ""
    assert rows[0]["SDG goals"] == "11"


def test_an_empty_feed_gives_the_same_bytes_every_time(orgs, client, settings) -> None:
    """A feed without entries must not be dated "now": the static export would rewrite it."""
    settings.LOCALSDG_PAGE_CACHE_SECONDS = 0
    Event.objects.update(is_published=False)
    first = client.get("/en/engagement/feed.atom").content
    parsed = feedparser.parse(first)
    assert parsed.entries == [] and parsed.feed.updated_parsed.tm_year == 1970
    assert client.get("/en/engagement/feed.atom").content == first
