"""A small engagement record of our own for the public-side tests, next to the demo's.

``make_record`` adds, for the published organisation ``tokyo``, a published event with two
sessions (people, partners, goals), a YouTube video, a UN Web TV video, a video from a host
that must never be embedded, a document and a photo; a draft event of ``tokyo``; and a
published event of the unpublished organisation ``mitaka``. Names carry markers
(``Zz``) so the tests can tell these rows from the demo's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.core.files.base import ContentFile
from PIL import Image

from localsdg.engagement.models import (
    DatePrecision,
    DocumentKind,
    Event,
    Media,
    MediaKind,
    Mode,
    Participation,
    Partner,
    PartnerKind,
    Role,
    Session,
    SessionKind,
)
from localsdg.orgs.models import Organisation

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
UN_WEB_TV = "https://webtv.un.org/en/asset/k1a/k1a2b3c4d5"
OTHER_VIDEO = "https://evil.example.org/embed/clip"
DRAFT_NAME = "Zz draft forum never public"
HIDDEN_NAME = "Zz Mitaka secret forum"
HIDDEN_PARTNER = "Zz Mitaka partner agency"


@dataclass
class Record:
    event: Event
    draft: Event
    hidden: Event
    partner: Partner  # session partner of ``event``
    organiser: Partner  # organiser of ``event``
    draft_only: Partner  # named only by the draft
    hidden_partner: Partner  # of mitaka
    photo: Media


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def make_record(orgs: dict[str, Organisation]) -> Record:
    tokyo, mitaka = orgs["tokyo"], orgs["mitaka"]
    organiser = Partner.objects.create(
        organisation=tokyo,
        name_en="Zz United Nations Example Agency",
        name_ja="Zz国連サンプル機関",
        kind=PartnerKind.UN_AGENCY,
    )
    partner = Partner.objects.create(
        organisation=tokyo,
        name_en="Zz City of Exampleburg",
        name_ja="Zzエグザンプル市",
        kind=PartnerKind.CITY_REGION,
        country="DE",
    )
    draft_only = Partner.objects.create(
        organisation=tokyo, name_en="Zz Draft-only partner", kind=PartnerKind.NGO
    )
    event = Event.objects.create(
        organisation=tokyo,
        name_en="Zz Example Urban Forum 2031",
        name_ja="Zz例示都市フォーラム2031",
        series="ZZF",
        edition="2031",
        city_en="Exampleburg",
        city_ja="エグザンプル",
        country="DE",
        mode=Mode.HYBRID,
        precision=DatePrecision.DAY,
        start=date(2031, 7, 8),
        end=date(2031, 7, 10),
        summary_en="We **presented** the strategy. <script>alert(1)</script>",
        summary_ja="長期戦略を**発表**しました。",
        outcomes_en="Follow-up with [the city](https://example.org/).",
        is_published=True,
    )
    event.organisers.add(organiser)
    event.goals.add(11)
    event.targets.add("11.6")
    panel = Session.objects.create(
        event=event,
        kind=SessionKind.PANEL,
        title_en="Zz Cities and resilience",
        title_ja="Zz都市とレジリエンス",
        starts_at=datetime(2031, 7, 8, 17, 15, tzinfo=UTC),
        ends_at=datetime(2031, 7, 8, 18, 30, tzinfo=UTC),
        time_zone="Europe/Berlin",
        order=1,
    )
    panel.partners.add(partner)
    panel.goals.add(13)
    Participation.objects.create(
        session=panel,
        person_en="Zz Hanako Example",
        person_ja="Zz例示花子",
        title_en="Director",
        title_ja="部長",
        role=Role.PANELIST,
    )
    side = Session.objects.create(
        event=event,
        kind=SessionKind.SIDE_EVENT,
        title_en="Zz Card game workshop",
        hosted_by_us=True,
        order=2,
    )
    Participation.objects.create(session=side, person_en="Zz Policy Office", role=Role.HOST)
    Media.objects.create(event=event, session=panel, kind=MediaKind.VIDEO, url=YOUTUBE,
                         title_en="Zz Panel recording")  # fmt: skip
    Media.objects.create(event=event, kind=MediaKind.VIDEO, url=UN_WEB_TV, title_en="Zz UN Web TV")
    Media.objects.create(event=event, kind=MediaKind.VIDEO, url=OTHER_VIDEO, title_en="Zz Other")
    Media.objects.create(
        event=event,
        kind=MediaKind.DOCUMENT,
        document_kind=DocumentKind.CONCEPT_NOTE,
        url="https://example.org/concept-note.pdf",
        title_en="Zz Concept note",
    )
    photo = Media(event=event, kind=MediaKind.PHOTO, caption_en="Zz The panel on stage",
                  caption_ja="Zz登壇したパネル", credit="Zz Example Agency")  # fmt: skip
    photo.file.save("zz-photo.png", ContentFile(png_bytes()), save=False)
    photo.save()

    draft = Event.objects.create(
        organisation=tokyo,
        name_en=DRAFT_NAME,
        series="ZZDRAFT",
        precision=DatePrecision.MONTH,
        start=date(2032, 3, 1),
        is_published=False,
    )
    Session.objects.create(event=draft, kind=SessionKind.BOOTH).partners.add(draft_only)
    Media.objects.create(event=draft, kind=MediaKind.VIDEO, url=YOUTUBE.replace("dQw", "zzz"))

    hidden_partner = Partner.objects.create(
        organisation=mitaka, name_en=HIDDEN_PARTNER, kind=PartnerKind.ACADEMIA
    )
    hidden = Event.objects.create(
        organisation=mitaka,
        name_en=HIDDEN_NAME,
        name_ja="Zz三鷹の非公開フォーラム",
        series="ZZMITAKA",
        country="FI",
        precision=DatePrecision.YEAR,
        start=date(2030, 1, 1),
        is_published=True,
    )
    hidden.organisers.add(hidden_partner)
    Session.objects.create(event=hidden, kind=SessionKind.PLENARY)
    return Record(event, draft, hidden, partner, organiser, draft_only, hidden_partner, photo)
