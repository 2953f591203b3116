"""Builders for the public engagement record: history, event, partner and dashboard pages.

Each builder returns a frozen object that the HTML templates, the JSON API, the feeds, the CSV
export and the static export all consume, so no surface runs its own queries. Events are reached
only through ``Event.objects.published()`` (published events of published organisations); a
partner is public only while a published event names it as organiser or session partner.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from localsdg.core.engagement import detect_video, format_when, group_year, year_label
from localsdg.engagement.models import (
    DatePrecision,
    Event,
    EventQuerySet,
    Media,
    MediaKind,
    Mode,
    Partner,
    PartnerKind,
    Role,
    Session,
    SessionKind,
)
from localsdg.engagement.text import render_markdown
from localsdg.framework.models import Goal, Target
from localsdg.i18n import Localized, localized, pick
from localsdg.orgs.models import Organisation

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")

# Country names for the codes an engagement record is likely to hold; others show their code.
COUNTRIES: Mapping[str, tuple[str, str]] = {
    "AR": ("Argentina", "アルゼンチン"),
    "AT": ("Austria", "オーストリア"),
    "AU": ("Australia", "オーストラリア"),
    "BD": ("Bangladesh", "バングラデシュ"),
    "BE": ("Belgium", "ベルギー"),
    "BR": ("Brazil", "ブラジル"),
    "CA": ("Canada", "カナダ"),
    "CH": ("Switzerland", "スイス"),
    "CL": ("Chile", "チリ"),
    "CN": ("China", "中国"),
    "CO": ("Colombia", "コロンビア"),
    "DE": ("Germany", "ドイツ"),
    "DK": ("Denmark", "デンマーク"),
    "EG": ("Egypt", "エジプト"),
    "ES": ("Spain", "スペイン"),
    "FI": ("Finland", "フィンランド"),
    "FR": ("France", "フランス"),
    "GB": ("United Kingdom", "英国"),
    "ID": ("Indonesia", "インドネシア"),
    "IN": ("India", "インド"),
    "IT": ("Italy", "イタリア"),
    "JP": ("Japan", "日本"),
    "KE": ("Kenya", "ケニア"),
    "KR": ("Republic of Korea", "韓国"),
    "LK": ("Sri Lanka", "スリランカ"),
    "MX": ("Mexico", "メキシコ"),
    "MY": ("Malaysia", "マレーシア"),
    "NL": ("Netherlands", "オランダ"),
    "NO": ("Norway", "ノルウェー"),
    "NP": ("Nepal", "ネパール"),
    "NZ": ("New Zealand", "ニュージーランド"),
    "PH": ("Philippines", "フィリピン"),
    "PL": ("Poland", "ポーランド"),
    "PT": ("Portugal", "ポルトガル"),
    "RW": ("Rwanda", "ルワンダ"),
    "SE": ("Sweden", "スウェーデン"),
    "SG": ("Singapore", "シンガポール"),
    "TH": ("Thailand", "タイ"),
    "TN": ("Tunisia", "チュニジア"),
    "TR": ("Türkiye", "トルコ"),
    "US": ("United States", "アメリカ合衆国"),
    "VN": ("Viet Nam", "ベトナム"),
    "ZA": ("South Africa", "南アフリカ"),
}
ATTENDANCE = {
    Mode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    Mode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Mode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def country_name(code: str, lang: str) -> str:
    names = COUNTRIES.get(code)
    if names is None:
        return code
    return names[1] if lang == "ja" else names[0]


def fiscal_years() -> bool:
    """Whether the history groups by Japanese fiscal years (LOCALSDG_ENGAGEMENT_YEARS)."""
    return settings.LOCALSDG_ENGAGEMENT_YEARS == "fiscal"


# --- Small parts shared by every page -------------------------------------------------------


@dataclass(frozen=True)
class OrgRef:
    slug: str
    name: Localized
    url: str
    is_sample: bool = False  # demo data: pages show the sample notice


@dataclass(frozen=True)
class GoalBadge:
    number: int
    short_title: Localized
    url: str


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
    goals: tuple[GoalBadge, ...]
    targets: tuple[TargetLink, ...]


@dataclass(frozen=True)
class EventEntry:
    """One event as every list shows it: the history, a partner page, the feeds and the CSV."""

    pk: int
    url: str
    org: OrgRef
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
    goals: tuple[GoalBadge, ...]  # of the event and its sessions, once each
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


def org_ref(org: Organisation, lang: str) -> OrgRef:
    url = reverse("portal:organisation", args=[org.slug])
    return OrgRef(org.slug, org.name(lang), url, org.is_sample)


def goal_badge(goal: Goal, lang: str) -> GoalBadge:
    return GoalBadge(
        goal.number, goal.short_title_in(lang), reverse("portal:goal", args=[goal.number])
    )


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
        country=partner.country,
        country_name=country_name(partner.country, lang),
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
                pick({"en": p.person_en, "ja": p.person_ja}, lang),
                pick({"en": p.title_en, "ja": p.title_ja}, lang),
                p.role,
                str(p.get_role_display()),
            )
            for p in session.participations.all()
        ),
        partners=tuple(partner_link(p, lang) for p in session.partners.all()),
        goals=tuple(goal_badge(g, lang) for g in session.goals.all()),
        targets=tuple(target_link(t, lang) for t in session.targets.all()),
    )


def event_entry(event: Event, lang: str, fiscal: bool) -> EventEntry:
    """An event with everything the lists show (its relations must be prefetched)."""
    sessions = tuple(session_row(s, lang) for s in event.sessions.all())
    organisers = tuple(partner_link(p, lang) for p in event.organisers.all())
    goals = [goal_badge(g, lang) for g in event.goals.all()]
    goals += [badge for s in sessions for badge in s.goals]
    targets = [target_link(t, lang) for t in event.targets.all()]
    targets += [link for s in sessions for link in s.targets]
    partners = unique([*organisers, *(p for s in sessions for p in s.partners)], "pk")
    return EventEntry(
        pk=event.pk,
        url=reverse("engagement:event", args=[event.pk]),
        org=org_ref(event.organisation, lang),
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
        country=event.country,
        country_name=country_name(event.country, lang),
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


# --- Filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the history is narrowed to: the GET parameters of the history page and the API."""

    series: str = ""
    kind: str = ""
    role: str = ""
    partner_kind: str = ""
    country: str = ""
    goal: int | None = None
    org: str = ""
    problems: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return any(
            (
                self.series,
                self.kind,
                self.role,
                self.partner_kind,
                self.country,
                self.goal,
                self.org,
            )
        )

    def apply(self, events: EventQuerySet) -> EventQuerySet:
        """The events matching every filter: one query, without duplicates."""
        matching = events
        if self.series:
            matching = matching.filter(series=self.series)
        if self.kind:
            matching = matching.filter(sessions__kind=self.kind)
        if self.role:
            matching = matching.filter(sessions__participations__role=self.role)
        if self.partner_kind:
            matching = matching.filter(
                Q(organisers__kind=self.partner_kind)
                | Q(sessions__partners__kind=self.partner_kind)
            )
        if self.country:
            matching = matching.filter(country=self.country)
        if self.goal:
            matching = matching.filter(
                Q(goals__number=self.goal)
                | Q(targets__goal_id=self.goal)
                | Q(sessions__goals__number=self.goal)
                | Q(sessions__targets__goal_id=self.goal)
            )
        if self.org:
            matching = matching.filter(organisation__slug=self.org)
        if matching is events:
            return events
        return events.filter(pk__in=matching.values("pk"))


