"""Who serves a goal or a target: every shown initiative of the published plans of the hub and
its published members that serves it, grouped by organisation, with the initial budgets summed
per fiscal year (per organisation and in total), and the short count the portal's goal and
target pages show.

An initiative serves a goal when it lists the goal or one of the goal's targets (see
``common.goal_roles``), and a target when it lists the target. An initiative mapped to several
goals is counted under each, so the sums of two goals must not be added together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from localsdg.framework.models import Goal, Target
from localsdg.i18n import Localized
from localsdg.strategy.models import BudgetKind, BudgetLine, Initiative, Role
from localsdg.strategy.pages.common import (
    InitiativeRow,
    PlanLink,
    StrategyLink,
    fiscal_year_label,
    goal_roles,
    initiative_row,
    money_text,
    plan_link,
    published_initiatives,
    strategy_link,
    tiles_by_number,
)
from localsdg.web.parts import GoalTile, OrgSummary, org_summary


@dataclass(frozen=True)
class ServedRow:
    initiative: InitiativeRow  # with its role for the goal or target
    plan: PlanLink
    strategy: StrategyLink | None


@dataclass(frozen=True)
class OrgGroup:
    org: OrgSummary
    initiatives: tuple[ServedRow, ...]
    primary: int  # how many serve it as a primary goal or target
    budgets: tuple[str, ...]  # the initial budgets summed per fiscal year of the page's table


@dataclass(frozen=True)
class ServingPage:
    goal: GoalTile
    target: str  # the target's code; "" on a goal's page
    title: Localized  # the official title of the goal or target
    portal_url: str
    groups: tuple[OrgGroup, ...]
    years: tuple[str, ...]  # the fiscal years of the budget table, as labels
    totals: tuple[str, ...]  # per fiscal year, over every organisation
    count: int


@dataclass(frozen=True)
class ServingCount:
    org: OrgSummary
    count: int
    primary: int


@dataclass(frozen=True)
class ServingSummary:
    """For the portal's goal and target pages: how many initiatives serve it, per organisation."""

    rows: tuple[ServingCount, ...]
    total: int
    url: str  # the full list


# initiative -> fiscal year -> currency -> amount
Budgets = dict[int, dict[int, dict[str, Decimal]]]


def serving(goal: int | None = None, target: str | None = None) -> list[tuple[Initiative, str]]:
    """The shown initiatives serving a goal or a target, each with its role, in the order the
    pages list them: the hub first, then its members by name, each plan's in its own order."""
    if target is not None:
        candidates = published_initiatives().filter(targets__target=target)
    else:
        candidates = published_initiatives().filter(
            Q(goals__goal=goal) | Q(targets__target__goal=goal)
        )
    found = []
    for initiative in candidates.distinct():
        if target is not None:
            role = next(m.role for m in initiative.targets.all() if m.target_id == target)
        else:
            role = goal_roles(initiative).get(goal or 0, "")
        if role:
            found.append((initiative, role))
    return sorted(found, key=lambda item: listing_order(item[0]))


def listing_order(initiative: Initiative) -> tuple[object, ...]:
    org, plan, strategy = initiative.plan.organisation, initiative.plan, initiative.strategy
    return (
        org.hub_id is not None,
        org.name_en,
        org.pk,
        -plan.start_year,
        plan.slug,
        strategy is None,
        strategy.order if strategy else 0,
        strategy.pk if strategy else 0,
        initiative.order,
        initiative.code,
        initiative.pk,
    )


def initial_budgets(initiatives: list[Initiative]) -> Budgets:
    """Initial budgets as published: initiative -> fiscal year -> currency -> amount."""
    sums: Budgets = defaultdict(lambda: defaultdict(dict))
    lines = BudgetLine.objects.filter(
        initiative__in=[i.pk for i in initiatives], kind=BudgetKind.INITIAL
    )
    for initiative_id, year, currency, amount in lines.values_list(
        "initiative_id", "fiscal_year", "currency", "amount"
    ):
        sums[initiative_id][year][currency] = amount
    return sums


