"""GET /api/v1/engagement/…: the published engagement record as JSON.

The answers are the page builders' objects (``pages``) in the language asked for, so the API
shows exactly what the history, event and partner pages show, with the same filters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from localsdg.api.schemas import TextOut, checked_lang, errors, text_out
from localsdg.engagement.pages.entries import EventEntry, PartnerLink, SessionRow, TargetLink
from localsdg.engagement.pages.events import event_page
from localsdg.engagement.pages.history import history_page
from localsdg.engagement.pages.partners import partner_list, partner_page
from localsdg.web.parts import GoalTile, OrgSummary

router = Router(tags=["engagement"])

RowId = Annotated[int, Field(ge=1, le=2**53)]
GoalNumber = Annotated[int, Field(ge=1, le=17)]


class OrgRefOut(Schema):
    slug: str
    name: TextOut
    url: str


class GoalRefOut(Schema):
    number: int
    short_title: TextOut
    url: str


class TargetRefOut(Schema):
    code: str
    title: TextOut
    url: str


class PartnerRefOut(Schema):
    id: int
    name: TextOut
    kind: str
    kind_label: str
    country: str
    url: str


class PersonOut(Schema):
    person: TextOut
    title: TextOut
    role: str
    role_label: str


class SessionOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: TextOut
    summary: TextOut
    starts_at: datetime | None
    ends_at: datetime | None
    time_zone: str
    time: str
    hosted_by_us: bool
    people: list[PersonOut]
    partners: list[PartnerRefOut]
    goals: list[GoalRefOut]
    targets: list[TargetRefOut]


class EventOut(Schema):
    id: int
    url: str
    organisation: OrgRefOut
    name: TextOut
    summary: TextOut
    series: str
    edition: str
    precision: str
    start: date | None
    end: date | None
    when: str
    year: int | None
    city: TextOut
    country: str
    mode: str
    mode_label: str
    organisers: list[PartnerRefOut]
    partners: list[PartnerRefOut]
    sessions: list[SessionOut]
    goals: list[GoalRefOut]
    targets: list[TargetRefOut]
    updated: datetime


class VideoOut(Schema):
    title: TextOut
    url: str
    provider: str
    embed_url: str


class DocumentOut(Schema):
    title: TextOut
    kind_label: str
    url: str


class PhotoOut(Schema):
    title: TextOut
    caption: TextOut
    credit: str
    url: str
    thumbnail_url: str
    width: int | None
    height: int | None


class EventDetailOut(EventOut):
    outcomes: TextOut
    videos: list[VideoOut]
    documents: list[DocumentOut]
    photos: list[PhotoOut]


class EventListOut(Schema):
    lang: str
    fiscal_years: bool
    count: int
    total: int
    events: list[EventOut]


class PartnerOut(PartnerRefOut):
    event_count: int


class PartnerEventOut(Schema):
    event: EventOut
    as_organiser: bool
    sessions: list[int]


class PartnerDetailOut(PartnerRefOut):
    website: str
    description: TextOut
    organisation: OrgRefOut
    events: list[PartnerEventOut]


def org_out(org: OrgSummary) -> dict[str, Any]:
    return {"slug": org.slug, "name": text_out(org.name), "url": org.url}


def partner_out(partner: PartnerLink) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "name": text_out(partner.name),
        "kind": partner.kind,
        "kind_label": partner.kind_label,
        "country": partner.country,
        "url": partner.url,
    }


def goal_out(goal: GoalTile) -> dict[str, Any]:
    return {"number": goal.number, "short_title": text_out(goal.short_title), "url": goal.url}


def target_out(target: TargetLink) -> dict[str, Any]:
    return {"code": target.code, "title": text_out(target.title), "url": target.url}


def session_out(session: SessionRow) -> dict[str, Any]:
    return {
        "id": session.pk,
        "kind": session.kind,
        "kind_label": session.kind_label,
        "title": text_out(session.title),
        "summary": text_out(session.summary),
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "time_zone": session.time_zone,
        "time": session.time,
        "hosted_by_us": session.hosted_by_us,
        "people": [
            {
                "person": text_out(p.person),
                "title": text_out(p.title),
                "role": p.role,
                "role_label": p.role_label,
            }
            for p in session.people
        ],
        "partners": [partner_out(p) for p in session.partners],
        "goals": [goal_out(g) for g in session.goals],
        "targets": [target_out(t) for t in session.targets],
    }


def event_out(entry: EventEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "url": entry.url,
        "organisation": org_out(entry.org),
        "name": text_out(entry.name),
        "summary": text_out(entry.summary),
        "series": entry.series,
        "edition": entry.edition,
        "precision": entry.precision,
        "start": entry.start,
        "end": entry.end,
        "when": entry.when,
        "year": entry.year,
        "city": text_out(entry.city),
        "country": entry.country,
        "mode": entry.mode,
        "mode_label": entry.mode_label,
        "organisers": [partner_out(p) for p in entry.organisers],
        "partners": [partner_out(p) for p in entry.partners],
        "sessions": [session_out(s) for s in entry.sessions],
        "goals": [goal_out(g) for g in entry.goals],
        "targets": [target_out(t) for t in entry.targets],
        "updated": entry.updated,
    }


@router.get(
    "/events",
    response={200: EventListOut, **errors(422)},
    summary="Published engagement events, newest first",
)
def events(
    request: HttpRequest,
    lang: str = "en",
    series: str | None = None,
    kind: str | None = None,
    role: str | None = None,
    partner_kind: str | None = None,
    country: str | None = None,
    goal: GoalNumber | None = None,
    org: str | None = None,
) -> dict[str, Any]:
    """Published events of published organisations, filtered like the history page.

    ``series`` is a forum series in use (e.g. HLPF), ``kind`` a session kind, ``role`` a role
    of ours, ``partner_kind`` a kind of organiser or session partner, ``country`` an ISO code
    of the event's country, ``goal`` an SDG number, ``org`` an organisation's slug. A filter
    value that is not valid answers 422 and says why.
    """
    params = {"series": series, "kind": kind, "role": role, "partner_kind": partner_kind}
    params |= {"country": country, "goal": str(goal) if goal else None, "org": org}
    page = history_page(checked_lang(lang), params)
    if page.filters.problems:
        raise HttpError(422, " ".join(page.filters.problems))
    return {
        "lang": page.lang,
        "fiscal_years": page.fiscal,
        "count": page.event_count,
        "total": page.total_count,
        "events": [event_out(entry) for entry in page.entries],
    }


@router.get(
    "/events/{id}",
    response={200: EventDetailOut, **errors(404, 422)},
    summary="One published engagement event",
)
def event(request: HttpRequest, id: RowId, lang: str = "en") -> dict[str, Any]:
    """An event with its sessions, people, partners, topics, videos, documents and photos."""
    page = event_page(id, checked_lang(lang))
    return event_out(page.entry) | {
        "outcomes": text_out(page.outcomes),
        "videos": [
            {
                "title": text_out(v.title),
                "url": v.url,
                "provider": v.provider,
                "embed_url": v.embed_url,
            }
            for v in page.videos
        ],
        "documents": [
            {"title": text_out(d.title), "kind_label": d.kind_label, "url": d.url}
            for d in page.documents
        ],
        "photos": [
            {
                "title": text_out(p.title),
                "caption": text_out(p.caption),
                "credit": p.credit,
                "url": p.url,
                "thumbnail_url": p.thumbnail_url,
                "width": p.width,
                "height": p.height,
            }
            for p in page.photos
        ],
    }


@router.get(
    "/partners",
    response={200: list[PartnerOut], **errors(422)},
    summary="Partners named by published engagement events",
)
def partners(request: HttpRequest, lang: str = "en") -> list[dict[str, Any]]:
    """Organisations met as organisers or session partners, with their number of events."""
    rows = partner_list(checked_lang(lang))
    return [partner_out(row.partner) | {"event_count": row.event_count} for row in rows]


@router.get(
    "/partners/{id}",
    response={200: PartnerDetailOut, **errors(404, 422)},
    summary="One partner and everything done with it",
)
def partner(request: HttpRequest, id: RowId, lang: str = "en") -> dict[str, Any]:
    page = partner_page(id, checked_lang(lang))
    return partner_out(page.partner) | {
        "website": page.website,
        "description": text_out(page.description),
        "organisation": org_out(page.org),
        "events": [
            {
                "event": event_out(row.entry),
                "as_organiser": row.as_organiser,
                "sessions": [s.pk for s in row.sessions],
            }
            for row in page.events
        ],
    }