CHOICE_FILTERS = {
    "kind": (SessionKind, lambda: _("session kind")),
    "role": (Role, lambda: _("role")),
    "partner_kind": (PartnerKind, lambda: _("partner kind")),
}


def parse_filters(params: Mapping[str, str | None]) -> Filters:
    """Filters from query parameters; a value that is not valid is left out and explained.

    The forum series must be one that published events use, so no free text reaches a query.
    """
    values: dict[str, object] = {}
    problems: list[str] = []
    for name, (choices, label) in CHOICE_FILTERS.items():
        value = (params.get(name) or "").strip()
        if value and value not in choices.values:
            problems.append(
                _("“%(value)s” is not a known %(filter)s.")
                % {"value": value[:40], "filter": label()}
            )
        elif value:
            values[name] = value
    series = (params.get("series") or "").strip()
    if series and series not in known_series():
        problems.append(_("There is no forum series “%(value)s”.") % {"value": series[:40]})
    elif series:
        values["series"] = series
    country = (params.get("country") or "").strip().upper()
    if country and not COUNTRY.match(country):
        problems.append(_("A country is a two-letter code such as JP."))
    elif country:
        values["country"] = country
    goal = (params.get("goal") or "").strip()
    if goal and not (goal.isdigit() and 1 <= int(goal) <= 17):
        problems.append(_("The goals are numbered 1 to 17."))
    elif goal:
        values["goal"] = int(goal)
    org = (params.get("org") or "").strip()
    if org and not (SLUG.match(org) and Organisation.objects.published().filter(slug=org).exists()):
        problems.append(_("There is no published organisation with this name."))
    elif org:
        values["org"] = org
    return Filters(**values, problems=tuple(problems))  # type: ignore[arg-type]


