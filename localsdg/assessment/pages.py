"""Builders for the progress parts of public pages: badges with their "why", the overview of an
organisation's goals, and a hub's comparison of its members. Public data only."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from localsdg.assessment.models import METHOD_CHOICES, Result
from localsdg.assessment.status import StatusLook, look, looks
from localsdg.i18n import Localized
from localsdg.indicators.models import Indicator
from localsdg.indicators.pages import cached_code, series_name
from localsdg.orgs.models import Organisation
from localsdg.web.parts import GoalTile, OrgSummary, goal_tiles, org_summary

ON_TRACK = {"target_achieved", "substantial_progress", "on_track", "maintain_progress", "green"}
NOT_ASSESSED = {"not_available", "not_assessable", "insufficient_data", "no_data", "grey"}


@dataclass(frozen=True)
class Badge:
    look: StatusLook
    explanation: Localized
    method: str
    is_manual: bool


@dataclass(frozen=True)
class SeriesBadge:
    name: str
    badge: Badge


@dataclass(frozen=True)
class IndicatorStatus:
    badge: Badge | None
    series: tuple[SeriesBadge, ...]


def badge(result: Result, lang: str) -> Badge:
    return Badge(look(result.status), result.explanation(lang), result.method, result.is_manual)


def indicator_status(slug: str, code: str, lang: str) -> IndicatorStatus:
    """The status of a published indicator and of each of its series, with their "why"."""
    results = Result.objects.filter(
        indicator__in=Indicator.objects.published().filter(organisation__slug=slug, code=code)
    ).select_related("series")
    head = next((r for r in results if r.level == Result.Level.INDICATOR), None)
    series = tuple(
        SeriesBadge(series_name(r.series) if r.series else _("Total"), badge(r, lang))
        for r in results
        if r.level == Result.Level.SERIES
    )
    return IndicatorStatus(badge(head, lang) if head else None, series)


@dataclass(frozen=True)
class IndicatorBadgeRow:
    code: str
    name: Localized
    url: str
    badge: Badge | None


@dataclass(frozen=True)
class GoalProgress:
    tile: GoalTile
    counts: tuple[tuple[StatusLook, int], ...]
    indicators: tuple[IndicatorBadgeRow, ...]


@dataclass(frozen=True)
class GoalResult:
    """A goal-level result, for methods that assess goals (SDSN's dashboard colours and scores)."""

    tile: GoalTile
    badge: Badge
    score: float | None
    # How many of the goal's indicators the colour rests on, "4/6" (SDSN), and as a phrase.
    coverage: str = ""
    coverage_label: str = ""


def goal_result(result: Result, tile: GoalTile, lang: str) -> GoalResult:
    """A goal result with its coverage, shown beside the colour so a colour resting on one
    indicator of six is never mistaken for one resting on all six."""
    coverage = str(result.details.get("coverage") or "")
    label = _("%(coverage)s indicators with a colour") % {"coverage": coverage} if coverage else ""
    return GoalResult(tile, badge(result, lang), result.score, coverage, label)


@dataclass(frozen=True)
class ProgressPage:
    org: OrgSummary
    method: str
    goals: tuple[GoalProgress, ...]
    totals: tuple[tuple[StatusLook, int], ...]
    dashboard: tuple[GoalResult, ...] = ()
    index_score: float | None = None


def published_org(slug: str) -> Organisation:
    org = Organisation.objects.published().filter(slug=slug).first()
    if org is None:
        raise Http404(_("There is no published organisation with this name."))
    return org


def indicator_badges(
    org: Organisation, lang: str, goal: int | None = None, target: str | None = None
) -> list[IndicatorBadgeRow]:
    """Published indicators with their indicator-level badge, in official code order.

    ``goal`` keeps those under one goal; ``target`` those linked to a target or its indicators.
    """
    indicators = Indicator.objects.published().filter(organisation=org).defer("metadata")
    if target is not None:
        linked = Q(links__target_id=target) | Q(links__global_indicator__target_id=target)
        indicators = indicators.filter(linked).distinct()
    chosen = sorted(
        (i for i in indicators if goal is None or cached_code(i.code).goal == goal),
        key=lambda i: cached_code(i.code),
    )
    results = {
        r.indicator_id: r
        for r in Result.objects.filter(
            organisation=org, level=Result.Level.INDICATOR, indicator__in=[i.pk for i in chosen]
        )
    }
    rows = []
    for indicator in chosen:
        result = results.get(indicator.pk)
        rows.append(
            IndicatorBadgeRow(
                code=cached_code(indicator.code).dotted,
                name=indicator.name(lang),
                url=reverse("portal:indicator", args=[org.slug, indicator.code]),
                badge=badge(result, lang) if result else None,
            )
        )
    return rows


def counted(badges: list[Badge | None]) -> tuple[tuple[StatusLook, int], ...]:
    counts = Counter(b.look.key for b in badges if b is not None)
    return tuple(
        (look(key), n) for key, n in sorted(counts.items(), key=lambda kv: look(kv[0]).rank)
    )


def progress_page(slug: str, lang: str) -> ProgressPage:
    org = published_org(slug)
    rows = indicator_badges(org, lang)
    by_goal: dict[int, list[IndicatorBadgeRow]] = defaultdict(list)
    for row in rows:
        by_goal[cached_code(row.code).goal].append(row)
    goals = tuple(
        GoalProgress(
            tile, counted([r.badge for r in by_goal[tile.number]]), tuple(by_goal[tile.number])
        )
        for tile in goal_tiles(lang)
    )
    method = next((r.badge.method for r in rows if r.badge), "")
    method = str(dict(METHOD_CHOICES).get(method, method))
    tiles = {t.number: t for t in goal_tiles(lang)}
    goal_results = Result.objects.filter(organisation=org, level=Result.Level.GOAL).order_by("goal")
    dashboard = tuple(goal_result(r, tiles[r.goal], lang) for r in goal_results if r.goal in tiles)
    index = Result.objects.filter(organisation=org, level=Result.Level.INDEX).first()
    return ProgressPage(
        org_summary(org, lang),
        method,
        goals,
        counted([r.badge for r in rows]),
        dashboard,
        index.score if index else None,
    )


@dataclass(frozen=True)
class ComparisonCell:
    on_track: int
    assessed: int

    @property
    def share(self) -> int | None:
        return round(100 * self.on_track / self.assessed) if self.assessed else None


@dataclass(frozen=True)
class ComparisonRow:
    org: OrgSummary
    cells: tuple[ComparisonCell, ...]
    progress_url: str


@dataclass(frozen=True)
class ComparisonPage:
    hub: OrgSummary
    tiles: tuple[GoalTile, ...]
    rows: tuple[ComparisonRow, ...]
    on_track_labels: tuple[str, ...]


def comparison_page(slug: str, lang: str) -> ComparisonPage:
    """A hub and its published members: per goal, indicators on track out of those assessed."""
    hub = published_org(slug)
    if not hub.is_hub:
        raise Http404(_("Only a hub organisation has a comparison of its members."))
    orgs = [hub, *hub.members.published().order_by("name_en")]
    results = Result.objects.filter(
        organisation__in=orgs,
        level=Result.Level.INDICATOR,
        indicator__is_published=True,
    ).values_list("organisation_id", "goal", "status")
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for org_id, goal, status in results:
        cells[(org_id, goal or 0)].append(status)
    tiles = goal_tiles(lang)
    rows = tuple(
        ComparisonRow(
            org_summary(org, lang),
            tuple(
                ComparisonCell(
                    sum(s in ON_TRACK for s in cells[(org.pk, t.number)]),
                    sum(
                        s not in ("not_available", "no_data", "grey")
                        for s in cells[(org.pk, t.number)]
                    ),
                )
                for t in tiles
            ),
            reverse("portal:progress", args=[org.slug]),
        )
        for org in orgs
    )
    labels = tuple(looks()[key].label for key in ("target_achieved", "substantial_progress"))
    return ComparisonPage(org_summary(hub, lang), tiles, rows, labels)
