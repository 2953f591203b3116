"""The history page: published events by year, narrowed by the filters of its form (and of
the API's event list, which takes the same parameters)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Q, TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from localsdg.core.engagement import year_label
from localsdg.engagement import countries
from localsdg.engagement.models import Event, EventQuerySet, PartnerKind, Role, SessionKind
from localsdg.engagement.pages.entries import (
    EventEntry,
    entries_for,
    fiscal_years,
    published_events,
    sort_key,
)
from localsdg.orgs.models import Organisation, is_slug
from localsdg.web.parts import OrgSummary


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


CHOICE_FILTERS: dict[str, tuple[type[TextChoices], Callable[[], str]]] = {
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
    country = countries.normalised(params.get("country"))
    reason = countries.problem(country) if country else None
    if reason:
        problems.append(reason)
    elif country:
        values["country"] = country
    goal = (params.get("goal") or "").strip()
    if goal and not (goal.isdigit() and 1 <= int(goal) <= 17):
        problems.append(_("The goals are numbered 1 to 17."))
    elif goal:
        values["goal"] = int(goal)
    org = (params.get("org") or "").strip()
    if org and not (is_slug(org) and Organisation.objects.published().filter(slug=org).exists()):
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


def filter_options(entries: list[EventEntry]) -> FilterOptions:
    def used(choices: type[TextChoices], values: set[str]) -> tuple[Option, ...]:
        return tuple(Option(v, str(label)) for v, label in choices.choices if v in values)

    sessions = [s for e in entries for s in e.sessions]
    names = {e.country: e.country_name for e in entries if e.country}
    goals = {g.number: g for e in entries for g in e.goals}
    orgs = {e.org.slug: e.org for e in entries}
    return FilterOptions(
        series=tuple(Option(s, s) for s in sorted({e.series for e in entries if e.series})),
        kinds=used(SessionKind, {s.kind for s in sessions}),
        roles=used(Role, {p.role for s in sessions for p in s.people}),
        partner_kinds=used(PartnerKind, {p.kind for e in entries for p in e.partners}),
        countries=tuple(
            sorted((Option(c, name) for c, name in names.items()), key=lambda o: o.label)
        ),
        goals=tuple(Option(str(n), f"{n}. {goals[n].short_title.text}") for n in sorted(goals)),
        orgs=tuple(Option(slug, ref.name.text) for slug, ref in sorted(orgs.items())),
    )


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
    def sample_org(self) -> OrgSummary | None:
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
            options=filter_options(every),
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
