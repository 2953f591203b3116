"""What several strategy pages show: an initiative as lists show it, links to plans and
strategies, which goals an initiative serves, and amounts of money as text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from localsdg.core.engagement import year_label
from localsdg.core.strategy.cells import parse_unit
from localsdg.i18n import Localized
from localsdg.orgs.models import Organisation
from localsdg.strategy.models import (
    GoalMapping,
    Initiative,
    InitiativeQuerySet,
    Plan,
    Role,
    Strategy,
    TargetMapping,
)
from localsdg.web.parts import GoalTile, goal_tiles

Tiles = Mapping[int, GoalTile]


@dataclass(frozen=True)
class PlanLink:
    org_slug: str
    slug: str
    name: Localized
    years: str  # "2021–2030"
    url: str


@dataclass(frozen=True)
class StrategyLink:
    number: str
    name: Localized
    url: str  # its place on the plan page

    @property
    def label(self) -> str:
        return _("Strategy %(number)s") % {"number": self.number}


@dataclass(frozen=True)
class InitiativeRow:
    """One initiative as every list shows it (plan page, goal and target lists)."""

    pk: int
    code: str
    name: Localized
    status: str
    status_label: str
    primary_goals: tuple[GoalTile, ...]
    url: str
    role: str = ""  # its role for the goal or target a list is about, when there is one
    role_label: str = ""


def tiles_by_number(lang: str) -> dict[int, GoalTile]:
    return {tile.number: tile for tile in goal_tiles(lang)}


def plan_link(plan: Plan, lang: str) -> PlanLink:
    return PlanLink(
        org_slug=plan.organisation.slug,
        slug=plan.slug,
        name=plan.name(lang),
        years=f"{plan.start_year}–{plan.end_year}",
        url=reverse("strategy:plan", args=[plan.organisation.slug, plan.slug]),
    )


def strategy_anchor(strategy: Strategy) -> str:
    return f"strategy-{strategy.pk}"


def strategy_link(strategy: Strategy, plan: PlanLink, lang: str) -> StrategyLink:
    return StrategyLink(
        strategy.number, strategy.name(lang), f"{plan.url}#{strategy_anchor(strategy)}"
    )


def plan_links(org: Organisation, lang: str) -> tuple[PlanLink, ...]:
    """The published plans of an organisation, newest first (for its page)."""
    plans = Plan.objects.published().for_org(org).select_related("organisation")
    return tuple(plan_link(plan, lang) for plan in plans)


def published_initiatives() -> InitiativeQuerySet:
    """Shown initiatives of published plans, with what their rows and roles need."""
    return (
        Initiative.objects.published()
        .select_related("plan__organisation", "strategy")
        .prefetch_related(
            Prefetch("goals", queryset=GoalMapping.objects.order_by("goal_id")),
            Prefetch("targets", queryset=TargetMapping.objects.select_related("target")),
        )
    )


def goal_roles(initiative: Initiative) -> dict[int, str]:
    """The goals an initiative serves, each with its role (mappings must be prefetched).

    A goal it lists counts with the role given there; a goal it does not list but one of whose
    targets it lists counts too, as primary when one of those targets is primary, so every page
    counts an initiative under the same goals.
    """
    roles: dict[int, str] = {}
    for target in initiative.targets.all():
        goal = target.target.goal_id
        if target.role == Role.PRIMARY or goal not in roles:
            roles[goal] = target.role
    for mapping in initiative.goals.all():
        roles[mapping.goal_id] = mapping.role
    return dict(sorted(roles.items()))


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else ""


def initiative_row(
    initiative: Initiative, lang: str, tiles: Tiles, role: str = ""
) -> InitiativeRow:
    roles = goal_roles(initiative)
    return InitiativeRow(
        pk=initiative.pk,
        code=initiative.code,
        name=initiative.name(lang),
        status=initiative.status,
        status_label=str(initiative.get_status_display()) if initiative.status else "",
        primary_goals=tuple(tiles[g] for g, r in roles.items() if r == Role.PRIMARY and g in tiles),
        url=reverse("strategy:initiative", args=[initiative.pk]),
        role=role,
        role_label=role_label(role),
    )


def fiscal_year_label(year: int, lang: str) -> str:
    return year_label(year, True, lang)


def year_span(start: int | None, end: int | None, lang: str) -> str:
    """An initiative's fiscal years: "FY2024–FY2026", "FY2024", "from FY2024", "until …"."""
    if start and end:
        if start == end:
            return fiscal_year_label(start, lang)
        return f"{fiscal_year_label(start, lang)}–{fiscal_year_label(end, lang)}"
    if start:
        return _("from %(year)s") % {"year": fiscal_year_label(start, lang)}
    if end:
        return _("until %(year)s") % {"year": fiscal_year_label(end, lang)}
    return ""


def unit_factor(unit: str) -> int | None:
    """Currency units per unit as published ("千円" = 1,000), read by the same rules as the
    initiatives tables that stored the amount; None for a unit those rules do not know."""
    if not unit.strip():
        return 1
    parsed = parse_unit(unit)
    return parsed.multiplier if parsed is not None else None


def number_text(value: Decimal) -> str:
    """A decimal with thousands separators and no trailing zeros: 1250000.00 -> "1,250,000"."""
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,f}"
    return f"{value.normalize():,f}"


def money_text(amount: Decimal, currency: str) -> str:
    """An amount in currency units: "1,250,000,000 yen" / "1,250,000,000円"."""
    if currency == "JPY":
        return _("%(amount)s yen") % {"amount": number_text(amount)}
    return f"{number_text(amount)} {currency}"


def published_amount(amount: Decimal, currency: str, unit: str) -> str:
    """The amount in the unit it was published in ("1,250,000 千円"); "" for an unknown unit."""
    factor = unit_factor(unit)
    if factor is None:
        return ""
    if not unit.strip():
        return money_text(amount, currency)
    return f"{number_text(amount / factor)} {unit.strip()}"
