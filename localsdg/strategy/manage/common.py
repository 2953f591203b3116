"""What the editors' plan screens share: finding a plan or an initiative of the organisation,
the tree of plans → strategies → initiatives with their goals, and the mapping warnings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from localsdg.framework.models import Goal
from localsdg.i18n import Localized
from localsdg.orgs.models import Organisation
from localsdg.strategy.models import GoalMapping, Initiative, Plan, Role, Strategy, TargetMapping
from localsdg.strategy.pages.common import goal_roles


def plan_of(org: Organisation, pk: int) -> Plan:
    """The organisation's plan; another organisation's plan is 404 as if it did not exist."""
    plan = Plan.objects.filter(organisation=org, pk=pk).select_related("organisation").first()
    if plan is None:
        raise Http404(_("This organisation has no such plan."))
    return plan


def initiative_of(org: Organisation, pk: int) -> Initiative:
    initiative = (
        Initiative.objects.filter(plan__organisation=org, pk=pk)
        .select_related("plan__organisation", "strategy")
        .first()
    )
    if initiative is None:
        raise Http404(_("This organisation has no such initiative."))
    return initiative


def public_plan_url(plan: Plan) -> str:
    """The plan's public page, when the public may see it; else ""."""
    if not Plan.objects.published().filter(pk=plan.pk).exists():
        return ""
    return reverse("strategy:plan", args=[plan.organisation.slug, plan.slug])


def public_initiative_url(initiative: Initiative) -> str:
    if not Initiative.objects.published().filter(pk=initiative.pk).exists():
        return ""
    return reverse("strategy:initiative", args=[initiative.pk])


@dataclass(frozen=True)
class GoalBadge:
    number: int
    title: Localized  # the goal's short title


@dataclass(frozen=True)
class InitiativeItem:
    """An initiative as the editors' lists show it: its goals split by role."""

    initiative: Initiative
    primary: tuple[GoalBadge, ...]
    secondary: tuple[GoalBadge, ...]


@dataclass
class StrategyBlock:
    strategy: Strategy | None  # None: the initiatives of no strategy
    items: list[InitiativeItem] = field(default_factory=list)


@dataclass
class PlanBlock:
    plan: Plan
    strategies: list[StrategyBlock]
    public_url: str

    @property
    def count(self) -> int:
        return sum(len(block.items) for block in self.strategies)


def with_mapping(initiatives: Any) -> Any:
    """Initiatives with what their goal badges need, in one query per relation."""
    return initiatives.select_related("strategy").prefetch_related(
        Prefetch("goals", queryset=GoalMapping.objects.order_by("goal_id")),
        Prefetch("targets", queryset=TargetMapping.objects.select_related("target")),
    )


def initiative_item(initiative: Initiative, goals: dict[int, Goal], lang: str) -> InitiativeItem:
    """Goals as public pages count them: listed ones, and those reached through a target."""
    roles = goal_roles(initiative)

    def badges(role: str) -> tuple[GoalBadge, ...]:
        return tuple(
            GoalBadge(number, goals[number].short_title_in(lang))
            for number, given in roles.items()
            if given == role and number in goals
        )

    return InitiativeItem(initiative, badges(Role.PRIMARY), badges(Role.SECONDARY))


def strategy_blocks(
    plan: Plan, initiatives: Iterable[Initiative], goals: dict[int, Goal], lang: str
) -> list[StrategyBlock]:
    """The plan's strategies in order, each with its initiatives; those of no strategy last
    (only when there are any)."""
    blocks = {strategy.pk: StrategyBlock(strategy) for strategy in plan.strategies.all()}
    loose = StrategyBlock(None)
    for initiative in initiatives:
        block = blocks.get(initiative.strategy_id or 0, loose)
        block.items.append(initiative_item(initiative, goals, lang))
    return [*blocks.values(), *([loose] if loose.items else [])]


def plan_blocks(org: Organisation, lang: str) -> list[PlanBlock]:
    """Every plan of the organisation, published or not, as a tree."""
    goals = {goal.number: goal for goal in Goal.objects.all()}
    plans = list(Plan.objects.for_org(org).select_related("organisation"))
    published = set(Plan.objects.published().for_org(org).values_list("pk", flat=True))
    by_plan: dict[int, list[Initiative]] = {plan.pk: [] for plan in plans}
    for initiative in with_mapping(Initiative.objects.for_org(org)):
        by_plan[initiative.plan_id].append(initiative)
    return [
        PlanBlock(
            plan,
            strategy_blocks(plan, by_plan[plan.pk], goals, lang),
            reverse("strategy:plan", args=[org.slug, plan.slug]) if plan.pk in published else "",
        )
        for plan in plans
    ]


def mapping_warnings(initiative: Initiative) -> list[str]:
    """A target of a goal the initiative does not list is worth a second look, not an error
    (the same rule as the initiatives table import)."""
    listed = set(initiative.goals.values_list("goal_id", flat=True))
    if not listed:
        return []
    goals = ", ".join(str(number) for number in sorted(listed))
    return [
        _(
            "Target %(target)s belongs to goal %(goal)s, which this initiative does not list "
            "(goals: %(goals)s)."
        )
        % {"target": mapping.target_id, "goal": mapping.target.goal_id, "goals": goals}
        for mapping in initiative.targets.select_related("target")
        if mapping.target.goal_id not in listed
    ]
