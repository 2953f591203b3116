"""A plan's page: its versions (the one in force marked), its strategies in order with their
initiatives, and the strategy × goal matrix whose cells link to the plan's initiatives filtered
by strategy and goal (``?strategy=<number>&goal=<n>``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from localsdg.core.engagement import format_when
from localsdg.i18n import Localized, localized
from localsdg.strategy.models import Initiative, Plan, PlanVersion, Role, Strategy
from localsdg.strategy.pages.common import (
    InitiativeRow,
    PlanLink,
    goal_roles,
    initiative_row,
    plan_link,
    published_initiatives,
    strategy_anchor,
    tiles_by_number,
)
from localsdg.web.parts import GoalTile, OrgSummary, org_summary

NO_STRATEGY = "none"  # the filter value of initiatives that belong to no strategy
HEAT_LEVELS = 4


@dataclass(frozen=True)
class VersionRow:
    name: Localized
    issued: str  # the date as people of the language write it
    url: str
    note: Localized
    in_force: bool


@dataclass(frozen=True)
class StrategyBlock:
    key: str  # the strategy's number, or NO_STRATEGY
    anchor: str
    number: str
    name: Localized
    description: Localized
    initiatives: tuple[InitiativeRow, ...]  # those the filters let through
    count: int  # its shown initiatives, before filtering


@dataclass(frozen=True)
class MatrixCell:
    goal: int
    primary: int
    secondary: int
    url: str  # the plan's initiatives of this cell; "" when there are none
    level: int  # 0 (empty) to HEAT_LEVELS, for shading only

    @property
    def total(self) -> int:
        return self.primary + self.secondary


@dataclass(frozen=True)
class MatrixRow:
    key: str
    number: str
    name: Localized
    url: str  # the plan's initiatives of this strategy
    cells: tuple[MatrixCell, ...]
    total: int  # its initiatives that serve at least one goal


@dataclass(frozen=True)
class MatrixColumn:
    goal: GoalTile
    url: str  # the plan's initiatives serving the goal
    total: MatrixCell  # over every strategy


@dataclass(frozen=True)
class Matrix:
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    total: int


@dataclass(frozen=True)
class PlanFilters:
    strategy: str
    goal: int | None
    label: str  # "Strategy 8 · Goal 11"
    problems: tuple[str, ...]

    @property
    def active(self) -> bool:
        return bool(self.strategy) or self.goal is not None


@dataclass(frozen=True)
class PlanPage:
    plan: PlanLink
    org: OrgSummary
    description: Localized
    website: str
    versions: tuple[VersionRow, ...]
    in_force: VersionRow | None
    strategies: tuple[StrategyBlock, ...]  # in order; initiatives without a strategy last
    matrix: Matrix
    filters: PlanFilters
    initiative_count: int
    shown_count: int  # after filtering


def published_plan(org_slug: str, slug: str) -> Plan:
    plan = (
        Plan.objects.published()
        .select_related("organisation")
        .filter(organisation__slug=org_slug, slug=slug)
        .first()
    )
    if plan is None:
        raise Http404(_("There is no published plan with this name."))
    return plan


def version_rows(plan: Plan, lang: str) -> tuple[VersionRow, ...]:
    current = plan.version_on(timezone.localdate())
    return tuple(
        VersionRow(
            name=version.name(lang),
            issued=format_when("day", version.issued, None, lang),
            url=version.url,
            note=localized(version, "note", lang),
            in_force=current is not None and version.pk == current.pk,
        )
        for version in PlanVersion.objects.filter(plan=plan)
    )


def strategy_key(initiative: Initiative, numbers: Mapping[int, str]) -> str:
    return numbers.get(initiative.strategy_id or 0, NO_STRATEGY)


def read_filters(query: Mapping[str, str], strategies: list[Strategy]) -> PlanFilters:
    """The strategy and goal asked for; a value that names nothing is dropped with a reason."""
    problems = []
    strategy = (query.get("strategy") or "").strip()
    if strategy and strategy != NO_STRATEGY and strategy not in {s.number for s in strategies}:
        problems.append(_("There is no strategy “%(value)s” in this plan.") % {"value": strategy})
        strategy = ""
    goal_text = (query.get("goal") or "").strip()
    goal = int(goal_text) if goal_text.isdigit() and 1 <= int(goal_text) <= 17 else None
    if goal_text and goal is None:
        problems.append(_("“%(value)s” is not a goal number from 1 to 17.") % {"value": goal_text})
    parts = []
    if strategy == NO_STRATEGY:
        parts.append(_("No strategy"))
    elif strategy:
        parts.append(_("Strategy %(number)s") % {"number": strategy})
    if goal is not None:
        parts.append(_("Goal %(number)s") % {"number": goal})
    return PlanFilters(strategy, goal, " · ".join(parts), tuple(problems))


def filtered_url(plan: PlanLink, **query: object) -> str:
    return f"{plan.url}?{urlencode(query)}#initiatives"


def heat(total: int, most: int) -> int:
    return math.ceil(HEAT_LEVELS * total / most) if total and most else 0


def matrix(
    plan: PlanLink,
    keys: list[tuple[str, str, Localized]],
    initiatives: list[tuple[str, dict[int, str]]],
    tiles: dict[int, GoalTile],
) -> Matrix:
    """Strategies × goals: per cell the initiatives of the strategy serving the goal, split by
    role; ``initiatives`` gives each initiative's strategy key and its goals with their roles."""
    goals = tuple(tiles[n] for n in sorted(tiles))
    counts: dict[tuple[str, int], list[int]] = {}
    served: dict[str, int] = {}
    for key, roles in initiatives:
        for goal, role in roles.items():
            pair = counts.setdefault((key, goal), [0, 0])
            pair[role != Role.PRIMARY] += 1
        served[key] = served.get(key, 0) + bool(roles)
    most = max((sum(pair) for pair in counts.values()), default=0)

    def cell(key: str | None, goal: int, primary: int, secondary: int) -> MatrixCell:
        query: dict[str, object] = {"goal": goal}
        if key is not None:
            query = {"strategy": key, **query}
        url = filtered_url(plan, **query) if primary + secondary else ""
        level = heat(primary + secondary, most) if key is not None else 0
        return MatrixCell(goal, primary, secondary, url, level)

    rows = []
    for key, number, name in keys:
        cells = tuple(cell(key, g.number, *counts.get((key, g.number), (0, 0))) for g in goals)
        url = filtered_url(plan, strategy=key)
        rows.append(MatrixRow(key, number, name, url, cells, served.get(key, 0)))
    columns = tuple(
        MatrixColumn(
            goal=g,
            url=filtered_url(plan, goal=g.number),
            total=cell(
                None,
                g.number,
                sum(r.cells[i].primary for r in rows),
                sum(r.cells[i].secondary for r in rows),
            ),
        )
        for i, g in enumerate(goals)
    )
    return Matrix(columns=columns, rows=tuple(rows), total=sum(served.values()))


