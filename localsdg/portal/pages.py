"""Builders for the public pages: one function per page, returning a typed object.

The HTML templates, and later the JSON API and the static exporter, consume these objects, so no
surface runs its own queries. Only published organisations are ever reached from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from localsdg.core.codes import IndicatorId, indicator_id
from localsdg.core.framework import REFERENCE_LANGUAGE, load_framework
from localsdg.framework.models import FrameworkRevision, GlobalIndicator, Goal, Target
from localsdg.i18n import Localized
from localsdg.indicators.models import Indicator, ReportingStatus, Series
from localsdg.orgs.models import Organisation
from localsdg.strategy.pages.common import PlanLink, plan_links
from localsdg.strategy.pages.serving import ServingSummary, serving_summary
from localsdg.web.parts import GoalTile, OrgSummary, goal_tile, goal_tiles, home_org, org_summary


@dataclass(frozen=True)
class IndicatorLinkRow:
    code: str
    name: Localized
    url: str


@dataclass(frozen=True)
class HomePage:
    org: OrgSummary | None
    tiles: tuple[GoalTile, ...]
    indicators: tuple[tuple[GoalTile, tuple[IndicatorLinkRow, ...]], ...] = ()
    plans: tuple[PlanLink, ...] = ()  # its published plans


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    title: Localized
    same_as: str | None


@dataclass(frozen=True)
class TargetRow:
    code: str
    title: Localized
    url: str
    indicators: tuple[IndicatorRow, ...] = ()


@dataclass(frozen=True)
class GoalPage:
    number: int
    short_title: Localized
    title: Localized
    targets: tuple[TargetRow, ...]
    previous: GoalTile | None
    next: GoalTile | None
    initiatives: ServingSummary | None = None  # of the published plans, per organisation

    @property
    def indicator_count(self) -> int:
        return sum(len(target.indicators) for target in self.targets)


@dataclass(frozen=True)
class TargetPage:
    code: str
    title: Localized
    goal: GoalTile
    indicators: tuple[IndicatorRow, ...]
    initiatives: ServingSummary | None = None  # of the published plans, per organisation


@dataclass(frozen=True)
class OrganisationsPage:
    hubs: tuple[OrgSummary, ...]


@dataclass(frozen=True)
class TextSourceRow:
    """One block of translated texts (e.g. the Japanese targets) and the credit it requires."""

    label: str
    source: str  # a description in English, shown when the source asks for no attribution
    licence: str
    attribution: tuple[str, ...]  # shown verbatim, in the language of the texts
    lang: str
    available: bool


@dataclass(frozen=True)
class AboutPage:
    revision: str
    goal_count: int
    target_count: int
    indicator_count: int
    unique_indicator_count: int
    completeness: dict[str, int] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # the UN documents of the English texts
    text_sources: tuple[TextSourceRow, ...] = ()


def home_page(lang: str, org: Organisation | None = None) -> HomePage:
    org = org or home_org()
    summary = org_summary(org, lang, with_members=org.is_hub) if org else None
    tiles = goal_tiles(lang)
    indicators = organisation_indicators(org, lang, tiles) if org else ()
    plans = plan_links(org, lang) if org else ()
    return HomePage(org=summary, tiles=tiles, indicators=indicators, plans=plans)


def organisation_indicators(
    org: Organisation, lang: str, tiles: tuple[GoalTile, ...]
) -> tuple[tuple[GoalTile, tuple[IndicatorLinkRow, ...]], ...]:
    """Published indicators of an organisation, grouped by goal in official order."""
    grouped: dict[int, list[tuple[IndicatorId, IndicatorLinkRow]]] = {}
    for indicator in Indicator.objects.published().filter(organisation=org):
        code = indicator_id(indicator.code)
        url = reverse("portal:indicator", args=[org.slug, indicator.code])
        row = IndicatorLinkRow(code.dotted, indicator.name(lang), url)
        grouped.setdefault(code.goal, []).append((code, row))
    return tuple(
        (tiles[goal - 1], tuple(row for _code, row in sorted(rows, key=lambda item: item[0])))
        for goal, rows in sorted(grouped.items())
    )


def organisation_home(slug: str, lang: str) -> HomePage:
    org = Organisation.objects.published().filter(slug=slug).first()
    if org is None:
        raise Http404(_("There is no published organisation with this name."))
    return home_page(lang, org)


def indicator_rows(indicators: list[GlobalIndicator], lang: str) -> tuple[IndicatorRow, ...]:
    return tuple(IndicatorRow(i.code, i.title_in(lang), i.same_as_id) for i in indicators)


def goal_page(number: int, lang: str) -> GoalPage:
    goal = Goal.objects.filter(number=number).first()
    if goal is None:
        raise Http404(
            _("There is no goal %(number)s: the goals are numbered 1 to 17.") % {"number": number}
        )
    indicators: dict[str, list[GlobalIndicator]] = {}
    for indicator in GlobalIndicator.objects.filter(goal=goal):
        indicators.setdefault(indicator.target_id, []).append(indicator)
    targets = tuple(
        TargetRow(
            code=t.code,
            title=t.title_in(lang),
            url=reverse("portal:target", args=[t.code]),
            indicators=indicator_rows(indicators.get(t.code, []), lang),
        )
        for t in goal.targets.all()
    )
    neighbours = {g.number: g for g in Goal.objects.filter(number__in=[number - 1, number + 1])}
    previous, following = neighbours.get(number - 1), neighbours.get(number + 1)
    return GoalPage(
        number=goal.number,
        short_title=goal.short_title_in(lang),
        title=goal.title_in(lang),
        targets=targets,
        previous=goal_tile(previous, lang) if previous else None,
        next=goal_tile(following, lang) if following else None,
        initiatives=serving_summary(lang, goal=goal.number),
    )


def target_page(code: str, lang: str) -> TargetPage:
    target = Target.objects.select_related("goal").filter(code=code).first()
    if target is None:
        raise Http404(_("There is no target %(code)s.") % {"code": code})
    return TargetPage(
        code=target.code,
        title=target.title_in(lang),
        goal=goal_tile(target.goal, lang),
        indicators=indicator_rows(list(target.indicators.all()), lang),
        initiatives=serving_summary(lang, target=target.code),
    )


def organisations_page(lang: str) -> OrganisationsPage:
    hubs = Organisation.objects.published().hubs().order_by("name_en")
    return OrganisationsPage(hubs=tuple(org_summary(hub, lang, with_members=True) for hub in hubs))


def text_source_rows() -> tuple[TextSourceRow, ...]:
    """Per translated language and block, its source; a block without one is listed as such.

    The attribution lines come from the framework data (``meta.yml``), so the credit shown
    here is always the one recorded with the texts themselves.
    """
    framework = load_framework()
    labels = {
        "goals": _("Goal titles in %(language)s"),
        "targets": _("Target texts in %(language)s"),
        "indicators": _("Indicator texts in %(language)s"),
    }
    rows = []
    for code in [code for code in framework.languages if code != REFERENCE_LANGUAGE]:
        language = get_language_info(code)["name_translated"]
        for block, label in labels.items():
            source = framework.text_source(code, block)
            rows.append(
                TextSourceRow(
                    label=label % {"language": language},
                    source=source.source if source else "",
                    licence=source.licence if source else "",
                    attribution=source.attribution if source else (),
                    lang=code,
                    available=source is not None,
                )
            )
    return tuple(rows)


def about_page(lang: str) -> AboutPage:
    framework = load_framework()
    completeness = {s.language: round(s.percent) for s in framework.stats()}
    revision = FrameworkRevision.objects.first()
    return AboutPage(
        revision=revision.name if revision else framework.revision,
        goal_count=Goal.objects.count(),
        target_count=Target.objects.count(),
        indicator_count=GlobalIndicator.objects.count(),
        unique_indicator_count=GlobalIndicator.objects.filter(same_as__isnull=True).count(),
        completeness=completeness,
        sources=framework.sources,
        text_sources=text_source_rows(),
    )


@dataclass(frozen=True)
class ReportingRow:
    tile: GoalTile | None  # None for the overall row
    counts: tuple[int, ...]  # per reporting status, in ReportingStatus order
    total: int
    disaggregated: int  # indicators with at least one disaggregated series


@dataclass(frozen=True)
class ReportingPage:
    org: OrgSummary
    statuses: tuple[str, ...]  # labels
    overall: ReportingRow
    goals: tuple[ReportingRow, ...]


def reporting_page(slug: str, lang: str) -> ReportingPage:
    """How many published indicators are reported, in progress, …, overall and per goal."""
    org = Organisation.objects.published().filter(slug=slug).first()
    if org is None:
        raise Http404(_("There is no published organisation with this name."))
    indicators = list(Indicator.objects.published().filter(organisation=org))
    split = set(
        Series.objects.filter(indicator__in=indicators)
        .exclude(dimensions="")
        .values_list("indicator_id", flat=True)
    )
    keys = [key for key, _label in ReportingStatus.choices]

    def row(tile: GoalTile | None, members: list[Indicator]) -> ReportingRow:
        counts = tuple(sum(i.reporting_status == key for i in members) for key in keys)
        covered = sum(i.pk in split for i in members)
        return ReportingRow(tile, counts, len(members), covered)

    tiles = goal_tiles(lang)
    by_goal: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_goal.setdefault(indicator_id(indicator.code).goal, []).append(indicator)
    return ReportingPage(
        org=org_summary(org, lang),
        statuses=tuple(str(label) for _key, label in ReportingStatus.choices),
        overall=row(None, indicators),
        goals=tuple(row(tile, by_goal.get(tile.number, [])) for tile in tiles),
    )