def known_series() -> list[str]:
    found = Event.objects.published().exclude(series="").values_list("series", flat=True)
    return sorted(set(found))


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class FilterOptions:
    """The choices of the history page's filter form: only values that published events use."""

    series: tuple[Option, ...]
    kinds: tuple[Option, ...]
    roles: tuple[Option, ...]
    partner_kinds: tuple[Option, ...]
    countries: tuple[Option, ...]
    goals: tuple[Option, ...]
    orgs: tuple[Option, ...]


def filter_options(entries: list[EventEntry], lang: str) -> FilterOptions:
    def used(choices: type, values: set[str]) -> tuple[Option, ...]:
        return tuple(Option(v, str(label)) for v, label in choices.choices if v in values)

    sessions = [s for e in entries for s in e.sessions]
    countries = {e.country for e in entries if e.country}
    goals = {g.number: g for e in entries for g in e.goals}
    orgs = {e.org.slug: e.org for e in entries}
    return FilterOptions(
        series=tuple(Option(s, s) for s in sorted({e.series for e in entries if e.series})),
        kinds=used(SessionKind, {s.kind for s in sessions}),
        roles=used(Role, {p.role for s in sessions for p in s.people}),
        partner_kinds=used(PartnerKind, {p.kind for e in entries for p in e.partners}),
        countries=tuple(
            sorted((Option(c, country_name(c, lang)) for c in countries), key=lambda o: o.label)
        ),
        goals=tuple(Option(str(n), f"{n}. {goals[n].short_title.text}") for n in sorted(goals)),
        orgs=tuple(Option(slug, ref.name.text) for slug, ref in sorted(orgs.items())),
    )


# --- History page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearGroup:
    year: int | None
    label: str  # "2024", "FY2024", "Date not recorded"
    entries: tuple[EventEntry, ...]


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class HistoryPage:
    lang: str
    fiscal: bool
    filters: Filters
    options: FilterOptions
    groups: tuple[YearGroup, ...]
    event_count: int
    session_count: int
    session_kinds: tuple[KindCount, ...]
    total_count: int  # published events before filtering

    @property
    def entries(self) -> tuple[EventEntry, ...]:
        return tuple(entry for group in self.groups for entry in group.entries)

    @property
    def sample_org(self) -> OrgRef | None:
        """An organisation of the shown record whose data is sample data, for the notice."""
        return next((entry.org for entry in self.entries if entry.org.is_sample), None)

    @property
    def many_orgs(self) -> bool:
        """Whether entries name their organisation (when several have a record)."""
        return len(self.options.orgs) > 1