Group = tuple[str, str, Localized, Localized, str]  # key, number, name, description, anchor


def strategy_groups(
    strategies: list[Strategy], initiatives: list[Initiative], lang: str
) -> list[Group]:
    """The plan's strategies in order, and a last group when some initiatives have none."""
    groups: list[Group] = [
        (s.number, s.number, s.name(lang), s.description(lang), strategy_anchor(s))
        for s in strategies
    ]
    if any(i.strategy_id is None for i in initiatives):
        empty = Localized("", lang, False)
        groups.append((NO_STRATEGY, "", empty, empty, "no-strategy"))
    return groups


def strategy_block(
    group: Group,
    members: list[Initiative],
    roles: dict[int, dict[int, str]],
    filters: PlanFilters,
    lang: str,
    tiles: dict[int, GoalTile],
) -> StrategyBlock:
    """A strategy with those of its initiatives that the filters let through."""
    key, number, name, description, anchor = group
    shown = tuple(
        initiative_row(i, lang, tiles, role=roles[i.pk].get(filters.goal or 0, ""))
        for i in members
        if filters.strategy in ("", key) and (filters.goal is None or filters.goal in roles[i.pk])
    )
    return StrategyBlock(key, anchor, number, name, description, shown, len(members))


def plan_page(org_slug: str, slug: str, lang: str, query: Mapping[str, str]) -> PlanPage:
    """A published plan; 404 for a draft plan or a plan of an unpublished organisation."""
    with translation.override(lang):
        plan = published_plan(org_slug, slug)
        link = plan_link(plan, lang)
        tiles = tiles_by_number(lang)
        strategies = list(Strategy.objects.filter(plan=plan))
        numbers = {s.pk: s.number for s in strategies}
        initiatives = list(published_initiatives().filter(plan=plan))
        filters = read_filters(query, strategies)
        roles = {i.pk: goal_roles(i) for i in initiatives}
        groups = strategy_groups(strategies, initiatives, lang)
        blocks = tuple(
            strategy_block(
                group,
                [i for i in initiatives if strategy_key(i, numbers) == group[0]],
                roles,
                filters,
                lang,
                tiles,
            )
            for group in groups
        )
        keys = [(key, number, name) for key, number, name, _d, _a in groups]
        keyed = [(strategy_key(i, numbers), roles[i.pk]) for i in initiatives]
        versions = version_rows(plan, lang)
        return PlanPage(
            plan=link,
            org=org_summary(plan.organisation, lang),
            description=plan.description(lang),
            website=plan.url,
            versions=versions,
            in_force=next((v for v in versions if v.in_force), None),
            strategies=blocks,
            matrix=matrix(link, keys, keyed, tiles),
            filters=filters,
            initiative_count=len(initiatives),
            shown_count=sum(len(b.initiatives) for b in blocks),
        )
