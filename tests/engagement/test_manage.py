"""The editors' engagement screens: every role on every view, the one-screen save, validation
that stores nothing, and the duplicate-partner warning."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from localsdg.engagement.forms import name_key, similar_partners
from localsdg.engagement.models import (
    Event,
    Media,
    Participation,
    Partner,
    PartnerKind,
    Session,
)
from tests.htmlcheck import html_problems
from tests.roles import EDIT, ORGS, VIEW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def expected(username: str, slug: str, table: dict[str, set[str]]) -> int:
    if slug in table.get(username, set()):
        return 200
    return 403 if slug in VIEW[username] else 404


def jpeg(size: tuple[int, int] = (64, 48), exif: bool = True) -> bytes:
    """A small JPEG photo, with an EXIF block that claims a GPS position."""
    image = Image.new("RGB", size, (200, 90, 30))
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "Test camera maker"
        data[0x8825] = {1: "N", 2: (35.0, 41.0, 22.0), 3: "E", 4: (139.0, 41.0, 30.0)}
        image.save(buffer, "JPEG", exif=data)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_event_post(**extra: object) -> dict[str, object]:
    """A whole new event as the screen posts it: two sessions, one person, one photo."""
    data: dict[str, object] = {
        **management("sessions", 2),
        **management("people", 1),
        **management("media", 1),
        "event-name_en": "Zz Forum on Local Action",
        "event-name_ja": "Zz 地域行動フォーラム",
        "event-series": "ZZF",
        "event-edition": "2024",
        "event-city_en": "Bonn",
        "event-country": "de",
        "event-mode": "in_person",
        "event-precision": "day",
        "event-start": "2024-07-15",
        "event-end": "2024-07-17",
        "event-goals": ["11", "17"],
        "event-targets": ["11.3"],
        "event-is_published": "on",
        "sessions-0-kind": "panel",
        "sessions-0-title_en": "Zz Panel on VLRs",
        "sessions-0-title_ja": "Zz VLRパネル",
        "sessions-0-starts_at": "2024-07-15T10:00",
        "sessions-0-ends_at": "2024-07-15T11:30",
        "sessions-0-time_zone": "Europe/Berlin",
        "sessions-0-goals": ["11"],
        "sessions-1-kind": "side_event",
        "sessions-1-title_en": "Zz Side event with the card game",
        "sessions-1-hosted_by_us": "on",
        "people-0-session_number": "2",
        "people-0-person_en": "Zz Director for Planning",
        "people-0-person_ja": "Zz 計画調整担当部長",
        "people-0-role": "presenter",
        "media-0-kind": "photo",
        "media-0-session_number": "2",
        "media-0-caption_en": "Zz participants playing the card game",
        "media-0-caption_ja": "Zz カードゲームをする参加者",
        "media-0-credit": "Zz TMG",
        "media-0-file": SimpleUploadedFile("IMG_0001.JPG", jpeg(), content_type="image/jpeg"),
        "partner-name_en": "Zz Association of Lakeside Towns",
        "partner-name_ja": "Zz 湖畔町村協会",
        "partner-kind": "network",
        "partner-country": "fi",
        "partner-attach": ["organiser", "1"],
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("username", list(VIEW))
def test_every_role_on_every_engagement_view(orgs, user, username: str) -> None:
    client = signed_in(user, username)
    for slug in ORGS:
        may_view = slug in VIEW[username]
        may_edit = slug in EDIT.get(username, set())
        base = f"/en/manage/{slug}"
        event = Event.objects.create(organisation=orgs[slug], name_en=f"Zz event of {slug}")
        for path in [
            "/engagement/",
            f"/engagement/{event.pk}/",
            f"/engagement/{event.pk}/history/",
            "/partners/",
        ]:
            status = client.get(base + path).status_code
            assert status == (200 if may_view else 404), (username, slug, path)
        new = client.get(f"{base}/engagement/new/")
        assert new.status_code == expected(username, slug, EDIT), (username, slug)

        created = client.post(
            f"{base}/engagement/new/",
            {**management("sessions", 0), **management("people", 0), **management("media", 0),
             "event-name_en": f"Zz new by {username}", "event-mode": "unknown",
             "event-precision": "unknown"},
        )  # fmt: skip
        assert created.status_code == (302 if may_edit else expected(username, slug, EDIT))
        assert (
            Event.objects.filter(organisation=orgs[slug], name_en=f"Zz new by {username}").exists()
            is may_edit
        )

        renamed = client.post(
            f"{base}/engagement/{event.pk}/",
            {**management("sessions", 0), **management("people", 0), **management("media", 0),
             "event-name_en": f"Zz renamed by {username}", "event-mode": "unknown",
             "event-precision": "unknown"},
        )  # fmt: skip
        assert renamed.status_code == (302 if may_edit else expected(username, slug, EDIT))
        event.refresh_from_db()
        assert (event.name_en == f"Zz renamed by {username}") is may_edit, (username, slug)

        added = client.post(f"{base}/partners/", {"name_en": f"Zz partner {username}",
                                                  "kind": "ngo"})  # fmt: skip
        assert added.status_code == (302 if may_edit else expected(username, slug, EDIT))
        assert (
            Partner.objects.filter(
                organisation=orgs[slug], name_en=f"Zz partner {username}"
            ).exists()
            is may_edit
        )


def test_viewer_sees_a_read_only_screen(orgs, user) -> None:
    event = Event.objects.create(organisation=orgs["tokyo"], name_en="Zz read only")
    Session.objects.create(event=event, kind="panel", title_en="Zz panel")
    html = signed_in(user, "tokyo-viewer").get(f"/en/manage/tokyo/engagement/{event.pk}/")
    text = html.content.decode()
    assert "only editors of the organisation can change it" in text
    assert 'type="submit"' not in text.split("<main", 1)[1]
    assert re.search(r'<input[^>]*name="event-name_en"[^>]*disabled', text)


def test_one_post_stores_event_sessions_people_partner_and_photo(orgs, user) -> None:
    client = signed_in(user, "tokyo-editor")
    response = client.post("/en/manage/tokyo/engagement/new/", new_event_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(name_en="Zz Forum on Local Action")
    assert response.url == f"/en/manage/tokyo/engagement/{event.pk}/"
    assert event.organisation.slug == "tokyo" and event.is_published
    assert (event.country, str(event.start), str(event.end)) == ("DE", "2024-07-15", "2024-07-17")
    assert sorted(g.number for g in event.goals.all()) == [11, 17]
    assert [t.code for t in event.targets.all()] == ["11.3"]

    panel, side = event.sessions.all()
    assert (panel.kind, panel.order, side.kind, side.order) == ("panel", 1, "side_event", 2)
    assert panel.time_zone == "Europe/Berlin"
    assert panel.starts_at.isoformat() == "2024-07-15T08:00:00+00:00"  # 10:00 in Bonn
    assert side.hosted_by_us and not panel.hosted_by_us

    person = Participation.objects.get(session__event=event)
    assert (person.session, person.role, person.person_ja) == (
        side,
        "presenter",
        "Zz 計画調整担当部長",
    )

    partner = Partner.objects.get(name_en="Zz Association of Lakeside Towns")
    assert (partner.organisation.slug, partner.country, partner.kind) == ("tokyo", "FI", "network")
    assert list(event.organisers.all()) == [partner] and list(panel.partners.all()) == [partner]

    photo = Media.objects.get(event=event)
    assert (photo.kind, photo.session, photo.width, photo.height) == ("photo", side, 64, 48)
    assert photo.file.name.endswith(".jpg") and "IMG_0001" not in photo.file.name
    assert photo.thumbnail.name
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and not image.getexif()

    page = client.get(response.url).content.decode()
    assert html_problems(page) == []
    assert "Zz Panel on VLRs" in page and "Zz Director for Planning" in page
    history = client.get(f"/en/manage/tokyo/engagement/{event.pk}/history/").content.decode()
    assert "tokyo-editor" in history and "Zz Panel on VLRs" in history
    listing = client.get("/en/manage/tokyo/engagement/").content.decode()
    assert "Zz Forum on Local Action" in listing and "15–17 July 2024" in listing


def test_editing_keeps_links_and_adds_more_rows(orgs, user) -> None:
    client = signed_in(user, "tokyo-editor")
    client.post("/en/manage/tokyo/engagement/new/", new_event_post())
    event = Event.objects.get(name_en="Zz Forum on Local Action")
    url = f"/en/manage/tokyo/engagement/{event.pk}/"
    page = client.get(url).content.decode()
    assert 'name="sessions-TOTAL_FORMS" value="3"' in page  # two stored, one empty
    assert re.search(r'<option value="2" selected>Session 2</option>', page)
    more = client.get(url + "?more=1").content.decode()
    assert 'name="sessions-TOTAL_FORMS" value="6"' in more
    panel, side = event.sessions.all()
    person = Participation.objects.get(session__event=event)
    photo = Media.objects.get(event=event)
    data = {
        **management("sessions", 2, 2),
        **management("people", 2, 1),
        **management("media", 2, 1),
        "event-name_en": "Zz Forum on Local Action",
        "event-mode": "in_person",
        "event-precision": "month",
        "event-start": "2024-07-15",
        "event-is_published": "on",
        "sessions-0-id": str(panel.pk),
        "sessions-0-event": str(event.pk),
        "sessions-0-kind": "panel",
        "sessions-0-title_en": "Zz Panel on VLRs (renamed)",
        "sessions-0-starts_at": "2024-07-15T10:00",
        "sessions-0-time_zone": "Europe/Berlin",
        "sessions-1-id": str(side.pk),
        "sessions-1-event": str(event.pk),
        "sessions-1-kind": "side_event",
        "sessions-1-title_en": side.title_en,
        "sessions-1-hosted_by_us": "on",
        "people-0-id": str(person.pk),
        "people-0-session_number": "2",
        "people-0-person_en": person.person_en,
        "people-0-role": "presenter",
        "people-1-session_number": "1",
        "people-1-person_en": "Zz Governor",
        "people-1-role": "speaker",
        "media-0-id": str(photo.pk),
        "media-0-event": str(event.pk),
        "media-0-kind": "photo",
        "media-0-session_number": "2",
        "media-0-credit": "Zz TMG (changed)",
        "media-1-kind": "video",
        "media-1-session_number": "1",
        "media-1-url": "youtu.be/dQw4w9WgXcQ",
        "more": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response.url == url + "?more=1"
    event.refresh_from_db()
    assert (event.precision, str(event.start), event.end) == ("month", "2024-07-01", None)
    assert event.sessions.get(pk=panel.pk).title_en == "Zz Panel on VLRs (renamed)"
    governor = Participation.objects.get(person_en="Zz Governor")
    assert governor.session == panel
    photo.refresh_from_db()
    assert photo.credit == "Zz TMG (changed)" and photo.file.name  # the stored photo stays
    video = Media.objects.get(event=event, kind="video")
    assert (video.url, video.provider, video.session) == (
        "https://youtu.be/dQw4w9WgXcQ",
        "youtube",
        panel,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"event-start": "1900-05-01", "event-end": ""}, "event-start",
         "Dates must lie between 1945 and 2100."),
        ({"event-end": "2024-07-01"}, "event-end", "The end cannot be before the start."),
        ({"sessions-0-ends_at": "2024-07-15T09:00"}, "sessions-0-ends_at",
         "The end cannot be before the start."),
        ({"sessions-0-starts_at": "2101-01-01T10:00", "sessions-0-ends_at": ""},
         "sessions-0-starts_at", "Dates must lie between 1945 and 2100."),
        ({"sessions-0-time_zone": "Mars/Olympus"}, "sessions-0-time_zone", "Unknown time zone"),
        ({"media-0-file": SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>",
                                             content_type="image/jpeg")},
         "media-0-file", "photo.jpg is not a JPEG, PNG or WebP image."),
        ({"media-0-file": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0broken" * 20,
                                             content_type="image/jpeg")},
         "media-0-file", "photo.jpg is not a readable image."),
        ({"people-0-session_number": "3"}, "people-0-session_number", "Select a valid choice"),
        ({"event-country": "XX"}, "event-country", "“XX” is not an ISO 3166 country code"),
        ({"event-country": "Japan"}, "event-country", "Use a two-letter country code"),
        ({"partner-country": "xx"}, "partner-country", "“XX” is not an ISO 3166 country code"),
    ],
)  # fmt: skip
def test_bad_input_stores_nothing_and_says_why(
    orgs, user, changes: dict[str, object], field: str, message: str
) -> None:
    counts = [model.objects.count() for model in (Event, Session, Participation, Media, Partner)]
    client = signed_in(user, "tokyo-editor")
    response = client.post("/en/manage/tokyo/engagement/new/", new_event_post(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    # The reason is shown right after the field it is about.
    after = html.split(f'name="{field}"', 1)[1]
    reason = after.split('<p class="error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert message in reason.replace("&#x27;", "'"), (field, reason)
    assert [
        model.objects.count() for model in (Event, Session, Participation, Media, Partner)
    ] == counts
    assert html_problems(html) == []


def test_a_country_code_in_any_case_is_stored_and_named_in_both_languages(
    orgs, user, client, settings
) -> None:
    settings.LOCALSDG_PAGE_CACHE_SECONDS = 0
    editor = signed_in(user, "tokyo-editor")
    post = new_event_post(**{"event-country": " jp ", "partner-country": "Fi"})
    assert editor.post("/en/manage/tokyo/engagement/new/", post).status_code == 302
    event = Event.objects.get(name_en="Zz Forum on Local Action")
    assert event.country == "JP"
    assert Partner.objects.get(name_en="Zz Association of Lakeside Towns").country == "FI"
    english = client.get(f"/en/engagement/events/{event.pk}/").content.decode()
    assert "<dd>Bonn, Japan</dd>" in english
    japanese = client.get(f"/ja/engagement/events/{event.pk}/").content.decode()
    assert "<dd>Bonn, 日本</dd>" in japanese  # the Japanese city is empty: the English one shows


def test_the_directory_refuses_a_code_that_is_no_country(orgs, user) -> None:
    editor = signed_in(user, "tokyo-editor")
    data = {"name_en": "Zz Nowhere Agency", "kind": "ngo", "country": "XX"}
    refused = editor.post("/en/manage/tokyo/partners/", data)
    assert refused.status_code == 200
    assert "“XX” is not an ISO 3166 country code" in refused.content.decode()
    assert not Partner.objects.filter(name_en="Zz Nowhere Agency").exists()
    saved = editor.post("/en/manage/tokyo/partners/", data | {"country": "ke"})
    assert saved.status_code == 302
    assert Partner.objects.get(name_en="Zz Nowhere Agency").country == "KE"


def test_a_participation_may_not_point_at_an_empty_session(orgs, user) -> None:
    client = signed_in(user, "tokyo-editor")
    post = new_event_post(**{"sessions-1-kind": "", "sessions-1-title_en": "",
                             "sessions-1-hosted_by_us": ""})  # fmt: skip
    response = client.post("/en/manage/tokyo/engagement/new/", post)
    assert response.status_code == 200
    assert "Session 2 is empty or being removed" in response.content.decode()
    assert not Event.objects.filter(name_en="Zz Forum on Local Action").exists()


@pytest.mark.parametrize(
    ("existing", "typed"),
    [("UN-Habitat", "UN Habitat"), ("City of Bonn", "Bonn City")],
)
def test_duplicate_partner_warning(orgs, user, existing: str, typed: str) -> None:
    tokyo = orgs["tokyo"]
    known, _ = Partner.objects.get_or_create(
        organisation=tokyo, name_en=existing, defaults={"kind": PartnerKind.CITY_REGION}
    )
    client = signed_in(user, "tokyo-editor")
    post = new_event_post(**{"partner-name_en": typed, "partner-name_ja": ""})
    response = client.post("/en/manage/tokyo/engagement/new/", post)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="duplicate-warning"' in html
    warning = html.split('id="duplicate-warning"', 1)[1].split("</div>", 1)[0]
    assert existing in warning and f'value="existing-{known.pk}"' in warning
    assert "Create anyway" in warning
    assert not Event.objects.filter(name_en="Zz Forum on Local Action").exists()
    assert not Partner.objects.filter(organisation=tokyo, name_en=typed).exists()

    # Choosing the existing partner links it; nothing new enters the directory.
    post = new_event_post(**{"partner-name_en": typed, "partner-name_ja": "",
                             "partner-decision": f"existing-{known.pk}"})  # fmt: skip
    assert client.post("/en/manage/tokyo/engagement/new/", post).status_code == 302
    event = Event.objects.get(name_en="Zz Forum on Local Action")
    assert list(event.organisers.all()) == [known]
    assert not Partner.objects.filter(organisation=tokyo, name_en=typed).exists()

    # "Create anyway" is an explicit decision, and then a new partner is made.
    post = new_event_post(**{"event-name_en": "Zz second", "partner-name_en": typed,
                             "partner-name_ja": "", "partner-decision": "new"})  # fmt: skip
    assert client.post("/en/manage/tokyo/engagement/new/", post).status_code == 302
    assert Partner.objects.filter(organisation=tokyo, name_en=typed).exists()


def test_duplicate_warning_in_the_directory_and_by_japanese_name(orgs, user) -> None:
    tokyo = orgs["tokyo"]
    Partner.objects.get_or_create(
        organisation=tokyo,
        name_en="Zz Kasserine Governorate",
        defaults={"kind": PartnerKind.CITY_REGION, "name_ja": "カスリーン県"},
    )
    client = signed_in(user, "tokyo-editor")
    response = client.post(
        "/en/manage/tokyo/partners/",
        {"name_en": "Zz Governorate of Kasrin", "name_ja": "カスリーン 県", "kind": "city_region"},
    )
    assert response.status_code == 200
    assert "Zz Kasserine Governorate" in response.content.decode().split("duplicate-warning")[1]
    assert not Partner.objects.filter(name_en="Zz Governorate of Kasrin").exists()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UN-Habitat", "UN Habitat"),
        ("UN-Habitat", "ＵＮ－ＨＡＢＩＴＡＴ"),
        ("City of Bonn", "Bonn City"),
        ("City of Buenos Aires", "Buenos Aires"),
        ("Association of Finnish Local Authorities", "Association of Finnish Local Authority"),
    ],
)
def test_similar_names(orgs, a: str, b: str) -> None:
    partner = Partner.objects.create(organisation=orgs["hachioji"], name_en=a, kind="other")
    assert similar_partners(orgs["hachioji"], b) == [partner]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Government of Italy", "Government of Tunisia"), ("UN DESA", "UN ESCAP"),
     ("City of Bonn", "City of Boston")],
)  # fmt: skip
def test_different_names_are_not_flagged(orgs, a: str, b: str) -> None:
    Partner.objects.create(organisation=orgs["hachioji"], name_en=a, kind="other")
    assert similar_partners(orgs["hachioji"], b) == []
    assert name_key(a) != name_key(b)


def test_partner_edit_and_history_of_other_organisations(orgs, user) -> None:
    partner = Partner.objects.create(organisation=orgs["tokyo"], name_en="Zz Agency", kind="ngo")
    event = Event.objects.create(organisation=orgs["tokyo"], name_en="Zz hidden")
    outsider = signed_in(user, "shinjuku-editor")
    for path in [
        f"/en/manage/tokyo/partners/{partner.pk}/",
        f"/en/manage/shinjuku/partners/{partner.pk}/",
        f"/en/manage/shinjuku/engagement/{event.pk}/",
        f"/en/manage/shinjuku/engagement/{event.pk}/history/",
    ]:
        assert outsider.get(path).status_code == 404, path
    editor = signed_in(user, "tokyo-editor")
    url = f"/en/manage/tokyo/partners/{partner.pk}/"
    saved = editor.post(url, {"name_en": "Zz Agency", "name_ja": "Zz 機関", "kind": "un_agency",
                              "country": ""})  # fmt: skip
    assert saved.status_code == 302
    partner.refresh_from_db()
    assert (partner.name_ja, partner.kind) == ("Zz 機関", "un_agency")
    Partner.objects.create(organisation=orgs["tokyo"], name_en="Zz Other", kind="ngo")
    clash = editor.post(url, {"name_en": "Zz Other", "kind": "ngo"})
    assert "already has a partner with this name" in clash.content.decode()


def test_japanese_pages_render(orgs, user) -> None:
    client = signed_in(user, "tokyo-admin")
    for path in ["/ja/manage/tokyo/engagement/", "/ja/manage/tokyo/engagement/new/",
                 "/ja/manage/tokyo/partners/"]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        assert html_problems(response.content.decode()) == [], path