def year_groups(entries: list[EventEntry], fiscal: bool, lang: str) -> tuple[YearGroup, ...]:
    """Entries by year heading, newest first; the undated ones in a last group."""
    grouped: dict[int | None, list[EventEntry]] = {}
    for entry in sorted(entries, key=sort_key):
        grouped.setdefault(entry.year, []).append(entry)
    years = sorted((y for y in grouped if y is not None), reverse=True)
    groups = [YearGroup(y, year_label(y, fiscal, lang), tuple(grouped[y])) for y in years]
    if None in grouped:
        groups.append(YearGroup(None, _("Date not recorded"), tuple(grouped[None])))
    return tuple(groups)


def entries_for(events: EventQuerySet, lang: str, fiscal: bool) -> list[EventEntry]:
    return sorted((event_entry(e, lang, fiscal) for e in events), key=sort_key)


def history_page(lang: str, params: Mapping[str, str | None] | None = None) -> HistoryPage:
    """The record of published events by year, narrowed by ``params`` (the GET filters)."""
    with translation.override(lang):
        fiscal = fiscal_years()
        filters = parse_filters(params or {})
        every = entries_for(published_events(), lang, fiscal)
        shown = (
            entries_for(filters.apply(published_events()), lang, fiscal)
            if filters.active
            else every
        )
        counts = Counter(s.kind for e in shown for s in e.sessions)
        return HistoryPage(
            lang=lang,
            fiscal=fiscal,
            filters=filters,
            options=filter_options(every, lang),
            groups=year_groups(shown, fiscal, lang),
            event_count=len(shown),
            session_count=sum(counts.values()),
            session_kinds=tuple(
                KindCount(kind, str(label), counts[kind])
                for kind, label in SessionKind.choices
                if counts[kind]
            ),
            total_count=len(every),
        )


# --- Event page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoItem:
    title: Localized
    url: str
    provider: str
    provider_label: str
    embed_url: str  # set only for allow-listed embeds (YouTube in privacy mode)
    session: str  # the session's title it belongs to, or ""


@dataclass(frozen=True)
class DocumentItem:
    title: Localized
    kind_label: str
    url: str
    is_upload: bool


@dataclass(frozen=True)
class PhotoItem:
    title: Localized
    caption: Localized
    credit: str
    url: str  # the full image
    thumbnail_url: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class EventPage:
    entry: EventEntry
    summary: Localized
    outcomes: Localized
    videos: tuple[VideoItem, ...]
    documents: tuple[DocumentItem, ...]
    photos: tuple[PhotoItem, ...]
    lang: str

    def json_ld(self, page_url: str) -> dict[str, object]:
        """schema.org Event with its sessions as subEvent, dates only as precise as known."""
        entry = self.entry
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": entry.name.text,
            "url": page_url,
            "inLanguage": self.lang,
        }
        if self.summary.text:
            data["description"] = plain_text(self.summary.text)
        data |= iso_dates(entry.precision, entry.start, entry.end)
        if entry.mode in ATTENDANCE:
            data["eventAttendanceMode"] = ATTENDANCE[entry.mode]
        if entry.city.text or entry.country:
            address = {"@type": "PostalAddress", "addressLocality": entry.city.text or None}
            address["addressCountry"] = entry.country or None
            data["location"] = {
                "@type": "Place",
                "name": entry.place,
                "address": {k: v for k, v in address.items() if v},
            }
        if entry.organisers:
            data["organizer"] = [organisation_ld(p.name.text, p.url) for p in entry.organisers]
        performers = [role_ld(p) for s in entry.sessions for p in s.people]
        if performers:
            data["performer"] = performers
        data["contributor"] = organisation_ld(entry.org.name.text, entry.org.url, government=True)
        if entry.goals:
            data["about"] = [goal_ld(g) for g in entry.goals]
        if entry.sessions:
            data["subEvent"] = [session_ld(s, entry) for s in entry.sessions]
        if self.videos:
            data["recordedIn"] = [
                {"@type": "VideoObject", "name": v.title.text or entry.name.text, "url": v.url}
                for v in self.videos
            ]
        return data


