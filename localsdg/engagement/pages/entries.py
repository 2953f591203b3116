"""An event as every list shows it (history, partner page, dashboard, feeds, CSV, API), with
the small parts it is made of: sessions, people, partners and SDG targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from localsdg.core.engagement import format_when, group_year
from localsdg.engagement.countries import country_name
from localsdg.engagement.models import DatePrecision, Event, EventQuerySet, Partner, Session
from localsdg.framework.models import Target
from localsdg.i18n import Localized, localized
from localsdg.web.parts import GoalTile, OrgSummary, goal_tile, org_summary


def fiscal_years() -> bool:
    """Whether the history groups by Japanese fiscal years (LOCALSDG_ENGAGEMENT_YEARS)."""
    return settings.LOCALSDG_ENGAGEMENT_YEARS == "fiscal"


@dataclass(frozen=True)
class TargetLink:
    code: str
    title: Localized
    url: str


@dataclass(frozen=True)
class PartnerLink:
    pk: int
    name: Localized
    kind: str
    kind_label: str
    country: str
    country_name: str
    url: str


@dataclass(frozen=True)
class PersonRole:
    person: Localized
    title: Localized
    role: str
    role_label: str


@dataclass(frozen=True)
class SessionRow:
    pk: int
    kind: str
    kind_label: str
    title: Localized
    summary: Localized
    starts_at: datetime | None
    ends_at: datetime | None
    time_zone: str
    time: str  # "15 July 2024, 13:15–14:30 (America/New_York)" or ""
    hosted_by_us: bool
    people: tuple[PersonRole, ...]
    partners: tuple[PartnerLink, ...]
    goals: tuple[GoalTile, ...]
    targets: tuple[TargetLink, ...]


@dataclass(frozen=True)
class EventEntry:
    """One event as every list shows it: the history, a partner page, the feeds and the CSV."""

    pk: int
    url: str
    org: OrgSummary
    name: Localized
    summary: Localized
    series: str
    edition: str
    precision: str
    start: date | None
    end: date | None
    when: str  # the date at its precision, "" when unknown
    year: int | None  # the year heading it is listed under
    city: Localized
    country: str
    country_name: str
    mode: str
    mode_label: str
    organisers: tuple[PartnerLink, ...]
    sessions: tuple[SessionRow, ...]
    partners: tuple[PartnerLink, ...]  # organisers and session partners, once each
    goals: tuple[GoalTile, ...]  # of the event and its sessions, once each
    targets: tuple[TargetLink, ...]
    updated: datetime

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.city.text, self.country_name) if part)

    @property
    def series_edition(self) -> str:
        if self.edition and self.series and self.series in self.edition:
            return self.edition
        return " ".join(part for part in (self.series, self.edition) if part)


def target_link(target: Target, lang: str) -> TargetLink:
    return TargetLink(
        target.code, target.title_in(lang), reverse("portal:target", args=[target.code])
    )


def partner_link(partner: Partner, lang: str) -> PartnerLink:
    return PartnerLink(
        pk=partner.pk,
        name=partner.name(lang),
        kind=partner.kind,
        kind_label=str(partner.get_kind_display()),
        country=partner.country.code,
        country_name=country_name(partner.country.code, lang),
        url=reverse("engagement:partner", args=[partner.pk]),
    )


def session_time(session: Session, lang: str) -> str:
    """When a session ran, in its own time zone when known (else the site's), with the zone."""
    if session.starts_at is None:
        return ""
    try:
        zone = ZoneInfo(session.time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(settings.TIME_ZONE)
    starts = session.starts_at.astimezone(zone)
    text = f"{format_when('day', starts.date(), None, lang)} {starts:%H:%M}"
    if session.ends_at:
        ends = session.ends_at.astimezone(zone)
        if ends.date() == starts.date():
            text += f"–{ends:%H:%M}"
        else:
            text += f" – {format_when('day', ends.date(), None, lang)} {ends:%H:%M}"
    return f"{text} ({zone.key})"


def unique(items: Iterable[object], key: str) -> tuple:  # type: ignore[type-arg]
    seen: dict[object, object] = {}
    for item in items:
        seen.setdefault(getattr(item, key), item)
    return tuple(seen.values())


def session_row(session: Session, lang: str) -> SessionRow:
    return SessionRow(
        pk=session.pk,
        kind=session.kind,
        kind_label=str(session.get_kind_display()),
        title=session.title(lang),
        summary=localized(session, "summary", lang),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        time_zone=session.time_zone,
        time=session_time(session, lang),
        hosted_by_us=session.hosted_by_us,
        people=tuple(
            PersonRole(
                localized(p, "person", lang),
                localized(p, "title", lang),
                p.role,
                str(p.get_role_display()),
            )
            for p in session.participations.all()
        ),
        partners=tuple(partner_link(p, lang) for p in session.partners.all()),
        goals=tuple(goal_tile(g, lang) for g in session.goals.all()),
        targets=tuple(target_link(t, lang) for t in session.targets.all()),
    )


def event_entry(event: Event, lang: str, fiscal: bool) -> EventEntry:
    """An event with everything the lists show (its relations must be prefetched)."""
    sessions = tuple(session_row(s, lang) for s in event.sessions.all())
    organisers = tuple(partner_link(p, lang) for p in event.organisers.all())
    goals = [goal_tile(g, lang) for g in event.goals.all()]
    goals += [tile for s in sessions for tile in s.goals]
    targets = [target_link(t, lang) for t in event.targets.all()]
    targets += [link for s in sessions for link in s.targets]
    partners = unique([*organisers, *(p for s in sessions for p in s.partners)], "pk")
    return EventEntry(
        pk=event.pk,
        url=reverse("engagement:event", args=[event.pk]),
        org=org_summary(event.organisation, lang),
        name=event.name(lang),
        summary=localized(event, "summary", lang),
        series=event.series,
        edition=event.edition,
        precision=event.precision,
        start=event.start if event.precision != DatePrecision.UNKNOWN else None,
        end=event.end if event.precision == DatePrecision.DAY else None,
        when=format_when(event.precision, event.start, event.end, lang),
        year=group_year(event.precision, event.start, fiscal),
        city=localized(event, "city", lang),
        country=event.country.code,
        country_name=country_name(event.country.code, lang),
        mode=event.mode,
        mode_label=str(event.get_mode_display()),
        organisers=organisers,
        sessions=sessions,
        partners=partners,
        goals=tuple(sorted(unique(goals, "number"), key=lambda g: g.number)),
        targets=unique(targets, "code"),
        updated=event.updated,
    )


def published_events() -> EventQuerySet:
    """Published events with everything their entries show, in two handfuls of queries."""
    sessions = Session.objects.prefetch_related(
        "participations", "partners", "goals", "targets__goal"
    )
    return (
        Event.objects.published()
        .select_related("organisation")
        .prefetch_related(
            "organisers", "goals", "targets__goal", Prefetch("sessions", queryset=sessions)
        )
    )


def sort_key(entry: EventEntry) -> tuple[bool, int, int]:
    """Newest first, undated events last; on the same date, in the order they were entered."""
    return (entry.year is None, -(entry.start or date.min).toordinal(), entry.pk)


def entries_for(events: EventQuerySet, lang: str, fiscal: bool) -> list[EventEntry]:
    return sorted((event_entry(e, lang, fiscal) for e in events), key=sort_key)
