"""Builders for indicator pages: the public page, the chart, a release's diff, downloads.

Like ``portal.pages``, each builder returns a typed object that templates (and later the API and
the static exporter) only render. The public builders reach indicators only through
``Indicator.objects.published()``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from localsdg.core.charts import ChartSpec, Line, Point, TargetLine, render_svg
from localsdg.core.codes import indicator_id
from localsdg.core.formats.dimensions import parse_dimensions
from localsdg.i18n import Localized, localized
from localsdg.indicators.datasets import dataset_for, indicator_csv
from localsdg.indicators.models import (
    DataRelease,
    Indicator,
    Observation,
    ObservationChange,
    Series,
    TargetValue,
)
from localsdg.web.cache import memoized
from localsdg.web.parts import OrgSummary, org_summary

CHART_HEIGHT = 320  # plot and axes; the legend adds a row per drawn series
LEGEND_ROW = 22
MAX_LEGEND_ROWS = 9


def series_name(series: Series) -> str:
    """What a reader calls a series: its label, disaggregation and unit, or 'Total'."""
    parts = [series.series] if series.series else []
    dims = parse_dimensions(series.dimensions)
    parts += [f"{name}: {value}" for name, value in dims.items()]
    if not parts:
        parts.append(_("Total"))
    name = ", ".join(parts)
    return f"{name} ({series.unit})" if series.unit else name


@dataclass(frozen=True)
class LinkRow:
    code: str
    title: Localized
    kind: str
    url: str


@dataclass(frozen=True)
class DataRow:
    series: str
    period: str
    value: str
    flags: str
    footnote: str


@dataclass(frozen=True)
class IndicatorPage:
    org: OrgSummary
    code: str
    dotted: str
    goal: int
    title: Localized
    unit: Localized
    reporting_status: str
    links: tuple[LinkRow, ...]
    chart_svg: str
    rows: tuple[DataRow, ...]
    metadata: tuple[tuple[str, str], ...]
    source: Localized
    source_url: str
    data_updated: datetime | None
    downloads: tuple[tuple[str, str], ...]
    targets: tuple[str, ...]
    previous: tuple[str, str] | None = None  # (dotted code, url) of the neighbours in code order
    next: tuple[str, str] | None = None

    def dataset(self, page_url: str) -> dict[str, object]:
        """schema.org Dataset, so search engines and data portals can find the data."""
        return {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": f"{self.dotted} {self.title.text}",
            "identifier": self.code,
            "url": page_url,
            "inLanguage": self.title.lang,
            "creator": {"@type": "GovernmentOrganization", "name": self.org.name.text},
            "dateModified": self.data_updated.isoformat() if self.data_updated else None,
            "variableMeasured": self.unit.text or None,
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": "text/csv",
                    "name": label,
                    "contentUrl": url,
                }
                for label, url in self.downloads
            ],
        }


def display_value(value: float | None, value_text: str, decimals: int | None) -> str:
    if value is None:
        return value_text or "—"
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    return f"{value:,.10g}" if abs(value) < 1e15 else f"{value:g}"


@dataclass(frozen=True)
class StoredData:
    """An indicator's series and observations, read once for both the chart and the table."""

    series: dict[int, Series]
    # (series id, period, start year, end year, value, value text, flags, footnote), ordered by
    # series, start year and period.
    rows: list[tuple[int, str, int, int, float | None, str, str, str]]

    @classmethod
    def of(cls, indicator: Indicator) -> StoredData:
        series = {s.pk: s for s in indicator.series.all()}
        rows = Observation.objects.filter(series__in=list(series)).order_by(
            "series_id", "start_year", "period"
        )
        return cls(series, list(rows.values_list(*ROW_FIELDS)))


ROW_FIELDS = ("series_id", "period", "start_year", "end_year", "value", "value_text", "flags",
              "footnote")  # fmt: skip