def plain_text(markdown: str) -> str:
    """Markdown as the plain text it shows, for metadata (sanitized first, then untagged)."""
    return html.unescape(strip_tags(render_markdown(markdown))).strip()


def iso_dates(precision: str, start: date | None, end: date | None) -> dict[str, str]:
    """startDate (and endDate) cut to what is known; nothing for fiscal years or unknown dates."""
    if start is None:
        return {}
    if precision == DatePrecision.DAY:
        dates = {"startDate": start.isoformat()}
        if end and end != start:
            dates["endDate"] = end.isoformat()
        return dates
    if precision == DatePrecision.MONTH:
        return {"startDate": f"{start.year:04d}-{start.month:02d}"}
    if precision == DatePrecision.YEAR:
        return {"startDate": f"{start.year:04d}"}
    return {}


def organisation_ld(name: str, url: str, government: bool = False) -> dict[str, object]:
    kind = "GovernmentOrganization" if government else "Organization"
    return {"@type": kind, "name": name, "url": url}


def role_ld(person: PersonRole) -> dict[str, object]:
    """A performer in the schema.org Role pattern: who, in what role, with their title."""
    who: dict[str, object] = {"name": person.person.text}
    who["@type"] = "Person" if person.title.text else "Organization"
    if person.title.text:
        who["jobTitle"] = person.title.text
    return {"@type": "PerformanceRole", "roleName": person.role_label, "performer": who}


def goal_ld(goal: GoalBadge) -> dict[str, object]:
    return {
        "@type": "Thing",
        "name": f"SDG {goal.number}: {goal.short_title.text}",
        "url": goal.url,
    }


def session_ld(session: SessionRow, entry: EventEntry) -> dict[str, object]:
    data: dict[str, object] = {
        "@type": "Event",
        "name": session.title.text or session.kind_label,
        "additionalType": session.kind_label,
    }
    if session.starts_at:
        data["startDate"] = session.starts_at.isoformat()
    elif entry.start:
        data |= {"startDate": iso_dates(entry.precision, entry.start, None).get("startDate")}
    if session.ends_at:
        data["endDate"] = session.ends_at.isoformat()
    if session.people:
        data["performer"] = [role_ld(p) for p in session.people]
    if session.hosted_by_us:
        data["organizer"] = organisation_ld(entry.org.name.text, entry.org.url, government=True)
    if session.goals:
        data["about"] = [goal_ld(g) for g in session.goals]
    return {k: v for k, v in data.items() if v is not None}


PROVIDERS = {"youtube": "YouTube", "un_web_tv": "UN Web TV"}


def media_url(media: Media, field: str) -> str:
    value = getattr(media, field)
    return value.url if value else ""


def media_items(
    media: Iterable[Media], sessions: Mapping[int, SessionRow], lang: str
) -> tuple[tuple[VideoItem, ...], tuple[DocumentItem, ...], tuple[PhotoItem, ...]]:
    videos, documents, photos = [], [], []
    for item in media:
        title = item.title(lang)
        if item.kind == MediaKind.VIDEO and item.url:
            video = detect_video(item.url)
            session = sessions.get(item.session_id) if item.session_id else None
            videos.append(
                VideoItem(
                    title=title,
                    url=item.url,
                    provider=video.provider,
                    provider_label=PROVIDERS.get(video.provider, _("Video")),
                    embed_url=video.embed_url,
                    session=session.title.text if session else "",
                )
            )
        elif item.kind == MediaKind.DOCUMENT and (item.url or item.file):
            documents.append(
                DocumentItem(
                    title=title,
                    kind_label=str(item.get_document_kind_display() or _("Document")),
                    url=media_url(item, "file") or item.url,
                    is_upload=bool(item.file),
                )
            )
        elif item.kind == MediaKind.PHOTO and item.file:
            photos.append(
                PhotoItem(
                    title=title,
                    caption=localized(item, "caption", lang),
                    credit=item.credit,
                    url=media_url(item, "file"),
                    thumbnail_url=media_url(item, "thumbnail") or media_url(item, "file"),
                    width=item.width,
                    height=item.height,
                )
            )
    return tuple(videos), tuple(documents), tuple(photos)


