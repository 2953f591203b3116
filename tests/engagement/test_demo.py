"""The demo engagement record: 16 published events at the date precision known, run twice safely."""

from datetime import date

import pytest
from PIL import Image

from localsdg.core.engagement import EMBED_PREFIX, detect_video, format_when
from localsdg.engagement.demo import demo_record, load_engagement_demo
from localsdg.engagement.models import (
    DatePrecision,
    Event,
    Media,
    MediaKind,
    Participation,
    Partner,
    PartnerKind,
    Role,
    Session,
    SessionKind,
)

pytestmark = pytest.mark.django_db
EVENTS = demo_record().events
PARTNERS = demo_record().partners


def event(orgs, number: int) -> Event:
    name = next(spec.name["en"] for spec in EVENTS if spec.number == number)
    return Event.objects.get(organisation=orgs["tokyo"], name_en=name)


def test_sixteen_published_events_for_tokyo(orgs):
    events = Event.objects.published().for_org(orgs["tokyo"])
    assert events.count() == 16
    assert sorted(spec.number for spec in EVENTS) == list(range(1, 17))
    assert all(e.name_ja and e.summary_en and e.summary_ja for e in events)
    assert all(e.sessions.exists() for e in events)
    assert all(s.participations.exists() for s in Session.objects.filter(event__in=events))


@pytest.mark.parametrize(
    ("number", "precision", "start", "en"),
    [
        (1, DatePrecision.MONTH, date(2024, 11, 1), "November 2024"),
        (3, DatePrecision.MONTH, date(2024, 11, 1), "November 2024"),
        (5, DatePrecision.UNKNOWN, None, ""),  # "after FY2023": not a date
        (6, DatePrecision.FISCAL_YEAR, date(2023, 4, 1), "FY2023"),
        (7, DatePrecision.MONTH, date(2024, 7, 1), "July 2024"),
        (10, DatePrecision.UNKNOWN, None, ""),
        (12, DatePrecision.UNKNOWN, None, ""),
        (14, DatePrecision.DAY, date(2023, 7, 13), "13 July 2023"),
        (16, DatePrecision.MONTH, date(2021, 7, 1), "July 2021"),
    ],
)
def test_dates_only_at_the_precision_known(orgs, number, precision, start, en):
    e = event(orgs, number)
    assert (e.precision, e.start, e.end) == (precision, start, None)
    assert format_when(e.precision, e.start, e.end, "en") == en


def test_series_editions_places_and_organisers(orgs):
    wuf = event(orgs, 1)
    assert (wuf.series, wuf.edition, wuf.city_en, wuf.country) == ("WUF", "WUF12", "Cairo", "EG")
    assert [p.name_en for p in wuf.organisers.all()] == ["UN-Habitat"]
    hlpf = event(orgs, 8)
    assert (hlpf.series, hlpf.edition, hlpf.city_en, hlpf.country) == (
        "HLPF",
        "2024",
        "New York",
        "US",
    )
    assert {e.series for e in Event.objects.for_org(orgs["tokyo"])} >= {
        "HLPF",
        "WUF",
        "APUF",
        "MUF",
    }
    workshop = event(orgs, 15)
    assert {p.name_en for p in workshop.organisers.all()} == {
        "UN DESA",
        "Government of Finland",
        "City of Helsinki",
    }


def test_sessions_roles_and_people(orgs):
    governor = Participation.objects.filter(
        session__event__organisation=orgs["tokyo"], person_en="Koike Yuriko"
    )
    assert {p.session.event.name_en for p in governor} == {
        spec.name["en"] for spec in EVENTS if spec.number in {1, 2, 14, 16}
    }
    assert all(p.title_en == "Governor of Tokyo" and p.title_ja == "東京都知事" for p in governor)
    closing = event(orgs, 2).sessions.get()
    assert closing.kind == SessionKind.CLOSING
    assert event(orgs, 14).sessions.get().participations.get().role == Role.VIDEO_MESSAGE
    side_event = event(orgs, 7).sessions.get()
    assert side_event.kind == SessionKind.SIDE_EVENT and side_event.hosted_by_us
    assert side_event.participations.get().role == Role.HOST
    assert event(orgs, 10).sessions.get().kind == SessionKind.CAPACITY_BUILDING
    apuf = event(orgs, 12).sessions.all()
    assert [s.kind for s in apuf] == [SessionKind.PLENARY, SessionKind.OTHER]
    assert [s.participations.get().role for s in apuf] == [Role.PANELIST, Role.HOST]
    panel = event(orgs, 9).sessions.get()
    assert {p.name_en for p in panel.partners.all()} == {
        "Government of Tunisia",
        "Kasserine Governorate",
        "Association of Finnish Local Authorities",
    }