def add_up(budgets: Budgets, ids: list[int], year: int) -> str:
    """The sum of one fiscal year's initial budgets of some initiatives; "" when none has one."""
    total: dict[str, Decimal] = {}
    for pk in ids:
        for currency, amount in budgets.get(pk, {}).get(year, {}).items():
            total[currency] = total.get(currency, Decimal(0)) + amount
    return " + ".join(money_text(total[c], c) for c in sorted(total))


def by_organisation(found: list[tuple[Initiative, str]]) -> list[list[tuple[Initiative, str]]]:
    """The initiatives of each organisation, in the order they were found."""
    groups: dict[int, list[tuple[Initiative, str]]] = {}
    for initiative, role in found:
        groups.setdefault(initiative.plan.organisation_id, []).append((initiative, role))
    return list(groups.values())


def served_row(
    initiative: Initiative, role: str, lang: str, tiles: dict[int, GoalTile]
) -> ServedRow:
    plan = plan_link(initiative.plan, lang)
    strategy = initiative.strategy
    return ServedRow(
        initiative_row(initiative, lang, tiles, role=role),
        plan,
        strategy_link(strategy, plan, lang) if strategy else None,
    )


def org_group(
    members: list[tuple[Initiative, str]],
    budgets: Budgets,
    years: list[int],
    lang: str,
    tiles: dict[int, GoalTile],
) -> OrgGroup:
    ids = [i.pk for i, _role in members]
    return OrgGroup(
        org=org_summary(members[0][0].plan.organisation, lang),
        initiatives=tuple(served_row(i, role, lang, tiles) for i, role in members),
        primary=sum(role == Role.PRIMARY for _i, role in members),
        budgets=tuple(add_up(budgets, ids, year) for year in years),
    )


def serving_page(lang: str, goal: int | None = None, target: str | None = None) -> ServingPage:
    """The initiatives serving goal ``goal`` or target ``target``, grouped by organisation."""
    with translation.override(lang):
        goal_row, target_row = subject(goal, target)
        tiles = tiles_by_number(lang)
        found = serving(goal=goal_row.number if target_row is None else None, target=target)
        budgets = initial_budgets([i for i, _role in found])
        years = sorted({year for pk in budgets for year in budgets[pk]})
        every = [i.pk for i, _role in found]
        if target_row is not None:
            title, portal_url = target_row.title_in(lang), reverse("portal:target", args=[target])
        else:
            title, portal_url = goal_row.title_in(lang), reverse("portal:goal", args=[goal])
        return ServingPage(
            goal=tiles[goal_row.number],
            target=target_row.code if target_row else "",
            title=title,
            portal_url=portal_url,
            groups=tuple(
                org_group(members, budgets, years, lang, tiles)
                for members in by_organisation(found)
            ),
            years=tuple(fiscal_year_label(year, lang) for year in years),
            totals=tuple(add_up(budgets, every, year) for year in years),
            count=len(found),
        )


def subject(goal: int | None, target: str | None) -> tuple[Goal, Target | None]:
    """The goal (and target) a page is about; 404 when there is none such."""
    if target is not None:
        found = Target.objects.select_related("goal").filter(code=target).first()
        if found is None:
            raise Http404(_("There is no target %(code)s.") % {"code": target})
        return found.goal, found
    row = Goal.objects.filter(number=goal).first() if goal is not None else None
    if row is None:
        raise Http404(
            _("There is no goal %(number)s: the goals are numbered 1 to 17.") % {"number": goal}
        )
    return row, None


def serving_summary(
    lang: str, goal: int | None = None, target: str | None = None
) -> ServingSummary | None:
    """How many initiatives serve a goal or target, per organisation; None when none does."""
    found = serving(goal=goal, target=target)
    if not found:
        return None
    rows = tuple(
        ServingCount(
            org=org_summary(members[0][0].plan.organisation, lang),
            count=len(members),
            primary=sum(role == Role.PRIMARY for _i, role in members),
        )
        for members in by_organisation(found)
    )
    url = (
        reverse("strategy:target", args=[target])
        if target is not None
        else reverse("strategy:goal", args=[goal])
    )
    return ServingSummary(rows=rows, total=len(found), url=url)