def published_event(pk: int) -> Event:
    event = published_events().prefetch_related("media").filter(pk=pk).first()
    if event is None:
        raise Http404(_("There is no published event with this number."))
    return event


def event_page(pk: int, lang: str) -> EventPage:
    with translation.override(lang):
        event = published_event(pk)
        entry = event_entry(event, lang, fiscal_years())
        sessions = {s.pk: s for s in entry.sessions}
        videos, documents, photos = media_items(event.media.all(), sessions, lang)
        return EventPage(
            entry=entry,
            summary=entry.summary,
            outcomes=localized(event, "outcomes", lang),
            videos=videos,
            documents=documents,
            photos=photos,
            lang=lang,
        )


# --- Partner pages ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerEvent:
    entry: EventEntry
    as_organiser: bool
    sessions: tuple[SessionRow, ...]  # the sessions it took part in


@dataclass(frozen=True)
class PartnerPage:
    partner: PartnerLink
    website: str
    description: Localized
    org: OrgRef
    events: tuple[PartnerEvent, ...]


def public_partners() -> Iterable[Partner]:
    """Partners a published event names as organiser or session partner."""
    events = Event.objects.published()
    return (
        Partner.objects.filter(Q(organised_events__in=events) | Q(sessions__event__in=events))
        .distinct()
        .select_related("organisation")
        .order_by("name_en", "pk")
    )


def partner_page(pk: int, lang: str) -> PartnerPage:
    """A partner and everything done with it; 404 unless a published event names it."""
    with translation.override(lang):
        partner = public_partners().filter(pk=pk).first() if 0 < pk < 2**53 else None
        if partner is None:
            raise Http404(_("There is no published partner with this number."))
        named = Event.objects.published().filter(
            Q(organisers=partner) | Q(sessions__partners=partner)
        )
        events = published_events().filter(pk__in=named.values("pk"))
        rows = []
        for entry in entries_for(events, lang, fiscal_years()):
            rows.append(
                PartnerEvent(
                    entry=entry,
                    as_organiser=any(p.pk == partner.pk for p in entry.organisers),
                    sessions=tuple(
                        s for s in entry.sessions if any(p.pk == partner.pk for p in s.partners)
                    ),
                )
            )
        return PartnerPage(
            partner=partner_link(partner, lang),
            website=partner.website,
            description=localized(partner, "description", lang),
            org=org_ref(partner.organisation, lang),
            events=tuple(rows),
        )


@dataclass(frozen=True)
class PartnerRow:
    partner: PartnerLink
    event_count: int


def partner_list(lang: str) -> tuple[PartnerRow, ...]:
    """Every public partner with the number of published events it appears in."""
    with translation.override(lang):
        counts: Counter[int] = Counter()
        for event in published_events():
            entry_partners = {p.pk for p in event.organisers.all()}
            entry_partners |= {p.pk for s in event.sessions.all() for p in s.partners.all()}
            counts.update(entry_partners)
        return tuple(PartnerRow(partner_link(p, lang), counts[p.pk]) for p in public_partners())


# --- Dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int
    url: str = ""  # the history filtered to this row, when a filter exists for it