def chart_lines(data: StoredData) -> list[Line]:
    points: dict[int, list[Point]] = defaultdict(list)
    for series_id, period, start, end, value, *_rest in data.rows:
        points[series_id].append(Point(x=(start + end) / 2, y=value, label=period))
    ordered = sorted(
        data.series.values(), key=lambda s: (not s.is_headline, s.unit, s.series, s.dimensions)
    )
    return [
        Line(name=series_name(s), points=tuple(points[s.pk]), is_headline=s.is_headline)
        for s in ordered
        if points[s.pk]
    ]


def chart_for(indicator: Indicator, lang: str, data: StoredData | None = None) -> str:
    data = data or StoredData.of(indicator)
    lines = chart_lines(data)
    headline = next((s for s in data.series.values() if s.is_headline), None)
    target = (
        TargetValue.objects.filter(series=headline).order_by("year").first() if headline else None
    )
    spec = ChartSpec(
        title=indicator.name(lang).text or indicator.code,
        lines=tuple(lines),
        y_label=indicator.unit(lang).text,
        target=TargetLine(value=target.value, year=target.year) if target else None,
        lang=lang,
        decimals=indicator.decimals,
        labels=chart_labels(),
        height=CHART_HEIGHT + LEGEND_ROW * min(len(lines), MAX_LEGEND_ROWS),
    )
    return render_svg(spec)


def chart_labels() -> dict[str, str]:
    """The chart's words and sentence templates in the active language (see core.charts)."""
    return {
        "Target": _("Target"),
        "Year": _("Year"),
        "No data": _("No data"),
        "more_series": _("+{n} more series in the table"),
        "desc_series": _("Line chart of {n} series from {start} to {end}"),
        "desc_latest": _("latest headline value {value} in {period}"),
        "desc_target": _("target {value} by {year}"),
        "desc_target_no_year": _("target {value}"),
        "desc_empty": _("Line chart with no data"),
        "target_label": _("{target}: {value} ({year})"),
        "target_label_no_year": _("{target}: {value}"),
        "sep": _("; "),
        "end": _("."),
    }


def data_rows(indicator: Indicator, data: StoredData) -> tuple[DataRow, ...]:
    names = {pk: series_name(s) for pk, s in data.series.items()}
    return tuple(
        DataRow(
            names[series_id],
            period,
            display_value(value, value_text, indicator.decimals),
            flags,
            footnote,
        )
        for series_id, period, _start, _end, value, value_text, flags, footnote in data.rows
    )


def link_rows(indicator: Indicator, lang: str) -> tuple[LinkRow, ...]:
    rows = []
    for link in indicator.links.select_related("global_indicator", "target", "goal"):
        item = link.global_indicator or link.target or link.goal
        if item is None:
            continue
        target_code = link.target_id or (
            link.global_indicator.target_id if link.global_indicator else ""
        )
        url = (
            reverse("portal:target", args=[target_code])
            if target_code
            else reverse("portal:goal", args=[link.goal_id])
        )
        rows.append(
            LinkRow(
                code=item.code,
                title=item.title_in(lang),
                kind=link.get_kind_display(),
                url=url,
            )
        )
    return tuple(rows)


def indicator_page(slug: str, code: str, lang: str) -> IndicatorPage:
    indicator = (
        Indicator.objects.published()
        .select_related("organisation")
        .filter(organisation__slug=slug, code=code)
        .first()
    )
    if indicator is None:
        raise Http404(_("There is no published indicator %(code)s here.") % {"code": code})
    parsed = indicator_id(indicator.code)
    metadata = indicator.metadata.get(lang) or indicator.metadata.get("en") or {}
    targets = tuple(
        _("%(value)s by %(year)s (%(series)s)")
        % {
            "value": display_value(t.value, "", indicator.decimals),
            "year": t.year,
            "series": series_name(t.series),
        }
        for t in TargetValue.objects.filter(series__indicator=indicator).select_related("series")
    )
    base = reverse("portal:indicator", args=[slug, code])
    previous, following = neighbours(indicator)
    stored = StoredData.of(indicator)
    return IndicatorPage(
        org=org_summary(indicator.organisation, lang),
        code=indicator.code,
        dotted=parsed.dotted,
        goal=parsed.goal,
        title=indicator.name(lang),
        unit=indicator.unit(lang),
        reporting_status=indicator.get_reporting_status_display(),
        links=link_rows(indicator, lang),
        chart_svg=chart_for(indicator, lang, stored),
        rows=data_rows(indicator, stored),
        metadata=tuple((str(k), str(v)) for k, v in metadata.items() if v not in (None, "")),
        source=localized(indicator, "source_organisation", lang),
        source_url=indicator.source_url,
        data_updated=indicator.data_updated,
        downloads=(
            (_("Headline data (CSV)"), f"{base}headline.csv"),
            (_("All series (CSV)"), f"{base}data.csv"),
        ),
        targets=targets,
        previous=previous,
        next=following,
    )


