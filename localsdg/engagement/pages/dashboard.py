"""The dashboard: counts of the published record per year, forum series, partner kind, SDG
and country, each row linking to the history filtered to it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from localsdg.core.engagement import year_label
from localsdg.engagement.countries import country_name
from localsdg.engagement.models import PartnerKind
from localsdg.engagement.pages.entries import entries_for, fiscal_years, published_events


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