@dataclass(frozen=True)
class CountTable:
    caption: str
    heading: str  # the first column's heading
    rows: tuple[CountRow, ...]
    id: str = ""

    @property
    def maximum(self) -> int:
        return max((row.count for row in self.rows), default=0)


@dataclass(frozen=True)
class DashboardPage:
    event_count: int
    session_count: int
    partner_count: int
    country_count: int
    tables: tuple[CountTable, ...] = field(default_factory=tuple)


def history_url(**query: object) -> str:
    from urllib.parse import urlencode

    return f"{reverse('engagement:history')}?{urlencode(query)}"


def dashboard_page(lang: str) -> DashboardPage:
    """Counts of the published record: per year, forum series, partner kind, SDG and country."""
    with translation.override(lang):
        fiscal = fiscal_years()
        entries = entries_for(published_events(), lang, fiscal)
        years = Counter(e.year for e in entries)
        per_year = [
            CountRow(str(y), year_label(y, fiscal, lang), years[y])
            for y in sorted((y for y in years if y is not None), reverse=True)
        ]
        if years[None]:
            per_year.append(CountRow("", _("Date not recorded"), years[None]))
        series = Counter(e.series for e in entries if e.series)
        kinds = Counter(k for e in entries for k in {p.kind for p in e.partners})
        goals = Counter(g.number for e in entries for g in e.goals)
        titles = {g.number: g.short_title.text for e in entries for g in e.goals}
        countries = Counter(e.country for e in entries if e.country)
        tables = (
            CountTable(_("Events per year"), _("Year"), tuple(per_year), "per-year"),
            CountTable(
                _("Events per forum series"),
                _("Forum series"),
                tuple(
                    CountRow(s, s, n, history_url(series=s))
                    for s, n in sorted(series.items(), key=lambda i: (-i[1], i[0]))
                ),
                "per-series",
            ),
            CountTable(
                _("Events per partner kind"),
                _("Partner kind"),
                tuple(
                    CountRow(k, str(label), kinds[k], history_url(partner_kind=k))
                    for k, label in PartnerKind.choices
                    if kinds[k]
                ),
                "per-partner-kind",
            ),
            CountTable(
                _("Events per SDG"),
                _("Goal"),
                tuple(
                    CountRow(str(n), f"{n}. {titles[n]}", goals[n], history_url(goal=n))
                    for n in sorted(goals)
                ),
                "per-goal",
            ),
            CountTable(
                _("Events per country"),
                _("Country"),
                tuple(
                    CountRow(c, country_name(c, lang), n, history_url(country=c))
                    for c, n in sorted(countries.items(), key=lambda i: (-i[1], i[0]))
                ),
                "per-country",
            ),
        )
        return DashboardPage(
            event_count=len(entries),
            session_count=sum(len(e.sessions) for e in entries),
            partner_count=len({p.pk for e in entries for p in e.partners}),
            country_count=len(countries),
            tables=tables,
        )


# --- Files for the static export and the sitemap ----------------------------------------------


def event_ids(orgs: Iterable[Organisation] | None = None) -> list[int]:
    events = Event.objects.published()
    if orgs is not None:
        events = events.filter(organisation__in=list(orgs))
    return list(events.order_by("pk").values_list("pk", flat=True))


def partner_ids(orgs: Iterable[Organisation] | None = None) -> list[int]:
    partners = public_partners()
    if orgs is not None:
        partners = partners.filter(organisation__in=list(orgs))  # type: ignore[attr-defined]
    return sorted({p.pk for p in partners})


def media_paths(orgs: Iterable[Organisation] | None = None) -> list[str]:
    """URL paths of the uploaded files published events show (photos, thumbnails, documents)."""
    media = Media.objects.filter(event__in=Event.objects.published())
    if orgs is not None:
        media = media.filter(event__organisation__in=list(orgs))
    paths = set()
    for item in media.order_by("pk"):
        for value in (item.file, item.thumbnail):
            if value:
                paths.add(value.url)
    return sorted(paths)