def neighbours(indicator: Indicator) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """The published indicators before and after this one, in official code order."""
    codes = published_codes(indicator.organisation_id)
    at = codes.index(indicator.code)
    slug = indicator.organisation.slug

    def link(other: str) -> tuple[str, str]:
        return cached_code(other).dotted, reverse("portal:indicator", args=[slug, other])

    before = link(codes[at - 1]) if at > 0 else None
    after = link(codes[at + 1]) if at + 1 < len(codes) else None
    return before, after


cached_code = lru_cache(maxsize=8192)(indicator_id)


def published_codes(org_id: int) -> list[str]:
    """The codes of an organisation's published indicators in official order, read once per
    process until published data changes (every indicator page needs its neighbours)."""

    def read() -> list[str]:
        published = Indicator.objects.published().filter(organisation=org_id)
        return sorted(published.values_list("code", flat=True), key=cached_code)

    return memoized(("published-codes", org_id), read)


def published_indicator(slug: str, code: str) -> Indicator:
    indicator = Indicator.objects.published().filter(organisation__slug=slug, code=code).first()
    if indicator is None:
        raise Http404(_("There is no published indicator %(code)s here."))
    return indicator


def csv_download(indicator: Indicator, headline_only: bool) -> bytes:
    """The indicator's published data as a tidy CSV (with series and unit columns)."""
    data = dataset_for(indicator.organisation, codes=[indicator.code], published_only=True)
    return indicator_csv(data, headline_only=headline_only)


@dataclass(frozen=True)
class ChangeRow:
    indicator: str
    series: str
    period: str
    action: str
    before: str
    after: str


def release_diff(release: DataRelease, limit: int = 500) -> tuple[ChangeRow, ...]:
    """What a release did, observation by observation (the first ``limit`` rows)."""
    rows: list[ChangeRow] = []
    changes = ObservationChange.objects.filter(release=release).select_related("series__indicator")
    for change in changes[:limit]:
        rows.append(
            ChangeRow(
                indicator=change.series.indicator.code,
                series=series_name(change.series),
                period=change.period,
                action=change.get_action_display(),
                before=display_value(change.value, change.value_text, None),
                after=display_value(change.new_value, change.new_value_text, None)
                if change.action == ObservationChange.Action.CHANGED
                else "—",
            )
        )
    changed = {(c.series_id, c.period) for c in changes}
    added = Observation.objects.filter(release=release).select_related("series__indicator")
    for observation in added[: max(0, limit - len(rows))]:
        if (observation.series_id, observation.period) in changed:
            continue
        rows.append(
            ChangeRow(
                indicator=observation.series.indicator.code,
                series=series_name(observation.series),
                period=observation.period,
                action=_("Added"),
                before="—",
                after=display_value(observation.value, observation.value_text, None),
            )
        )
    return tuple(rows)


def releases_of(indicator: Indicator, limit: int = 20) -> list[DataRelease]:
    """The releases that set, changed or removed observations of this indicator, newest first."""
    ids = set(
        Observation.objects.filter(series__indicator=indicator).values_list("release_id", flat=True)
    )
    changes = ObservationChange.objects.filter(series__indicator=indicator)
    for release_id, previous_id in changes.values_list("release_id", "previous_release_id"):
        ids |= {release_id, previous_id}
    rollbacks = DataRelease.objects.filter(rolls_back__in=ids).values_list("pk", flat=True)
    ids |= set(rollbacks)
    return list(DataRelease.objects.filter(pk__in=ids).select_related("user")[:limit])