def test_partner_directory_is_complete_and_deduplicated(orgs):
    partners = Partner.objects.filter(organisation=orgs["tokyo"])
    names = [p.name_en for p in partners]
    # UN ESCAP is both a forum organiser and a training instructor: one entry.
    assert len(names) == len(set(names)) == len(PARTNERS) == 19
    by_name = {p.name_en: p for p in partners}
    assert (by_name["City of Bonn"].kind, by_name["City of Bonn"].country) == (
        PartnerKind.CITY_REGION,
        "DE",
    )
    assert by_name["UN-Habitat"].kind == PartnerKind.UN_AGENCY
    assert by_name["UN-Habitat"].country == ""
    assert by_name["Amsterdam University of Applied Sciences"].kind == PartnerKind.ACADEMIA
    assert by_name["Major Group for Children and Youth"].kind == PartnerKind.NGO
    for instructor in ["UN ESCAP", "ICLEI South Asia", "City of Grenoble", "City of Amsterdam"]:
        assert "training" in by_name[instructor].description_en
        assert "研修" in by_name[instructor].description_ja


def test_topics(orgs):
    first = event(orgs, 1)
    assert {g.number for g in first.goals.all()} == {11, 13}
    assert {t.code for t in first.targets.all()} == {"11.5", "11.b", "13.1"}
    for spec in EVENTS:
        e = event(orgs, spec.number)
        assert e.goals.count() == len(spec.goals)
        assert e.targets.count() == len(spec.targets)  # every code exists in the framework


def test_videos_are_link_cards_and_one_sample_youtube_embed(orgs):
    videos = Media.objects.filter(event__organisation=orgs["tokyo"], kind=MediaKind.VIDEO)
    assert {v.provider for v in videos} == {"un_web_tv", "youtube", "other"}
    for video in videos.filter(provider="un_web_tv"):
        assert video.url == "https://webtv.un.org/"
        assert "not part of the demo facts" in video.caption_en
    youtube = videos.get(provider="youtube")
    assert youtube.event == event(orgs, 11)
    assert "Illustrative sample link" in youtube.caption_en
    assert detect_video(youtube.url).embed_url.startswith(EMBED_PREFIX)
    assert not Media.objects.filter(kind=MediaKind.DOCUMENT, event__organisation=orgs["tokyo"])


def test_photos_are_labelled_placeholders_without_metadata(orgs):
    photos = Media.objects.filter(event__organisation=orgs["tokyo"], kind=MediaKind.PHOTO)
    assert photos.count() == 4
    for photo in photos:
        assert photo.credit == "LocalSDG demo"
        assert "Illustrative placeholder" in photo.caption_en
        assert "イメージ画像" in photo.caption_ja
        for stored in (photo.file, photo.thumbnail):
            with stored.open("rb") as handle:
                image = Image.open(handle)
                image.load()
                assert not image.getexif()
                assert "exif" not in image.info
        assert (photo.width, photo.height) == (960, 540)


def snapshot(org) -> dict[str, object]:
    """Every row and every history record of the org's engagement record."""
    events = Event.objects.filter(organisation=org)
    sessions = Session.objects.filter(event__in=events)
    return {
        "partners": list(Partner.objects.filter(organisation=org).values()),
        "events": list(events.values()),
        "sessions": list(sessions.values()),
        "participations": list(Participation.objects.filter(session__in=sessions).values()),
        "media": list(Media.objects.filter(event__in=events).values()),
        "organisers": sorted(events.values_list("pk", "organisers")),
        "history": [
            Partner.history.count(),
            Event.history.count(),
            Session.history.count(),
            Participation.history.count(),
            Media.history.count(),
        ],
    }


def test_loading_twice_changes_nothing(orgs):
    before = snapshot(orgs["tokyo"])
    load_engagement_demo(orgs["tokyo"])
    assert snapshot(orgs["tokyo"]) == before
